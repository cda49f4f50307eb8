import { useState } from 'react';
import { Link, useLocation } from 'react-router';
import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMe } from '../me-context.ts';
import { ACCOUNT_SECURITY_PATH } from '../paths.ts';
import { useDateFormat } from '../use-date-format.ts';

const DISMISSED_KEY = 'cairn.enrollmentBannerDismissed';

function dismissedInThisTab(): boolean {
  try {
    return window.sessionStorage.getItem(DISMISSED_KEY) === '1';
  } catch {
    return false;
  }
}

/** During the grace period: two-step verification will be required from the deadline on. */
export function EnrollmentBanner(): React.JSX.Element | null {
  const { t } = useTranslation();
  const me = useMe();
  const location = useLocation();
  const formatDate = useDateFormat();
  const [dismissed, setDismissed] = useState(dismissedInThisTab);
  if (me.mfaEnrollmentDueAt === null || me.mfaEnrollmentRequired || dismissed) return null;
  const onSecurityPage = location.pathname === ACCOUNT_SECURITY_PATH;
  return (
    <Alert
      banner
      type="warning"
      className="enrollment-banner"
      title={
        <span>
          {t('enrollment.banner', { date: formatDate(me.mfaEnrollmentDueAt) })}
          {!onSecurityPage && (
            <>
              {' '}
              <Link to={ACCOUNT_SECURITY_PATH}>{t('enrollment.bannerAction')}</Link>
            </>
          )}
        </span>
      }
      closable={{ 'aria-label': t('enrollment.bannerDismiss') }}
      onClose={() => {
        try {
          window.sessionStorage.setItem(DISMISSED_KEY, '1');
        } catch {
          // Dismissed until the next page load only.
        }
        setDismissed(true);
      }}
    />
  );
}
