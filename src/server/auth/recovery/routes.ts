import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  recoveryAcceptedResponse,
  recoveryRequest,
  resetLinkResponse,
  resetPasswordRequest,
  resetPasswordResponse,
  resetSendCodeRequest,
  resetTokenRequest,
} from '../../../shared/recovery.ts';
import { errorResponse, mfaSendResponse, webAuthnOptionsResponse } from '../../../shared/schemas.ts';
import { FORM_BODY_LIMIT_BYTES } from '../../http/limits.ts';
import { requestContext } from '../../http/request-context.ts';
import type { Proof } from '../mfa/service.ts';
import { RESET_LINK_TTL_MINUTES } from './reset-links/service.ts';
import type { ResetLinks } from './reset-links/types.ts';
import { RESEND_AFTER_SECONDS } from './request.ts';
import type { PasswordResetRequests } from './request.ts';

/** A passkey answer is a few kilobytes. */
const WEBAUTHN_BODY_LIMIT_BYTES = 64 * 1024;

/** "Forgot password": public routes under /api/auth/recovery (docs/recovery-api.md). */
export function passwordResetRoutes(deps: { requests: PasswordResetRequests; resetLinks: ResetLinks }): FastifyPluginAsyncZod {
  const { requests, resetLinks } = deps;
  return async (app) => {
    app.post(
      '/request',
      {
        config: { auth: 'public' },
        bodyLimit: FORM_BODY_LIMIT_BYTES,
        schema: {
          tags: ['recovery'],
          summary: 'Mail a password reset link',
          description: 'Always 202 with the same body: a link goes to the e-mail stored on the matching account, if any.',
          body: recoveryRequest,
          response: { 202: recoveryAcceptedResponse, 400: errorResponse, 429: errorResponse },
        },
      },
      async (request, reply) => {
        await requests.request(request.body.identifier, requestContext(request));
        return reply
          .code(202)
          .send({ status: 'accepted' as const, expiresInMinutes: RESET_LINK_TTL_MINUTES, resendAfterSeconds: RESEND_AFTER_SECONDS });
      },
    );

    app.post(
      '/check',
      {
        config: { auth: 'public' },
        bodyLimit: FORM_BODY_LIMIT_BYTES,
        schema: {
          tags: ['recovery'],
          summary: 'Whether a reset link still works, and the second factor it needs',
          body: resetTokenRequest,
          response: { 200: resetLinkResponse, 400: errorResponse, 410: errorResponse },
        },
      },
      async (request) => resetLinks.check(request.body.token),
    );

    app.post(
      '/mfa/send',
      {
        config: { auth: 'public' },
        bodyLimit: FORM_BODY_LIMIT_BYTES,
        schema: {
          tags: ['recovery'],
          summary: 'Send an SMS or e-mail code for this reset',
          body: resetSendCodeRequest,
          response: { 200: mfaSendResponse, 400: errorResponse, 410: errorResponse, 429: errorResponse, 503: errorResponse },
        },
      },
      async (request) => {
        const sent = await resetLinks.sendCode(request.body.token, request.body.method, requestContext(request));
        return { destination: sent.destination, expiresInSeconds: sent.expiresInSeconds, resendAfterSeconds: sent.resendAfterSeconds };
      },
    );

    app.post(
      '/mfa/passkey-options',
      {
        config: { auth: 'public' },
        bodyLimit: FORM_BODY_LIMIT_BYTES,
        schema: {
          tags: ['recovery'],
          summary: 'A passkey challenge for this reset',
          body: resetTokenRequest,
          response: { 200: webAuthnOptionsResponse, 400: errorResponse, 410: errorResponse },
        },
      },
      async (request) => ({ options: await resetLinks.passkeyOptions(request.body.token) }),
    );

    app.post(
      '/reset',
      {
        config: { auth: 'public' },
        bodyLimit: WEBAUTHN_BODY_LIMIT_BYTES,
        schema: {
          tags: ['recovery'],
          summary: 'Set a new password with a reset link (and the second factor, where the account has one)',
          description: 'Ends every session of the account; the person then signs in with the new password.',
          body: resetPasswordRequest,
          response: { 200: resetPasswordResponse, 400: errorResponse, 401: errorResponse, 410: errorResponse, 429: errorResponse },
        },
      },
      async (request) => {
        const { token, password, mfa } = request.body;
        await resetLinks.reset(token, password, mfa as Proof | undefined, requestContext(request));
        return { status: 'password_reset' as const };
      },
    );
  };
}
