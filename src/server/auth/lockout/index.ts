export {
  ADDRESS_FAILURES_PER_WINDOW,
  CONSECUTIVE_FAILURES_BEFORE_PAUSE,
  createLoginThrottle,
  PAUSE_STEPS_MILLISECONDS,
} from './service.ts';
export type { LoginThrottle, PasswordAttempt } from './service.ts';
