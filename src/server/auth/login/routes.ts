import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  emptyRequest,
  errorResponse,
  loginRequest,
  meResponse,
  mfaSendRequest,
  mfaSendResponse,
  mfaVerifyRequest,
  passkeySignInRequest,
  passwordChangeRequest,
  reauthRequest,
  reauthResponse,
  signInAnswer,
  signInResponse,
  webAuthnOptionsResponse,
} from '../../../shared/schemas.ts';
import type { SignInAnswer } from '../../../shared/schemas.ts';
import { FORM_BODY_LIMIT_BYTES } from '../../http/limits.ts';
import { requestContext } from '../../http/request-context.ts';
import type { TrustedBrowserCookie } from '../mfa/trusted-browsers/service.ts';
import type { Proof } from '../mfa/service.ts';
import type { SessionCookie } from '../sessions/index.ts';
import type { PendingSignInCookie } from './pending-cookie.ts';
import type { Reauthentication } from './reauth.ts';
import type { SecondFactorStep } from './second-factor.ts';
import type { LoginService } from './service.ts';
import type { StartedSession } from './start-session.ts';

/** A WebAuthn response is a few kilobytes; still far below the default body limit. */
const WEBAUTHN_BODY_LIMIT_BYTES = 64 * 1024;

export function loginRoutes(deps: {
  login: LoginService;
  secondFactor: SecondFactorStep;
  reauth: Reauthentication;
  cookie: SessionCookie;
  pendingCookie: PendingSignInCookie;
  trustedCookie: TrustedBrowserCookie;
}): FastifyPluginAsyncZod {
  const { login, secondFactor, reauth, cookie, pendingCookie, trustedCookie } = deps;

  function sessionAnswer(reply: FastifyReply, started: StartedSession): SignInAnswer {
    cookie.set(reply, started.session.token);
    pendingCookie.clear(reply);
    return started.status === 'mfa_enrollment_required' ? { status: started.status, methods: started.allowedMethods } : { status: started.status };
  }

  return async (app) => {
    app.post(
      '/login',
      {
        config: { auth: 'public' },
        bodyLimit: FORM_BODY_LIMIT_BYTES,
        schema: {
          tags: ['auth'],
          summary: 'Sign in with e-mail or username and password',
          description: 'Answers `mfa_required` with a pending sign-in cookie when the account has a second factor; finish with /mfa/verify.',
          body: loginRequest,
          response: { 200: signInAnswer, 400: errorResponse, 401: errorResponse, 403: errorResponse, 423: errorResponse, 429: errorResponse },
        },
      },
      async (request, reply) => {
        const result = await login.signIn(request.body, requestContext(request), {
          replacedToken: cookie.read(request),
          trustedBrowserToken: trustedCookie.read(request),
        });
        if (result.kind === 'session') return sessionAnswer(reply, result.started);
        pendingCookie.set(reply, result.pending.token, result.pending.maxAgeSeconds);
        return { status: 'mfa_required' as const, ...result.challenge, trustBrowserAllowed: result.trustBrowserAllowed };
      },
    );

    app.get(
      '/mfa/pending',
      {
        config: { auth: 'pending-mfa' },
        schema: { tags: ['auth'], summary: 'The second-factor methods of the pending sign-in', response: { 200: signInAnswer, 401: errorResponse } },
      },
      async (request) => ({ status: 'mfa_required' as const, ...(await secondFactor.challenge(pendingCookie.read(request))) }),
    );

    app.post(
      '/mfa/send',
      {
        config: { auth: 'pending-mfa' },
        bodyLimit: FORM_BODY_LIMIT_BYTES,
        schema: {
          tags: ['auth'],
          summary: 'Send a sign-in code by SMS or e-mail',
          body: mfaSendRequest,
          response: { 202: mfaSendResponse, 400: errorResponse, 401: errorResponse, 429: errorResponse, 503: errorResponse },
        },
      },
      async (request, reply) => {
        const sent = await secondFactor.sendCode(pendingCookie.read(request), request.body.method, requestContext(request));
        return reply.code(202).send(sent);
      },
    );

    app.post(
      '/mfa/passkey/options',
      {
        config: { auth: 'pending-mfa' },
        schema: { tags: ['auth'], summary: 'A WebAuthn challenge for the pending sign-in', body: emptyRequest, response: { 200: webAuthnOptionsResponse, 400: errorResponse, 401: errorResponse } },
      },
      async (request) => ({ options: await secondFactor.passkeyOptions(pendingCookie.read(request)) }),
    );

    app.post(
      '/mfa/verify',
      {
        config: { auth: 'pending-mfa' },
        bodyLimit: WEBAUTHN_BODY_LIMIT_BYTES,
        schema: {
          tags: ['auth'],
          summary: 'Finish the sign-in with a second factor',
          body: mfaVerifyRequest,
          response: { 200: signInAnswer, 400: errorResponse, 401: errorResponse, 429: errorResponse },
        },
      },
      async (request, reply) => {
        const { trustBrowser, ...proof } = request.body;
        try {
          const result = await secondFactor.verify(
            pendingCookie.read(request),
            { proof: proof as Proof, trustBrowser: trustBrowser === true },
            requestContext(request),
            cookie.read(request),
          );
          if (result.trustedBrowser) trustedCookie.set(reply, result.trustedBrowser.token, result.trustedBrowser.maxAgeSeconds);
          return sessionAnswer(reply, result.started);
        } catch (error) {
          if (isEndOfPendingSignIn(error)) pendingCookie.clear(reply);
          throw error;
        }
      },
    );

    app.post(
      '/passkey/options',
      {
        config: { auth: 'public' },
        schema: {
          tags: ['auth'],
          summary: 'A WebAuthn challenge for signing in with a passkey alone',
          body: emptyRequest,
          response: { 200: webAuthnOptionsResponse, 400: errorResponse, 429: errorResponse },
        },
      },
      async (request) => ({ options: await secondFactor.passwordlessOptions(requestContext(request)) }),
    );

    app.post(
      '/passkey/login',
      {
        config: { auth: 'public' },
        bodyLimit: WEBAUTHN_BODY_LIMIT_BYTES,
        schema: {
          tags: ['auth'],
          summary: 'Sign in with a passkey (no password)',
          body: passkeySignInRequest,
          response: { 200: signInAnswer, 400: errorResponse, 401: errorResponse, 403: errorResponse, 423: errorResponse, 429: errorResponse },
        },
      },
      async (request, reply) => {
        const started = await secondFactor.signInWithPasskey(request.body.credential, requestContext(request), cookie.read(request));
        return sessionAnswer(reply, started);
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
        config: { auth: 'restricted' },
        schema: { tags: ['auth'], summary: 'Who is signed in', response: { 200: meResponse, 401: errorResponse } },
      },
      async (request) => {
        const { user, session } = request.auth!;
        const enrollmentRequired = session.mfa_enrollment_required === 1;
        return {
          user: { id: user.id, email: user.email, username: user.username, name: user.name, role: user.role, locale: user.locale },
          passwordChangeRequired: user.must_change_password === 1,
          mfaEnrollmentRequired: enrollmentRequired,
          mfaEnrollmentDueAt: enrollmentRequired ? null : user.mfa_grace_ends_at,
        };
      },
    );

    app.post(
      '/password/change',
      {
        config: { auth: 'restricted' },
        bodyLimit: FORM_BODY_LIMIT_BYTES,
        schema: {
          tags: ['auth'],
          summary: 'Change the own password; ends every other session',
          body: passwordChangeRequest,
          response: { 200: signInResponse, 400: errorResponse, 401: errorResponse },
        },
      },
      async (request, reply) => {
        const { user, session } = request.auth!;
        const result = await login.changePassword(user.id, request.body, requestContext(request), session.mfa_enrollment_required === 1);
        cookie.set(reply, result.session.token);
        return { status: result.status };
      },
    );

    app.post(
      '/reauth',
      {
        config: { auth: 'restricted' },
        bodyLimit: WEBAUTHN_BODY_LIMIT_BYTES,
        schema: {
          tags: ['auth'],
          summary: 'Prove who you are again before a sensitive action (password, a factor code or a passkey)',
          body: reauthRequest,
          response: { 200: reauthResponse, 400: errorResponse, 401: errorResponse, 429: errorResponse },
        },
      },
      async (request, reply) => {
        const { user, session } = request.auth!;
        const result = await reauth.reauthenticate(cookie.read(request)!, session, user, request.body as Proof | { password: string }, requestContext(request));
        cookie.set(reply, result.session.token);
        return { reauthenticatedUntil: result.reauthenticatedUntil };
      },
    );

    app.post(
      '/reauth/send',
      {
        config: { auth: 'restricted' },
        bodyLimit: FORM_BODY_LIMIT_BYTES,
        schema: {
          tags: ['auth'],
          summary: 'Send a re-authentication code by SMS or e-mail',
          body: mfaSendRequest,
          response: { 202: mfaSendResponse, 400: errorResponse, 429: errorResponse, 503: errorResponse },
        },
      },
      async (request, reply) => {
        const { user, session } = request.auth!;
        return reply.code(202).send(await reauth.sendCode(session, user, request.body.method, requestContext(request)));
      },
    );

    app.post(
      '/reauth/passkey/options',
      {
        config: { auth: 'restricted' },
        schema: { tags: ['auth'], summary: 'A WebAuthn challenge for re-authentication', body: emptyRequest, response: { 200: webAuthnOptionsResponse, 400: errorResponse } },
      },
      async (request) => {
        const { user, session } = request.auth!;
        return { options: await reauth.passkeyOptions(session, user) };
      },
    );
  };
}

function isEndOfPendingSignIn(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'mfa_sign_in_expired' || code === 'mfa_attempts_exceeded';
}
