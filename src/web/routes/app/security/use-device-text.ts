import { useTranslation } from 'react-i18next';
import type { AccountSession } from '../../../api/account-sessions.ts';

type DeviceFields = Pick<AccountSession, 'browser' | 'os'>;

/** "Chrome 131 on Windows 10", with words for what the User-Agent did not tell. */
export function useDeviceText(): (device: DeviceFields) => string {
  const { t } = useTranslation();
  return ({ browser, os }) =>
    browser === null && os === null
      ? t('sessionsAndHistory.device.unknownDevice')
      : t('sessionsAndHistory.device.browserOnOS', {
          browser: browser ?? t('sessionsAndHistory.device.unknownBrowser'),
          os: os ?? t('sessionsAndHistory.device.unknownOS'),
        });
}
