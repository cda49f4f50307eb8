import { i18n } from '../i18n/i18n.ts';

// The server's policy (NIST SP 800-63B-4: length, no composition rules).
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

/** Length in characters as a person counts them (code points, so 密 or an emoji is one). */
export function passwordLength(password: string): number {
  return [...password].length;
}

export type PasswordHint = { text: string; state: 'idle' | 'ok' | 'bad' };

/** The live hint under a new-password field. */
export function passwordHint(password: string): PasswordHint {
  const count = passwordLength(password);
  const limits = { min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH, count };
  if (count === 0) return { text: i18n.t('password.hintIdle', limits), state: 'idle' };
  if (count < PASSWORD_MIN_LENGTH) return { text: i18n.t('password.hintTooShort', limits), state: 'bad' };
  if (count > PASSWORD_MAX_LENGTH) return { text: i18n.t('password.hintTooLong', limits), state: 'bad' };
  return { text: i18n.t('password.hintOk', limits), state: 'ok' };
}

/** The error for a new password that breaks the length policy, or null. */
export function passwordPolicyError(password: string): string | null {
  const count = passwordLength(password);
  if (count < PASSWORD_MIN_LENGTH) return i18n.t('password.tooShort', { min: PASSWORD_MIN_LENGTH });
  if (count > PASSWORD_MAX_LENGTH) return i18n.t('password.tooLong', { max: PASSWORD_MAX_LENGTH });
  return null;
}
