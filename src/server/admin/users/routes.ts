import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { temporaryPasswordResponse } from '../../../shared/recovery.ts';
import { createUserRequest, createUserResponse, emptyRequest, errorResponse, userListResponse } from '../../../shared/schemas.ts';
import type { RequestContext } from '../../auth/audit/index.ts';
import type { SessionService, SessionUser } from '../../auth/sessions/index.ts';
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

    app.post(
      '/:id/reset-link',
      {
        config: { auth: 'session', permission: 'users.manage' },
        schema: {
          tags: ['admin'],
          summary: "Mail a password reset link to the user's stored e-mail",
          body: emptyRequest,
          params: userParams,
          response: { 202: z.null(), 403: errorResponse, 404: errorResponse },
        },
      },
      async (request, reply) => {
        await adminUsers.sendResetLink(request.auth!.user, request.params.id, requestContext(request));
        return reply.code(202).send(null);
      },
    );

    app.post(
      '/:id/temporary-password',
      {
        config: { auth: 'session', permission: 'users.manage' },
        schema: {
          tags: ['admin'],
          summary: 'Replace the password with a generated one, shown once (72 hours, changed at sign-in); needs a recent proof of identity',
          body: emptyRequest,
          params: userParams,
          response: { 200: temporaryPasswordResponse, 403: errorResponse, 404: errorResponse },
        },
      },
      async (request) => {
        sessions.assertRecentlyAuthenticated(request.auth!.session);
        return adminUsers.issueTemporaryPassword(request.auth!.user, request.params.id, requestContext(request));
      },
    );

    const simpleActions = [
      ['unlock', 'Unlock an account locked by wrong passwords', (admin, id, context) => adminUsers.unlock(admin, id, context)],
      ['disable', 'Disable an account and end its sessions', (admin, id, context) => adminUsers.setDisabled(admin, id, true, context)],
      ['enable', 'Enable a disabled account', (admin, id, context) => adminUsers.setDisabled(admin, id, false, context)],
    ] as const satisfies ReadonlyArray<readonly [string, string, (admin: SessionUser, id: string, context: RequestContext) => Promise<void>]>;
    for (const [action, summary, run] of simpleActions) {
      app.post(
        `/:id/${action}`,
        {
          config: { auth: 'session', permission: 'users.manage' },
          schema: { tags: ['admin'], summary, body: emptyRequest, params: userParams, response: { 204: z.null(), 403: errorResponse, 404: errorResponse, 409: errorResponse } },
        },
        async (request, reply) => {
          await run(request.auth!.user, request.params.id, requestContext(request));
          return reply.code(204).send(null);
        },
      );
    }

    app.delete(
      '/:id/sessions',
      {
        config: { auth: 'session', permission: 'users.manage' },
        schema: {
          tags: ['admin'],
          summary: 'End every session of the user',
          body: emptyRequest,
          params: userParams,
          response: { 204: z.null(), 400: errorResponse, 403: errorResponse, 404: errorResponse },
        },
      },
      async (request, reply) => {
        await adminUsers.endSessions(request.auth!.user, request.params.id, requestContext(request));
        return reply.code(204).send(null);
      },
    );
  };
}
