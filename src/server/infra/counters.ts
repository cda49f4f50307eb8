/**
 * Counters shared by every request of this process: attempt counts with a time window.
 * In memory for one app server; a Redis implementation (REDIS_URL) makes them shared by
 * several. Each call is atomic (one JavaScript turn here; one Lua call in Redis).
 */
export interface Counter {
  count: number;
  /** When the count lapses, in epoch milliseconds. */
  expiresAt: number;
}

export interface Counters {
  /** Adds one; a new count lapses `windowMilliseconds` after its first increment. */
  increment(key: string, windowMilliseconds: number, now: number): Promise<Counter>;
  /** Subtracts one (never below zero). */
  decrement(key: string): Promise<void>;
  get(key: string, now: number): Promise<Counter | undefined>;
  reset(key: string): Promise<void>;
}

const SWEEP_EVERY_INCREMENTS = 1000;

export function createMemoryCounters(): Counters {
  const entries = new Map<string, Counter>();
  let increments = 0;
  const live = (key: string, now: number): Counter | undefined => {
    const entry = entries.get(key);
    if (entry && entry.expiresAt <= now) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };
  return {
    increment: async (key, windowMilliseconds, now) => {
      if (++increments % SWEEP_EVERY_INCREMENTS === 0) {
        for (const [k, entry] of entries) if (entry.expiresAt <= now) entries.delete(k);
      }
      let entry = live(key, now);
      if (entry) entry.count++;
      else entries.set(key, (entry = { count: 1, expiresAt: now + windowMilliseconds }));
      return { ...entry };
    },
    decrement: async (key) => {
      const entry = entries.get(key);
      if (entry && entry.count > 0) entry.count--;
    },
    get: async (key, now) => {
      const entry = live(key, now);
      return entry && { ...entry };
    },
    reset: async (key) => {
      entries.delete(key);
    },
  };
}
