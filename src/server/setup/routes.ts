import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponse, setupRequest, setupStatusResponse, signInResponse } from '../../shared/schemas.ts';
import type { SessionCookie } from '../auth/sessions/index.ts';
import { FORM_BODY_LIMIT_BYTES } from '../http/limits.ts';
import { requestContext, requestLocale } from '../http/request-context.ts';
import type { SetupService } from './service.ts';

export function setupRoutes(deps: { setup: SetupService; cookie: SessionCookie }): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/',
      {
        config: { auth: 'public' },
        schema: { tags: ['setup'], summary: 'Whether first-run setup is still needed', response: { 200: setupStatusResponse } },
      },
      async () => ({ needed: await deps.setup.isNeeded() }),
    );

    app.post(
      '/',
      {
        config: { auth: 'public' },
        bodyLimit: FORM_BODY_LIMIT_BYTES,
        schema: {
          tags: ['setup'],
          summary: 'Create the first administrator with the one-time setup token',
          body: setupRequest,
          response: { 201: signInResponse, 400: errorResponse, 401: errorResponse, 409: errorResponse, 410: errorResponse },
        },
      },
      async (request, reply) => {
        const session = await deps.setup.complete(request.body, requestLocale(request), requestContext(request));
        deps.cookie.set(reply, session.token);
        return reply.code(201).send({ status: 'signed_in' as const });
      },
    );
  };
}
