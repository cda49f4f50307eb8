import { useState } from 'react';
import type { ReactNode } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { App, Avatar, Button, Layout, Menu } from 'antd';
import type { MenuProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { authApi } from '../../api/endpoints.ts';
import { errorMessage } from '../../api/error-message.ts';
import { CairnMark } from '../../components/cairn-mark.tsx';
import { LanguageSwitch } from '../../components/language-switch.tsx';
import { useMe } from './me-context.ts';
import { ACCOUNT_SECURITY_PATH, ADMIN_USERS_PATH } from './paths.ts';
import { EnrollmentBanner } from './security/enrollment-banner.tsx';
import './app-shell.css';

function selectedKey(pathname: string): string {
  if (pathname.startsWith('/admin')) return ADMIN_USERS_PATH;
  if (pathname.startsWith(ACCOUNT_SECURITY_PATH)) return ACCOUNT_SECURITY_PATH;
  if (pathname.startsWith('/account') || pathname === '/change-password') return '/account';
  return '/';
}

/** Top bar (brand, navigation, person, language, sign out) around every signed-in page. */
export function AppShell({ children }: { children: ReactNode }): React.JSX.Element {
  const { t } = useTranslation();
  const me = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [signingOut, setSigningOut] = useState(false);
  const { message } = App.useApp();
  // Until the initial password is replaced, or a required second factor set up, there is nowhere else to go.
  const navigationAllowed = !me.passwordChangeRequired && !me.mfaEnrollmentRequired;

  const items: MenuProps['items'] = [
    { key: '/', label: <Link to="/">{t('shell.home')}</Link> },
    { key: '/account', label: <Link to="/account">{t('shell.account')}</Link> },
    { key: ACCOUNT_SECURITY_PATH, label: <Link to={ACCOUNT_SECURITY_PATH}>{t('shell.security')}</Link> },
    ...(me.user.role === 'admin' ? [{ key: ADMIN_USERS_PATH, label: <Link to={ADMIN_USERS_PATH}>{t('shell.admin')}</Link> }] : []),
  ];

  async function signOut(): Promise<void> {
    setSigningOut(true);
    try {
      await authApi.logout();
    } catch (error) {
      // Leaving for the sign-in page would look signed out while the session lives on (a shared computer).
      void message.error(errorMessage(error));
      setSigningOut(false);
      return;
    }
    queryClient.clear();
    navigate('/login', { replace: true });
  }

  return (
    <Layout className="app-layout">
      <Layout.Header className="app-header">
        <Link to="/" className="app-brand">
          <CairnMark size={26} />
          <span>{t('common.productName')}</span>
        </Link>
        {navigationAllowed ? (
          <nav className="app-nav" aria-label={t('shell.mainNav')}>
            <Menu mode="horizontal" items={items} selectedKeys={[selectedKey(location.pathname)]} disabledOverflow />
          </nav>
        ) : (
          <div className="app-nav" />
        )}
        <div className="app-header-right">
          <LanguageSwitch />
          <span className="app-user">
            <Avatar size={28} className="app-avatar">
              {Array.from(me.user.name.trim())[0]?.toUpperCase() ?? '?'}
            </Avatar>
            <span className="app-user-name">{me.user.name}</span>
          </span>
          <Button onClick={() => void signOut()} loading={signingOut}>
            {t('shell.signOut')}
          </Button>
        </div>
      </Layout.Header>
      {navigationAllowed && <EnrollmentBanner />}
      <Layout.Content className="app-content">{children}</Layout.Content>
    </Layout>
  );
}
