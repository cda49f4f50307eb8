import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  accountMFAResponse,
  codeConfirmRequest,
  emptyRequest,
  errorResponse,
  factorConfirmedResponse,
  mfaSendResponse,
  passkeyRegistrationRequest,
  recoveryCodesResponse,
  smsEnrollmentRequest,
  totpEnrollmentResponse,
  webAuthnOptionsResponse,
} from '../../../shared/schemas.ts';
import { FORM_BODY_LIMIT_BYTES } from '../../http/limits.ts';
import { requestContext } from '../../http/request-context.ts';
import type { SessionCookie, SessionService } from '../sessions/index.ts';
import type { UserService } from '../users/index.ts';
import type { MFAService } from './service.ts';

const WEBAUTHN_BODY_LIMIT_BYTES = 64 * 1024;
const factorParams = z.strictObject({ id: z.string().min(1).max(64) });

/** The signed-in person's own second factors, under /api/account/mfa. */
export function accountMFARoutes(deps: { mfa: MFAService; sessions: SessionService; users: UserService; cookie: SessionCookie }): FastifyPluginAsyncZod {
  const { mfa, sessions, users, cookie } = deps;

  /** After the first factor: the grace period is over, and a session limited to enrolment gets a full one with a new token. */
  async function enrolled(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const { user, session } = request.auth!;
    if (user.mfa_grace_ends_at !== null) await users.setMFAGraceEndsAt(user.id, null);
    if (session.mfa_enrollment_required === 1) {
      const fresh = await sessions.replace(cookie.read(request)!, requestContext(request), { mfaEnrolled: true });
      cookie.set(reply, fresh.token);
    }
  }

  /**
   * Adding a factor where one exists needs a recent proof: otherwise an old session could add
   * its own factor and use it to pass every later step-up.
   */
  async function assertMayAddFactor(request: FastifyRequest): Promise<void> {
    const { user, session } = request.auth!;
    if ((await mfa.activeMethods(user.id)).length > 0) sessions.assertRecentlyAuthenticated(session);
  }

  const confirmed = { 200: factorConfirmedResponse, 400: errorResponse, 401: errorResponse, 403: errorResponse };
  const sent = { 202: mfaSendResponse, 400: errorResponse, 403: errorResponse, 409: errorResponse, 429: errorResponse, 503: errorResponse };

  return async (app) => {
    // Enrolment answers even to a session limited to enrolment ('restricted'); removal and new recovery codes need a full session.
    app.get(
      '/',
      { config: { auth: 'restricted' }, schema: { tags: ['account'], summary: 'My second factors and the policy for me', response: { 200: accountMFAResponse } } },
      async (request) => {
        const { user, session } = request.auth!;
        return mfa.overview(user, user.mfa_grace_ends_at, sessions.reauthenticatedUntil(session));
      },
    );

    app.post(
      '/totp',
      {
        config: { auth: 'restricted' },
        schema: { tags: ['account'], summary: 'Start adding an authenticator app', body: emptyRequest, response: { 200: totpEnrollmentResponse, 400: errorResponse, 409: errorResponse } },
      },
      async (request) => {
        await assertMayAddFactor(request);
        return mfa.startTOTP(request.auth!.user, requestContext(request));
      },
    );

    for (const method of ['totp', 'sms', 'email'] as const) {
      app.post(
        `/${method}/confirm`,
        {
          config: { auth: 'restricted' },
          bodyLimit: FORM_BODY_LIMIT_BYTES,
          schema: { tags: ['account'], summary: `Confirm the new ${method} factor with a code`, body: codeConfirmRequest, response: confirmed },
        },
        async (request, reply) => {
          const result = await mfa.confirm(request.auth!.user, method, request.body.code, requestContext(request));
          await enrolled(request, reply);
          return result;
        },
      );
    }

    app.post(
      '/sms',
      {
        config: { auth: 'restricted' },
        bodyLimit: FORM_BODY_LIMIT_BYTES,
        schema: { tags: ['account'], summary: 'Add or change the phone for SMS codes (a code is sent to it)', body: smsEnrollmentRequest, response: sent },
      },
      async (request, reply) => {
        await assertMayAddFactor(request);
        return reply.code(202).send(await mfa.startSMS(request.auth!.user, request.body.phone, requestContext(request)));
      },
    );

    app.post(
      '/email',
      { config: { auth: 'restricted' }, schema: { tags: ['account'], summary: 'Add e-mail codes (a code is sent to the account address)', body: emptyRequest, response: sent } },
      async (request, reply) => {
        await assertMayAddFactor(request);
        return reply.code(202).send(await mfa.startEmail(request.auth!.user, requestContext(request)));
      },
    );

    app.post(
      '/passkeys/options',
      {
        config: { auth: 'restricted' },
        schema: { tags: ['account'], summary: 'A WebAuthn registration challenge', body: emptyRequest, response: { 200: webAuthnOptionsResponse, 400: errorResponse } },
      },
      async (request) => {
        await assertMayAddFactor(request);
        return { options: await mfa.passkeyRegistrationOptions(request.auth!.user, request.auth!.session.id) };
      },
    );

    app.post(
      '/passkeys',
      {
        config: { auth: 'restricted' },
        bodyLimit: WEBAUTHN_BODY_LIMIT_BYTES,
        schema: {
          tags: ['account'],
          summary: 'Register a passkey',
          body: passkeyRegistrationRequest,
          response: { 201: factorConfirmedResponse, 400: errorResponse, 401: errorResponse, 409: errorResponse },
        },
      },
      async (request, reply) => {
        await assertMayAddFactor(request);
        const { user, session } = request.auth!;
        const result = await mfa.registerPasskey(user, session.id, request.body.name, request.body.credential, requestContext(request));
        await enrolled(request, reply);
        return reply.code(201).send(result);
      },
    );

    app.delete(
      '/factors/:id',
      {
        config: { auth: 'session' },
        schema: {
          tags: ['account'],
          summary: 'Remove a second factor (needs a recent proof of identity)',
          params: factorParams,
          response: { 204: z.null(), 403: errorResponse, 404: errorResponse, 409: errorResponse },
        },
      },
      async (request, reply) => {
        const { user, session } = request.auth!;
        sessions.assertRecentlyAuthenticated(session);
        await mfa.removeFactor(user, request.params.id, requestContext(request));
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/recovery-codes',
      {
        config: { auth: 'session' },
        schema: {
          tags: ['account'],
          summary: 'New recovery codes; the old ones stop working (needs a recent proof of identity)', body: emptyRequest,
          response: { 200: recoveryCodesResponse, 400: errorResponse, 403: errorResponse },
        },
      },
      async (request) => {
        const { user, session } = request.auth!;
        sessions.assertRecentlyAuthenticated(session);
        return { recoveryCodes: await mfa.regenerateRecoveryCodes(user, requestContext(request)) };
      },
    );
  };
}
