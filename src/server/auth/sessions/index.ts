export { createSessionCookie } from './cookie.ts';
export type { SessionCookie } from './cookie.ts';
export { assertEveryRouteDeclaresAuth, installSessionGuard } from './guard.ts';
export {
  createSessionService,
  publicSessionId,
  REAUTHENTICATION_WINDOW_MILLISECONDS,
  SESSION_ABSOLUTE_TIMEOUT_MILLISECONDS,
  SESSION_IDLE_TIMEOUT_MILLISECONDS,
  SESSION_PURGE_INTERVAL_MILLISECONDS,
} from './service.ts';
export type { NewSession, SessionService } from './service.ts';
export { createSessionStore } from './store.ts';
export type { SessionRow, SessionUser, SessionWithUser } from './store.ts';
