import { AppError } from '../../errors.ts';
import type { RequestContext } from '../audit/index.ts';
import { isWrongGuess } from './guess-limit.ts';
import type { GuessLimit } from './guess-limit.ts';
import type { Attempt, MFAService, MFAUser, Proof } from './service.ts';

/**
 * Checks a second-factor proof outside the sign-in (step-up, password reset). Wrong answers
 * count toward the same per-account limit as at sign-in, never toward the password lockout;
 * the last one starts a pause and warns the owner.
 */
export async function verifyCounted(
  deps: { mfa: MFAService; guessLimit: GuessLimit },
  user: MFAUser,
  proof: Proof,
  attempt: Attempt,
  context: RequestContext,
): Promise<void> {
  const reservation = await deps.guessLimit.reserve(user.id);
  try {
    await deps.mfa.verify(user, proof, attempt, context);
  } catch (error) {
    if (!isWrongGuess(error)) await reservation.release();
    else if (reservation.last) {
      const pauseSeconds = await deps.guessLimit.pause(user.id);
      await deps.mfa.warnOfFailures(user, context);
      throw new AppError('mfa_attempts_exceeded', { retryAfterSeconds: pauseSeconds });
    }
    throw error;
  }
  await reservation.succeeded();
}
