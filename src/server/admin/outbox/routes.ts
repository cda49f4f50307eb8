import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponse, outboxListResponse, outboxMessageResponse } from '../../../shared/schemas.ts';
import { requestContext } from '../../http/request-context.ts';
import type { OutboxService } from './service.ts';

export const OUTBOX_LIST_DEFAULT_LIMIT = 50;
export const OUTBOX_LIST_MAX_LIMIT = 200;

const listQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(OUTBOX_LIST_MAX_LIMIT).default(OUTBOX_LIST_DEFAULT_LIMIT),
});
const messageParams = z.strictObject({ id: z.string().min(1).max(64) });

export function adminOutboxRoutes(deps: { outbox: OutboxService }): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/',
      {
        config: { auth: 'session', permission: 'settings.manage' },
        schema: {
          tags: ['admin'],
          summary: 'Outgoing e-mail and SMS, newest first, with their delivery status',
          querystring: listQuery,
          response: { 200: outboxListResponse, 400: errorResponse, 403: errorResponse },
        },
      },
      async (request) => deps.outbox.list(request.query.limit),
    );

    app.get(
      '/:id',
      {
        config: { auth: 'session', permission: 'settings.manage' },
        schema: {
          tags: ['admin'],
          summary: 'Open a dev-outbox message with its body (audited); 409 when it went through a provider',
          params: messageParams,
          response: { 200: outboxMessageResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse },
        },
      },
      async (request) => ({
        message: await deps.outbox.open(request.params.id, request.auth!.user.id, requestContext(request)),
      }),
    );
  };
}
