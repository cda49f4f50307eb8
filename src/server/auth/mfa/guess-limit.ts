import { AppError } from '../../errors.ts';
import type { Clock } from '../../infra/clock.ts';
import type { Counters } from '../../infra/counters.ts';

/**
 * Wrong second-factor answers per account, across sign-ins and re-authentications, before
 * code entry pauses. Counted apart from wrong passwords (DESIGN.md; Keycloak issue 46164), and
 * counted before the answer is checked, so concurrent guesses cannot all be checked.
 */
export const WRONG_FACTOR_ANSWERS_BEFORE_PAUSE = 5;
/** Each pause is longer than the last within a day: a 6-digit code then takes years to guess. */
const PAUSES_MILLISECONDS = [1, 5, 15, 60].map((minutes) => minutes * 60 * 1000);
const MEMORY_MILLISECONDS = 24 * 60 * 60 * 1000;

export interface GuessReservation {
  /** This try is the last before a pause, should it be wrong. */
  readonly last: boolean;
  /** The try was not a wrong guess (expired code, method not available...): give it back. */
  release(): Promise<void>;
  /** The answer was right: the count starts again. */
  succeeded(): Promise<void>;
}

export interface GuessLimit {
  /** Throws mfa_attempts_exceeded while code entry is paused or the allowance is used up. */
  reserve(userId: string): Promise<GuessReservation>;
  /** Starts the next pause after the last wrong answer; answers its length in seconds. */
  pause(userId: string): Promise<number>;
}

export function createGuessLimit(deps: { counters: Counters; clock: Clock }): GuessLimit {
  const { counters, clock } = deps;
  const wrongKey = (userId: string): string => `mfa-wrong:${userId}`;
  const pauseKey = (userId: string): string => `mfa-pause:${userId}`;
  const pausesKey = (userId: string): string => `mfa-pauses:${userId}`;
  return {
    reserve: async (userId) => {
      const now = clock.now();
      const paused = await counters.get(pauseKey(userId), now);
      if (paused) throw new AppError('mfa_attempts_exceeded', { retryAfterSeconds: Math.ceil((paused.expiresAt - now) / 1000) });
      const counted = await counters.increment(wrongKey(userId), MEMORY_MILLISECONDS, now);
      if (counted.count > WRONG_FACTOR_ANSWERS_BEFORE_PAUSE) {
        // A concurrent last try is being checked; its pause follows in a moment.
        await counters.decrement(wrongKey(userId));
        throw new AppError('mfa_attempts_exceeded', { retryAfterSeconds: PAUSES_MILLISECONDS[0]! / 1000 });
      }
      return {
        last: counted.count === WRONG_FACTOR_ANSWERS_BEFORE_PAUSE,
        release: () => counters.decrement(wrongKey(userId)),
        succeeded: () => counters.reset(wrongKey(userId)),
      };
    },
    pause: async (userId) => {
      const now = clock.now();
      const pauses = await counters.increment(pausesKey(userId), MEMORY_MILLISECONDS, now);
      const milliseconds = PAUSES_MILLISECONDS[Math.min(pauses.count, PAUSES_MILLISECONDS.length) - 1]!;
      await counters.reset(wrongKey(userId));
      await counters.reset(pauseKey(userId));
      await counters.increment(pauseKey(userId), milliseconds, now);
      return milliseconds / 1000;
    },
  };
}

/** A wrong answer (as opposed to an expired code or an unavailable method). */
export function isWrongGuess(error: unknown): boolean {
  return error instanceof AppError && (error.code === 'mfa_code_invalid' || error.code === 'passkey_invalid');
}
