import type { FastifyInstance } from 'fastify';
import type { AuditLog } from '../auth/audit/index.ts';
import { sendError } from './error-handler.ts';
import { requestContext } from './request-context.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF defence (sign-in included, against login CSRF): a state-changing request must carry
 * an Origin equal to PUBLIC_URL's. Integrations will authenticate with API tokens
 * (Authorization: Bearer), which browsers never attach on their own; none exist yet, so
 * nothing is exempt.
 */
export function installOriginCheck(app: FastifyInstance, deps: { publicOrigin: string; audit: AuditLog }): void {
  app.addHook('onRequest', async (request, reply) => {
    if (SAFE_METHODS.has(request.method)) return;
    const origin = request.headers.origin;
    if (origin === deps.publicOrigin) return;
    await deps.audit.record({
      event: 'request.csrf_rejected',
      context: requestContext(request),
      details: { method: request.method, url: request.url.split('?')[0], origin: origin ?? null },
    });
    return sendError(request, reply, 'csrf_rejected');
  });
}
