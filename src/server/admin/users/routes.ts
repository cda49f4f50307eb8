import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { createUserRequest, createUserResponse, errorResponse, userListResponse } from '../../../shared/schemas.ts';
import { requestContext } from '../../http/request-context.ts';
import type { AdminUserService } from './service.ts';

export function adminUserRoutes(deps: { adminUsers: AdminUserService }): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/',
      {
        config: { auth: 'session', permission: 'users.read' },
        schema: { tags: ['admin'], summary: 'List users', response: { 200: userListResponse, 403: errorResponse } },
      },
      async () => ({ data: await deps.adminUsers.list() }),
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
        const created = await deps.adminUsers.create(request.body, request.auth!.user, requestContext(request));
        return reply.code(201).send(created);
      },
    );
  };
}
