import type { Permission } from '../access/index.ts';
import type { SessionWithUser } from '../auth/sessions/index.ts';

/**
 * Who may call a route. Every route declares one (STYLE.md); the app refuses to start
 * when a route does not (see `assertEveryRouteDeclaresAuth`).
 * - public: anyone;
 * - pending-mfa: anyone; the route itself requires the pending sign-in cookie (password given,
 *   second factor not yet) and grants nothing beyond finishing that sign-in;
 * - session: a signed-in person with nothing left to do first;
 * - restricted: a signed-in person, even one who must first change the password or enrol a
 *   second factor (the routes that do those things, and who-am-I).
 */
export type AuthLevel = 'public' | 'pending-mfa' | 'session' | 'restricted';
export const AUTH_LEVELS: readonly AuthLevel[] = ['public', 'pending-mfa', 'session', 'restricted'];

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: AuthLevel;
    permission?: Permission;
  }
  interface FastifyRequest {
    /** The session and its user on routes that need one; null on public routes. */
    auth: SessionWithUser | null;
  }
}
