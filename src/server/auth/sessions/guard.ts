import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { roleHasPermission } from '../../access/index.ts';
import { sendError } from '../../http/error-handler.ts';
import { AUTH_LEVELS } from '../../http/route-config.ts';
import { requestContext } from '../../http/request-context.ts';
import type { AuditLog } from '../audit/index.ts';
import type { SessionCookie } from './cookie.ts';
import type { SessionService } from './service.ts';

/**
 * Enforces each route's `config.auth` and `config.permission` before the body is parsed.
 * While a password change or a second-factor enrolment is due, only `restricted` routes answer.
 */
export function installSessionGuard(
  app: FastifyInstance,
  deps: { sessions: SessionService; cookie: SessionCookie; pendingCookie: { read(request: FastifyRequest): string | null }; audit: AuditLog },
): void {
  app.decorateRequest('auth', null);

  app.addHook('onRequest', async (request, reply) => {
    if (request.is404) return;
    const { auth, permission } = request.routeOptions.config;
    if (auth === 'public') return;
    // The route checks the pending sign-in itself; without its cookie there is nothing to check.
    if (auth === 'pending-mfa') return deps.pendingCookie.read(request) ? undefined : sendError(request, reply, 'mfa_sign_in_expired');
    const token = deps.cookie.read(request);
    const found = token ? await deps.sessions.validate(token) : undefined;
    if (!found) {
      if (token) deps.cookie.clear(reply);
      return sendError(request, reply, 'unauthenticated');
    }
    request.auth = found;
    if (auth !== 'restricted') {
      if (found.user.must_change_password === 1) return sendError(request, reply, 'password_change_required');
      if (found.session.mfa_enrollment_required === 1) return sendError(request, reply, 'mfa_enrollment_required');
    }
    if (permission && !roleHasPermission(found.user.role, permission)) {
      await deps.audit.record({
        event: 'request.forbidden',
        context: requestContext(request),
        actorId: found.user.id,
        details: { permission, method: request.method, url: request.routeOptions.url },
      });
      return sendError(request, reply, 'forbidden', { permission });
    }
  });
}

/** STYLE.md: every route declares who may call it; the app does not start otherwise. */
export function assertEveryRouteDeclaresAuth(app: FastifyInstance): void {
  const routes: RouteOptions[] = [];
  app.addHook('onRoute', (route) => {
    routes.push(route);
  });
  app.addHook('onReady', async () => {
    const undeclared = routes.filter((route) => !AUTH_LEVELS.includes(route.config?.auth as never));
    if (undeclared.length > 0) {
      const list = undeclared.map((r) => `${String(r.method)} ${r.url}`).join(', ');
      throw new Error(`Routes without an auth declaration (config.auth): ${list}`);
    }
  });
}
