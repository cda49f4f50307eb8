import type { Permission } from '../access/index.ts';
import type { SessionWithUser } from '../auth/sessions/index.ts';

/**
 * Who may call a route. Every route declares one (STYLE.md); the app refuses to start
 * when a route does not (see `assertEveryRouteDeclaresAuth`).
 * - public: anyone;
 * - session: a signed-in person whose password needs no change;
 * - password-change-only: a signed-in person, even one who must first change the password.
 */
export type AuthLevel = 'public' | 'session' | 'password-change-only';
export const AUTH_LEVELS: readonly AuthLevel[] = ['public', 'session', 'password-change-only'];

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
