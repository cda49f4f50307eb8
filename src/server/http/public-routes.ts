import type { FastifyInstance } from 'fastify';

/** Declares `auth: 'public'` on the routes a third-party plugin (static files, API docs) registers in this context. */
export function declareRoutesPublic(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    route.config = { ...route.config, auth: 'public' };
  });
}
