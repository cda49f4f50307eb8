import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  approveRecoveryRequest,
  approveRecoveryResponse,
  recoveryRequestListQuery,
  recoveryRequestListResponse,
  rejectRecoveryRequest,
} from '../../../shared/recovery.ts';
import { errorResponse } from '../../../shared/schemas.ts';
import type { SessionService } from '../../auth/sessions/index.ts';
import { FORM_BODY_LIMIT_BYTES } from '../../http/limits.ts';
import { requestContext } from '../../http/request-context.ts';
import type { AdminRecoveryRequests } from './service.ts';

const requestParams = z.strictObject({ id: z.string().min(1).max(64) });

/** The queue of "I can't get in" requests, under /api/admin/recovery-requests. */
export function adminRecoveryRequestRoutes(deps: { recoveryRequests: AdminRecoveryRequests; sessions: SessionService }): FastifyPluginAsyncZod {
  const { recoveryRequests, sessions } = deps;
  return async (app) => {
    app.get(
      '/',
      {
        config: { auth: 'session', permission: 'users.read' },
        schema: {
          tags: ['admin'],
          summary: 'Assisted recovery requests, newest first',
          querystring: recoveryRequestListQuery,
          response: { 200: recoveryRequestListResponse, 400: errorResponse, 403: errorResponse },
        },
      },
      async (request) => ({ data: await recoveryRequests.list(request.query.status) }),
    );

    app.post(
      '/:id/approve',
      {
        config: { auth: 'session', permission: 'users.manage' },
        bodyLimit: FORM_BODY_LIMIT_BYTES,
        schema: {
          tags: ['admin'],
          summary: 'Approve: mail a reset link to a chosen address, or issue a temporary password (needs a recent proof of identity)',
          params: requestParams,
          body: approveRecoveryRequest,
          response: { 200: approveRecoveryResponse, 400: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse },
        },
      },
      async (request) => {
        // It hands someone else's account to whoever filed the request: a recent proof first.
        sessions.assertRecentlyAuthenticated(request.auth!.session);
        return recoveryRequests.approve(request.auth!.user, request.params.id, request.body, requestContext(request));
      },
    );

    app.post(
      '/:id/reject',
      {
        config: { auth: 'session', permission: 'users.manage' },
        bodyLimit: FORM_BODY_LIMIT_BYTES,
        schema: {
          tags: ['admin'],
          summary: 'Reject a request; the account does not change',
          params: requestParams,
          body: rejectRecoveryRequest,
          response: { 204: z.null(), 400: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse },
        },
      },
      async (request, reply) => {
        await recoveryRequests.reject(request.auth!.user, request.params.id, request.body.reason, requestContext(request));
        return reply.code(204).send(null);
      },
    );
  };
}
