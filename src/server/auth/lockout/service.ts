import { AppError } from '../../errors.ts';
import type { Clock } from '../../infra/clock.ts';
import type { Counters } from '../../infra/counters.ts';

/** Issue 4 default: after this many consecutive wrong passwords, sign-in for the identifier pauses. */
export const CONSECUTIVE_FAILURES_BEFORE_PAUSE = 5;
/** Increasing waits after each further failure (OWASP Authentication cheat sheet: exponential lockout). */
export const PAUSE_STEPS_MILLISECONDS = [1, 5, 15, 60].map((minutes) => minutes * 60_000);
/** Consecutive failures are forgotten a day after the first of them. */
export const FAILURE_MEMORY_MILLISECONDS = 24 * 60 * 60 * 1000;
/** Credential stuffing: one address failing across many identifiers is paused on its own. */
export const ADDRESS_FAILURES_PER_WINDOW = 50;
export const ADDRESS_WINDOW_MILLISECONDS = 15 * 60 * 1000;
/** An attempt in progress (a password being hashed) counts until it ends, at most this long. */
const IN_FLIGHT_MILLISECONDS = 60_000;

/** A password check that passed the throttle; end it with `succeeded` or `failed`. */
export interface PasswordAttempt {
  succeeded(): Promise<void>;
  /** Returns true when this failure started a pause (worth an audit entry). */
  failed(): Promise<boolean>;
}

/**
 * Throttles password checks by the normalised identifier (known or not: an unknown identifier
 * is throttled exactly like a known one) and by client address. Checked before the password is
 * hashed, so refused attempts cost nothing; attempts in progress count, so a burst of parallel
 * guesses gets no more tries than a sequence. Second-factor failures will be counted apart.
 */
export interface LoginThrottle {
  /** Throws `too_many_attempts` (with the seconds to wait) when the key or address is paused. */
  begin(key: string, ip: string): Promise<PasswordAttempt>;
}

export function createLoginThrottle(deps: { counters: Counters; clock: Clock }): LoginThrottle {
  const { counters, clock } = deps;
  const refuse = (until: number, now: number): AppError =>
    new AppError('too_many_attempts', { retryAfterSeconds: Math.max(1, Math.ceil((until - now) / 1000)) });

  return {
    begin: async (key, ip) => {
      const now = clock.now();
      const failuresKey = `login:failures:${key}`;
      const pauseKey = `login:pause:${key}`;
      const inFlightKey = `login:in-flight:${key}`;
      const addressKey = `login:address:${ip}`;

      const pause = await counters.get(pauseKey, now);
      if (pause) throw refuse(pause.expiresAt, now);
      const address = await counters.increment(addressKey, ADDRESS_WINDOW_MILLISECONDS, now);
      if (address.count > ADDRESS_FAILURES_PER_WINDOW) {
        await counters.decrement(addressKey);
        throw refuse(address.expiresAt, now);
      }
      const failures = (await counters.get(failuresKey, now))?.count ?? 0;
      const inFlight = await counters.increment(inFlightKey, IN_FLIGHT_MILLISECONDS, now);
      // Below the threshold, the remaining tries may run at once; past it, one try after each pause.
      if (failures + inFlight.count > Math.max(CONSECUTIVE_FAILURES_BEFORE_PAUSE, failures + 1)) {
        await counters.decrement(inFlightKey);
        await counters.decrement(addressKey);
        throw refuse(now + PAUSE_STEPS_MILLISECONDS[0]!, now);
      }

      return {
        succeeded: async () => {
          await counters.decrement(inFlightKey);
          await counters.decrement(addressKey);
          await counters.reset(failuresKey);
        },
        failed: async () => {
          const at = clock.now();
          await counters.decrement(inFlightKey);
          const total = (await counters.increment(failuresKey, FAILURE_MEMORY_MILLISECONDS, at)).count;
          if (total < CONSECUTIVE_FAILURES_BEFORE_PAUSE) return false;
          const step = Math.min(total - CONSECUTIVE_FAILURES_BEFORE_PAUSE, PAUSE_STEPS_MILLISECONDS.length - 1);
          await counters.increment(pauseKey, PAUSE_STEPS_MILLISECONDS[step]!, at);
          return true;
        },
      };
    },
  };
}
