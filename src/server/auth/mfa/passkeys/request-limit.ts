import { AppError } from '../../../errors.ts';
import type { Clock } from '../../../infra/clock.ts';
import type { Counters } from '../../../infra/counters.ts';

/**
 * Passwordless sign-in is open to anyone, and each challenge is a stored row and each refused
 * answer an audit event: a client address gets this many per minute.
 */
export const PASSWORDLESS_REQUESTS_PER_ADDRESS_PER_MINUTE = 30;
const WINDOW_MILLISECONDS = 60 * 1000;

export function createPasswordlessRequestLimit(deps: { counters: Counters; clock: Clock }): { assertAllowed(ip: string): Promise<void> } {
  return {
    assertAllowed: async (ip) => {
      const now = deps.clock.now();
      const counted = await deps.counters.increment(`passwordless:${ip}`, WINDOW_MILLISECONDS, now);
      if (counted.count > PASSWORDLESS_REQUESTS_PER_ADDRESS_PER_MINUTE) {
        throw new AppError('too_many_attempts', { retryAfterSeconds: Math.ceil((counted.expiresAt - now) / 1000) });
      }
    },
  };
}
