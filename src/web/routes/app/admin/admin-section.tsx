import { Link, Outlet, useLocation } from 'react-router';
import { Badge, Menu, Result, Tag } from 'antd';
import type { MenuProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMe } from '../me-context.ts';
import { ADMIN_OUTBOX_PATH, ADMIN_RECOVERY_PATH, ADMIN_SECURITY_PATH, ADMIN_USERS_PATH } from '../paths.ts';
import { useRecoveryRequests } from './recovery-requests-query.ts';
import '../account-recovery.css';

/** The administrator's pages under their own navigation (full width below it: the users table is wide). */
export function AdminSection(): React.JSX.Element {
  const { t } = useTranslation();
  const { user } = useMe();
  const location = useLocation();
  if (user.role !== 'admin') return <Result status="403" title="403" subTitle={t('errors.forbidden')} />;
  return <AdminNavigation pathname={location.pathname} />;
}

function AdminNavigation({ pathname }: { pathname: string }): React.JSX.Element {
  const { t } = useTranslation();
  // People locked out wait on these: the count stays in view on every admin page.
  const pending = useRecoveryRequests('pending').data?.data.length ?? 0;

  const items: MenuProps['items'] = [
    { key: ADMIN_USERS_PATH, label: <Link to={ADMIN_USERS_PATH}>{t('adminNav.users')}</Link> },
    {
      key: ADMIN_RECOVERY_PATH,
      label: (
        <Link to={ADMIN_RECOVERY_PATH}>
          {t('recoveryRequests.nav')}
          {pending > 0 && (
            <Badge count={pending} size="small" className="nav-badge" title={t('recoveryRequests.navPending', { count: pending })} />
          )}
        </Link>
      ),
    },
    { key: ADMIN_SECURITY_PATH, label: <Link to={ADMIN_SECURITY_PATH}>{t('adminNav.security')}</Link> },
    {
      key: ADMIN_OUTBOX_PATH,
      label: (
        <Link to={ADMIN_OUTBOX_PATH}>
          {t('adminNav.outbox')}
          <Tag className="dev-tag">{t('outbox.devTag')}</Tag>
        </Link>
      ),
    },
  ];
  return (
    <div className="admin-section">
      <nav className="admin-nav" aria-label={t('adminNav.label')}>
        <Menu mode="horizontal" items={items} selectedKeys={[pathname]} disabledOverflow />
      </nav>
      <div className="admin-main">
        <Outlet />
      </div>
    </div>
  );
}
