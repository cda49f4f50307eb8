import { useTranslation } from 'react-i18next';

// The reasons of docs/account-security-api.md; any other reads as "not completed".
const KNOWN_REASONS = ['wrong_password', 'account_disabled', 'temporary_password_expired', 'wrong_code', 'expired_code', 'passkey_invalid'] as const;
// The parts of a method as the server joins them: 'password', 'password+totp', 'passkey', …
const KNOWN_METHOD_PARTS = ['password', 'trusted_browser', 'totp', 'sms', 'email', 'passkey', 'recovery_code'] as const;

function isOneOf<T extends string>(values: readonly T[], value: string): value is T {
  return (values as readonly string[]).includes(value);
}

/** Words for a sign-in's method ("password+totp" → "Password + authenticator app") and a failure's reason. */
export function useSignInWords(): { method: (method: string | null) => string; reason: (reason: string | null) => string } {
  const { t } = useTranslation();
  const part = (name: string): string => (isOneOf(KNOWN_METHOD_PARTS, name) ? t(`sessionsAndHistory.history.methods.${name}`) : name);
  return {
    method: (method) => {
      if (method === null) return t('sessionsAndHistory.history.noMethod');
      const [first = '', ...rest] = method.split('+');
      return rest.reduce((text, next) => t('sessionsAndHistory.history.methods.plus', { first: text, second: part(next) }), part(first));
    },
    reason: (reason) => t(`sessionsAndHistory.history.reasons.${reason !== null && isOneOf(KNOWN_REASONS, reason) ? reason : 'other'}`),
  };
}
