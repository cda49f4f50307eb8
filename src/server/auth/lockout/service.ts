import { AppError } from '../../errors.ts';
import type { Clock } from '../../infra/clock.ts';
import type { Counters } from '../../infra/counters.ts';
import type { RequestContext } from '../audit/index.ts';
import { DEFAULT_RECOVERY_SETTINGS } from '../recovery/settings.ts';
import type { RecoverySettingsService } from '../recovery/settings.ts';
import type { LockoutStore } from './store.ts';

/** The default; administrators may change it (settings → recovery). */
export const CONSECUTIVE_FAILURES_BEFORE_PAUSE = DEFAULT_RECOVERY_SETTINGS.pauseAfterFailures;
/** Increasing waits after each failure past the pause threshold (OWASP Authentication cheat sheet). */
export const PAUSE_STEPS_MILLISECONDS = [1, 5, 15, 60].map((minutes) => minutes * 60_000);
/** Consecutive failures for pauses are forgotten a day after the first of them (the hard-lock count is not). */
export const FAILURE_MEMORY_MILLISECONDS = 24 * 60 * 60 * 1000;
/** Credential stuffing: one address failing across many identifiers is paused on its own. */
export const ADDRESS_FAILURES_PER_WINDOW = 50;
export const ADDRESS_WINDOW_MILLISECONDS = 15 * 60 * 1000;
/** An attempt in progress (a password being hashed) counts until it ends, at most this long. */
const IN_FLIGHT_MILLISECONDS = 60_000;

/** A password check that passed the throttle; end it with `succeeded` or `failed`. */
export interface PasswordAttempt {
  succeeded(): Promise<void>;
  /** 'paused': this failure started a pause; 'locked': it locked the key until an unlock or a reset. */
  failed(): Promise<'counted' | 'paused' | 'locked'>;
}

/** Who is trying: the throttle key, and the account when the identifier matched one. */
export interface AttemptSubject {
  key: string;
  userId: string | null;
}

/**
 * Throttles password checks by the normalised identifier (known or not: an unknown identifier
 * is throttled and locked exactly like a known one) and by client address. Checked before the
 * password is hashed, so refused attempts cost nothing; attempts in progress count, so a burst
 * of parallel guesses gets no more tries than a sequence. Second-factor failures are counted
 * apart (mfa/guess-limit.ts). Pauses live in the counters (memory or Redis); the failure count
 * toward the hard lock, and the lock, live in the database.
 */
export interface LoginThrottle {
  /** Throws `account_locked` when the key is locked, `too_many_attempts` (with the wait) when paused. */
  begin(subject: AttemptSubject, context: RequestContext): Promise<PasswordAttempt>;
}

/** The lock as administrators and resets see it. */
export interface Lockouts {
  /** Clears the failures, pauses and lock of an account (administrator's unlock, a reset). */
  unlock(userId: string): Promise<void>;
  /** When the account was locked, or null. */
  lockedAt(userId: string): Promise<number | null>;
  lockedUsers(): Promise<Map<string, number>>;
}

/** One password-failure count per account, shared by sign-in, password change and re-authentication. */
export const accountThrottleKey = (userId: string): string => `account:${userId}`;

const failuresKey = (key: string): string => `login:failures:${key}`;
const pauseKey = (key: string): string => `login:pause:${key}`;

export function createLockouts(deps: { counters: Counters; store: LockoutStore }): Lockouts {
  const { counters, store } = deps;
  return {
    unlock: async (userId) => {
      const key = accountThrottleKey(userId);
      await store.clear(key);
      await counters.reset(failuresKey(key));
      await counters.reset(pauseKey(key));
    },
    lockedAt: async (userId) => (await store.get(accountThrottleKey(userId)))?.lockedAt ?? null,
    lockedUsers: () => store.lockedUsers(),
  };
}

export function createLoginThrottle(deps: {
  counters: Counters;
  store: LockoutStore;
  settings: RecoverySettingsService;
  clock: Clock;
  /** Told when a failure locks a key: audit, and mail the owner a reset link. */
  onLocked: (subject: AttemptSubject, context: RequestContext) => Promise<void>;
}): LoginThrottle {
  const { counters, store, settings, clock } = deps;
  const refuse = (until: number, now: number): AppError =>
    new AppError('too_many_attempts', { retryAfterSeconds: Math.max(1, Math.ceil((until - now) / 1000)) });
  return {
    begin: async (subject, context) => {
      const { key } = subject;
      const now = clock.now();
      const inFlightKey = `login:in-flight:${key}`;
      const addressKey = `login:address:${context.ip}`;
      const { pauseAfterFailures, lockAfterFailures } = await settings.get();

      const persisted = await store.get(key);
      if (persisted?.lockedAt) throw new AppError('account_locked');
      const pause = await counters.get(pauseKey(key), now);
      if (pause) throw refuse(pause.expiresAt, now);
      const address = await counters.increment(addressKey, ADDRESS_WINDOW_MILLISECONDS, now);
      if (address.count > ADDRESS_FAILURES_PER_WINDOW) {
        await counters.decrement(addressKey);
        throw refuse(address.expiresAt, now);
      }
      const failures = (await counters.get(failuresKey(key), now))?.count ?? 0;
      const inFlight = await counters.increment(inFlightKey, IN_FLIGHT_MILLISECONDS, now);
      // Below the threshold, the remaining tries may run at once; past it, one try after each pause.
      if (failures + inFlight.count > Math.max(pauseAfterFailures, failures + 1)) {
        await counters.decrement(inFlightKey);
        await counters.decrement(addressKey);
        throw refuse(now + PAUSE_STEPS_MILLISECONDS[0]!, now);
      }

      return {
        succeeded: async () => {
          await counters.decrement(inFlightKey);
          await counters.decrement(addressKey);
          await counters.reset(failuresKey(key));
          if (persisted) await store.clear(key);
        },
        failed: async () => {
          const at = clock.now();
          // The durable count first: should the counters fail now, the hard lock still counts it.
          const lock = await store.recordFailure(key, subject.userId, lockAfterFailures, at);
          // The failure and any pause are counted before the attempt stops counting as in flight:
          // a parallel guess must see one or the other.
          const total = (await counters.increment(failuresKey(key), FAILURE_MEMORY_MILLISECONDS, at)).count;
          const paused = total >= pauseAfterFailures;
          if (paused) {
            const step = Math.min(total - pauseAfterFailures, PAUSE_STEPS_MILLISECONDS.length - 1);
            await counters.increment(pauseKey(key), PAUSE_STEPS_MILLISECONDS[step]!, at);
          }
          await counters.decrement(inFlightKey);
          if (lock.lockedNow) {
            await deps.onLocked(subject, context);
            return 'locked';
          }
          return paused ? 'paused' : 'counted';
        },
      };
    },
  };
}
