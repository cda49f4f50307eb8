import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  accountSessionsResponse,
  otherSessionsEndedResponse,
  sessionParams,
  signInHistoryQuery,
  signInHistoryResponse,
} from '../../shared/account-security.ts';
import { emptyRequest, errorResponse } from '../../shared/schemas.ts';
import type { SessionCookie } from '../auth/sessions/index.ts';
import { requestContext } from '../http/request-context.ts';
import type { AccountSecurity } from './security.ts';

/** The signed-in person's sessions and sign-in history (docs/account-security-api.md). */
export function accountSecurityRoutes(deps: { security: AccountSecurity; cookie: SessionCookie }): FastifyPluginAsyncZod {
  const { security, cookie } = deps;
  return async (app) => {
    app.get(
      '/sessions',
      {
        config: { auth: 'session' },
        schema: { tags: ['account'], summary: 'The own live sessions, most recently seen first', response: { 200: accountSessionsResponse, 401: errorResponse } },
      },
      async (request) => {
        const { user, session } = request.auth!;
        return { data: await security.listSessions(user.id, session.id) };
      },
    );

    app.delete(
      '/sessions/:id',
      {
        config: { auth: 'session' },
        schema: {
          tags: ['account'],
          summary: 'End one of the own sessions (the current one signs this browser out)',
          params: sessionParams,
          response: { 204: z.null(), 400: errorResponse, 401: errorResponse, 404: errorResponse },
        },
      },
      async (request, reply) => {
        const { user, session } = request.auth!;
        const { current } = await security.endSession(user.id, request.params.id, session.id, requestContext(request));
        if (current) cookie.clear(reply);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/sessions/end-others',
      {
        config: { auth: 'session' },
        schema: {
          tags: ['account'],
          summary: 'End every other session of the own account ("sign out everywhere else")',
          body: emptyRequest,
          response: { 200: otherSessionsEndedResponse, 400: errorResponse, 401: errorResponse },
        },
      },
      async (request) => {
        const { user, session } = request.auth!;
        return { ended: await security.endOtherSessions(user.id, session.id, requestContext(request)) };
      },
    );

    app.get(
      '/sign-ins',
      {
        config: { auth: 'session' },
        schema: {
          tags: ['account'],
          summary: 'Sign-ins and failed attempts on the own account in the last 90 days, newest first',
          querystring: signInHistoryQuery,
          response: { 200: signInHistoryResponse, 400: errorResponse, 401: errorResponse },
        },
      },
      async (request) => security.signInHistory(request.auth!.user.id, request.query),
    );
  };
}
