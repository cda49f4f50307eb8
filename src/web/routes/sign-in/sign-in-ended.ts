import { ApiError } from '../../api/client.ts';

/** Answers after which a pending sign-in cannot go on: the password must be entered again. */
const SIGN_IN_ENDED_CODES = new Set(['mfa_sign_in_expired', 'mfa_attempts_exceeded', 'unauthenticated']);

export function endsSignIn(error: unknown): boolean {
  return error instanceof ApiError && SIGN_IN_ENDED_CODES.has(error.code);
}
