import { AppError } from '../../errors.ts';

/** Issue 5 default (NIST SP 800-63B-4 requires ≥ 15 without a second factor, ≥ 8 with one). */
export const PASSWORD_MIN_LENGTH = 12;
/** NIST SP 800-63B-4 asks verifiers to accept at least 64; 256 bounds the hashing cost. */
export const PASSWORD_MAX_LENGTH = 256;

/** Length in Unicode code points, as NIST counts it (an emoji or 汉字 is one character). */
export function passwordLength(password: string): number {
  let count = 0;
  for (const _ of password) count++;
  return count;
}

export function assertNotTooLong(password: string): void {
  if (passwordLength(password) > PASSWORD_MAX_LENGTH) throw new AppError('password_too_long');
}

/** The rules a newly chosen password must meet. */
export function assertAcceptableNewPassword(password: string): void {
  assertNotTooLong(password);
  if (passwordLength(password) < PASSWORD_MIN_LENGTH) throw new AppError('password_too_short');
}
