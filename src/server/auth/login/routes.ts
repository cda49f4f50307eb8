import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponse, loginRequest, meResponse, passwordChangeRequest, signInResponse } from '../../../shared/schemas.ts';
import { FORM_BODY_LIMIT_BYTES } from '../../http/limits.ts';
import { requestContext } from '../../http/request-context.ts';
import type { SessionCookie } from '../sessions/index.ts';
import type { LoginService } from './service.ts';

export function loginRoutes(deps: { login: LoginService; cookie: SessionCookie }): FastifyPluginAsyncZod {
  const { login, cookie } = deps;
  return async (app) => {
    app.post(
      '/login',
      {
        config: { auth: 'public' },
        bodyLimit: FORM_BODY_LIMIT_BYTES,
        schema: {
          tags: ['auth'],
          summary: 'Sign in with e-mail or username and password',
          body: loginRequest,
          response: { 200: signInResponse, 400: errorResponse, 401: errorResponse, 403: errorResponse },
        },
      },
      async (request, reply) => {
        const result = await login.signIn(request.body, requestContext(request), cookie.read(request));
        cookie.set(reply, result.session.token);
        return { status: result.status };
      },
    );

    app.post(
      '/logout',
      { config: { auth: 'public' }, schema: { tags: ['auth'], summary: 'End the current session' } },
      async (request, reply) => {
        const token = cookie.read(request);
        if (token) await login.signOut(token, requestContext(request));
        cookie.clear(reply);
        return reply.code(204).send();
      },
    );

    app.get(
      '/me',
      {
        config: { auth: 'password-change-only' },
        schema: { tags: ['auth'], summary: 'Who is signed in', response: { 200: meResponse, 401: errorResponse } },
      },
      async (request) => {
        const user = request.auth!.user;
        return {
          user: { id: user.id, email: user.email, username: user.username, name: user.name, role: user.role, locale: user.locale },
          passwordChangeRequired: user.must_change_password === 1,
        };
      },
    );

    app.post(
      '/password/change',
      {
        config: { auth: 'password-change-only' },
        bodyLimit: FORM_BODY_LIMIT_BYTES,
        schema: {
          tags: ['auth'],
          summary: 'Change the own password; ends every other session',
          body: passwordChangeRequest,
          response: { 200: signInResponse, 400: errorResponse, 401: errorResponse },
        },
      },
      async (request, reply) => {
        const result = await login.changePassword(request.auth!.user.id, request.body, requestContext(request));
        cookie.set(reply, result.session.token);
        return { status: result.status };
      },
    );
  };
}
