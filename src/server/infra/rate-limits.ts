import { AppError } from '../errors.ts';
import type { Clock } from './clock.ts';
import type { Counters } from './counters.ts';

/** At most `max` takes per window for this key. */
export interface RateLimit {
  key: string;
  max: number;
  windowMilliseconds: number;
}

export interface RateLimits {
  /**
   * Counts one take against every limit; when any is exceeded, throws `too_many_attempts` with
   * the longest wait. A refused take still counts, so hammering a full limit never frees it.
   */
  take(limits: readonly RateLimit[]): Promise<void>;
  /** True when taking once more would exceed one of the limits; counts nothing. */
  isFull(limits: readonly RateLimit[]): Promise<boolean>;
}

export function createRateLimits(deps: { counters: Counters; clock: Clock }): RateLimits {
  const { counters, clock } = deps;
  return {
    take: async (limits) => {
      const now = clock.now();
      let waitUntil = 0;
      for (const limit of limits) {
        const counted = await counters.increment(`rate:${limit.key}`, limit.windowMilliseconds, now);
        if (counted.count > limit.max) waitUntil = Math.max(waitUntil, counted.expiresAt);
      }
      if (waitUntil > 0) throw new AppError('too_many_attempts', { retryAfterSeconds: Math.max(1, Math.ceil((waitUntil - now) / 1000)) });
    },
    isFull: async (limits) => {
      const now = clock.now();
      for (const limit of limits) {
        if (((await counters.get(`rate:${limit.key}`, now))?.count ?? 0) >= limit.max) return true;
      }
      return false;
    },
  };
}
