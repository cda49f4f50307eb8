import { ApiError } from '../../api/client.ts';
import { errorMessage } from '../../api/error-message.ts';
import { i18n } from '../../i18n/i18n.ts';

const SECONDS_PER_HOUR = 3600;
const ns = 'recovery';

/**
 * A failed recovery call in words: the recovery pages' own wording for their codes (so it
 * follows a language switch), a daily limit in hours, and the general messages otherwise.
 */
export function recoveryErrorMessage(error: unknown): string {
  if (!(error instanceof ApiError)) return errorMessage(error);
  const wait = error.retryAfterSeconds;
  // 5 links a day per identifier, 3 wrong answers a day: say "about N h", not "1440 min".
  if (error.code === 'too_many_attempts' && wait !== undefined && wait >= SECONDS_PER_HOUR) {
    return i18n.t('errors.too_many_today', { ns, hours: Math.ceil(wait / SECONDS_PER_HOUR) });
  }
  // The keys are only known at run time; `exists` guards them.
  const key = `errors.${error.code}`;
  if (wait !== undefined && i18n.exists(`${key}_retry`, { ns })) {
    return i18n.t(`${key}_retry` as 'errors.mfa_attempts_exceeded_retry', { ns, minutes: Math.ceil(wait / 60) });
  }
  if (i18n.exists(key, { ns })) return i18n.t(key as 'errors.reset_link_invalid', { ns });
  return errorMessage(error);
}

export function hasCode(error: unknown, ...codes: string[]): boolean {
  return error instanceof ApiError && codes.includes(error.code);
}
