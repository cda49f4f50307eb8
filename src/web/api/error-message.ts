import { i18n } from '../i18n/i18n.ts';
import { ApiError, NETWORK_ERROR_CODE } from './client.ts';

/**
 * The message to show for a failed call, in the interface's language: our own translation
 * of the error code when we have one, else the server's message, else a generic one.
 */
export function errorMessage(error: unknown): string {
  if (!(error instanceof ApiError)) return i18n.t('errors.generic');
  if (error.code === NETWORK_ERROR_CODE) return i18n.t('errors.network');
  const key = `errors.${error.code}`;
  // A 429 that says how long to wait says it in the message too ("…in 5 min").
  if (error.retryAfterSeconds !== undefined && i18n.exists(`${key}_retry`)) {
    return i18n.t(`${key}_retry` as 'errors.too_many_attempts_retry', { minutes: Math.ceil(error.retryAfterSeconds / 60) });
  }
  // The key is only known at run time; `exists` guards it.
  if (i18n.exists(key)) return i18n.t(key as 'errors.generic');
  return error.message !== '' ? error.message : i18n.t('errors.generic');
}
