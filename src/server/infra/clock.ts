/** Time as the auth logic sees it; tests pass a fixed clock so expiry is exact, not slept. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export interface TestClock extends Clock {
  set(epochMilliseconds: number): void;
  advance(milliseconds: number): void;
}

export function createTestClock(startEpochMilliseconds = Date.UTC(2026, 0, 1)): TestClock {
  let current = startEpochMilliseconds;
  return {
    now: () => current,
    set: (value) => {
      current = value;
    },
    advance: (milliseconds) => {
      current += milliseconds;
    },
  };
}
