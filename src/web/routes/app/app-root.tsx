import { Suspense, useEffect, useState } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { QueryClient, QueryClientProvider, useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, Button, ConfigProvider, Result, Spin } from 'antd';
import type { Locale as AntdLocale } from 'antd/es/locale/index.js';
import enUSModule from 'antd/es/locale/en_US.js';
import zhCNModule from 'antd/es/locale/zh_CN.js';
import { useTranslation } from 'react-i18next';
import { ApiError, MFA_ENROLLMENT_PATH } from '../../api/client.ts';
import { accountApi, authApi } from '../../api/endpoints.ts';
import type { Me } from '../../api/endpoints.ts';
import { PageLoading } from '../../components/page-loading.tsx';
import '../../i18n/account-recovery/register.ts';
import { currentLocale, hasChosenLocale } from '../../i18n/i18n.ts';
import { signInPath } from '../safe-next.ts';
import { AppShell } from './app-shell.tsx';
import { ME_QUERY_KEY, MeContext } from './me-context.ts';
import { ReauthProvider } from './reauth/reauth-provider.tsx';

// antd's ES build has no "type": "module", so TypeScript types these default imports as
// CommonJS namespaces; the bundler (rightly) hands over the default export, a Locale.
const enUS = enUSModule as unknown as AntdLocale;
const zhCN = zhCNModule as unknown as AntdLocale;

const THEME = {
  token: {
    colorPrimary: '#2f54eb',
    borderRadius: 8,
    // The stack with Chinese fonts, defined once in styles/base.css.
    fontFamily: 'var(--font)',
  },
};

function shouldRetry(failureCount: number, error: unknown): boolean {
  // A 4xx answer will not change by asking again.
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;
  return failureCount < 2;
}

/** Everything behind sign-in: data cache, antd in the interface's language, the sign-in guard. */
export function AppRoot(): React.JSX.Element {
  // One cache per signed-in visit: signing out unmounts this, so nobody sees the last person's data.
  const [queryClient] = useState(
    () => new QueryClient({ defaultOptions: { queries: { retry: shouldRetry, refetchOnWindowFocus: false } } }),
  );
  const { i18n } = useTranslation();
  return (
    <QueryClientProvider client={queryClient}>
      {/* No auto space in two-character Chinese buttons (完 成): the labels read as written, as on the sign-in page. */}
      <ConfigProvider locale={i18n.language === 'zh-CN' ? zhCN : enUS} theme={THEME} button={{ autoInsertSpace: false }}>
        <AntdApp>
          <SignedInGuard />
        </AntdApp>
      </ConfigProvider>
    </QueryClientProvider>
  );
}

function SignedInGuard(): React.JSX.Element {
  const { t } = useTranslation();
  const location = useLocation();
  const me = useQuery({ queryKey: ME_QUERY_KEY, queryFn: authApi.me });
  useLocaleSync(me.data);

  if (me.isPending) return <PageLoading />;
  if (me.isError) {
    if (me.error instanceof ApiError && me.error.status === 401) {
      return <Navigate to={signInPath(location.pathname + location.search)} replace />;
    }
    return (
      <Result
        status="error"
        title={t('errors.generic')}
        extra={
          <Button type="primary" onClick={() => void me.refetch()}>
            {t('common.retry')}
          </Button>
        }
      />
    );
  }
  if (me.data.passwordChangeRequired && location.pathname !== '/change-password') {
    return <Navigate to="/change-password" replace />;
  }
  if (!me.data.passwordChangeRequired && me.data.mfaEnrollmentRequired && location.pathname !== MFA_ENROLLMENT_PATH) {
    return <Navigate to={MFA_ENROLLMENT_PATH} replace />;
  }
  return (
    <MeContext value={me.data}>
      <ReauthProvider>
        <AppShell>
          <Suspense fallback={<Spin className="app-page-loading" />}>
            <Outlet />
          </Suspense>
        </AppShell>
      </ReauthProvider>
    </MeContext>
  );
}

/**
 * A language picked in this browser (possibly on the sign-in page, before the server knew who
 * it was) is saved on the account, so mail and other devices use it too.
 */
function useLocaleSync(me: Me | undefined): void {
  const queryClient = useQueryClient();
  const { i18n } = useTranslation();
  useEffect(() => {
    // The server takes the language even before a forced password change.
    if (me === undefined || !hasChosenLocale()) return;
    const locale = currentLocale();
    if (me.user.locale === locale) return;
    accountApi
      .setLocale(locale)
      .then(({ user }) => queryClient.setQueryData<Me>(ME_QUERY_KEY, (old) => (old ? { ...old, user } : old)))
      .catch(() => undefined); // Not saved on the server; the interface is still in the chosen language.
  }, [me, i18n.language, queryClient]);
}
