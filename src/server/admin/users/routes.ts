import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createUserRequest, createUserResponse, emptyRequest, errorResponse, userListResponse } from '../../../shared/schemas.ts';
import type { SessionService } from '../../auth/sessions/index.ts';
import { requestContext } from '../../http/request-context.ts';
import type { AdminUserService } from './service.ts';

const userParams = z.strictObject({ id: z.string().min(1).max(64) });

export function adminUserRoutes(deps: { adminUsers: AdminUserService; sessions: SessionService }): FastifyPluginAsyncZod {
  const { adminUsers, sessions } = deps;
  return async (app) => {
    app.get(
      '/',
      {
        config: { auth: 'session', permission: 'users.read' },
        schema: { tags: ['admin'], summary: 'List users', response: { 200: userListResponse, 403: errorResponse } },
      },
      async () => ({ data: await adminUsers.list() }),
    );

    app.post(
      '/',
      {
        config: { auth: 'session', permission: 'users.manage' },
        schema: {
          tags: ['admin'],
          summary: 'Create a user with a generated initial password (shown once, valid 72 hours)',
          body: createUserRequest,
          response: { 201: createUserResponse, 400: errorResponse, 403: errorResponse, 409: errorResponse },
        },
      },
      async (request, reply) => {
        const created = await adminUsers.create(request.body, request.auth!.user, requestContext(request));
        return reply.code(201).send(created);
      },
    );

    app.post(
      '/:id/mfa/reset',
      {
        config: { auth: 'session', permission: 'users.manage' },
        schema: {
          tags: ['admin'],
          summary: "Remove a user's second factors and recovery codes (needs a recent proof of identity)", body: emptyRequest,
          params: userParams,
          response: { 204: z.null(), 403: errorResponse, 404: errorResponse },
        },
      },
      async (request, reply) => {
        sessions.assertRecentlyAuthenticated(request.auth!.session);
        await adminUsers.resetMFA(request.auth!.user, request.params.id, requestContext(request));
        return reply.code(204).send(null);
      },
    );
  };
}
