export {
  accountThrottleKey,
  ADDRESS_FAILURES_PER_WINDOW,
  CONSECUTIVE_FAILURES_BEFORE_PAUSE,
  createLockouts,
  createLoginThrottle,
  PAUSE_STEPS_MILLISECONDS,
} from './service.ts';
export type { AttemptSubject, Lockouts, LoginThrottle, PasswordAttempt } from './service.ts';
export { createLockoutStore } from './store.ts';
