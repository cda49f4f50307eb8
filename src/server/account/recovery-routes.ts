import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  accountRecoveryResponse,
  backupChannelSentResponse,
  backupEmailRequest,
  backupPhoneRequest,
  securityQuestionsRequest,
} from '../../shared/recovery.ts';
import { codeConfirmRequest, errorResponse } from '../../shared/schemas.ts';
import type { BackupChannels } from '../auth/recovery/backup-channels/service.ts';
import type { SecurityQuestions } from '../auth/recovery/security-questions/service.ts';
import type { SessionService } from '../auth/sessions/index.ts';
import { FORM_BODY_LIMIT_BYTES } from '../http/limits.ts';
import { requestContext } from '../http/request-context.ts';

/** The signed-in person's ways back in, under /api/account/recovery: backup e-mail and phone, security questions. */
export function accountRecoveryRoutes(deps: {
  channels: BackupChannels;
  questions: SecurityQuestions;
  sessions: SessionService;
}): FastifyPluginAsyncZod {
  const { channels, questions, sessions } = deps;
  const sent = { 200: backupChannelSentResponse, 400: errorResponse, 403: errorResponse, 429: errorResponse, 503: errorResponse };
  const done = { 204: z.null(), 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse };

  return async (app) => {
    app.get(
      '/',
      { config: { auth: 'session' }, schema: { tags: ['account'], summary: 'My backup channels and security questions', response: { 200: accountRecoveryResponse } } },
      async (request) => {
        const { user, session } = request.auth!;
        const [overview, configured, enabled] = await Promise.all([channels.overview(user.id), questions.configured(user.id), questions.enabled()]);
        return {
          ...overview,
          securityQuestions: { enabled, configured },
          reauthenticatedUntil: sessions.reauthenticatedUntil(session),
        };
      },
    );

    // Where a reset link or code may go is as sensitive as the password: adding or removing one needs a recent proof.
    app.post(
      '/backup-email',
      {
        config: { auth: 'session' },
        bodyLimit: FORM_BODY_LIMIT_BYTES,
        schema: { tags: ['account'], summary: 'Add or change the backup e-mail (a code is sent to it; needs a recent proof of identity)', body: backupEmailRequest, response: sent },
      },
      async (request) => {
        const { user, session } = request.auth!;
        sessions.assertRecentlyAuthenticated(session);
        return channels.startEmail(user, request.body.email, session.id, requestContext(request));
      },
    );

    app.post(
      '/backup-phone',
      {
        config: { auth: 'session' },
        bodyLimit: FORM_BODY_LIMIT_BYTES,
        schema: { tags: ['account'], summary: 'Add or change the backup phone (a code is sent by SMS; needs a recent proof of identity)', body: backupPhoneRequest, response: sent },
      },
      async (request) => {
        const { user, session } = request.auth!;
        sessions.assertRecentlyAuthenticated(session);
        return channels.startPhone(user, request.body.phone, session.id, requestContext(request));
      },
    );

    for (const [path, kind] of [['backup-email', 'email'], ['backup-phone', 'phone']] as const) {
      app.post(
        `/${path}/confirm`,
        {
          config: { auth: 'session' },
          bodyLimit: FORM_BODY_LIMIT_BYTES,
          schema: { tags: ['account'], summary: `Confirm the new backup ${kind} with the code sent to it`, body: codeConfirmRequest, response: done },
        },
        async (request, reply) => {
          const { user, session } = request.auth!;
          await channels.confirm(user, kind, request.body.code, session.id, requestContext(request));
          return reply.code(204).send(null);
        },
      );

      app.delete(
        `/${path}`,
        { config: { auth: 'session' }, schema: { tags: ['account'], summary: `Remove the backup ${kind} (needs a recent proof of identity)`, response: done } },
        async (request, reply) => {
          const { user, session } = request.auth!;
          sessions.assertRecentlyAuthenticated(session);
          await channels.remove(user, kind, requestContext(request));
          return reply.code(204).send(null);
        },
      );
    }

    app.put(
      '/security-questions',
      {
        config: { auth: 'session' },
        bodyLimit: FORM_BODY_LIMIT_BYTES,
        schema: {
          tags: ['account'],
          summary: 'Set the answers to security questions, replacing earlier ones (needs a recent proof of identity)',
          body: securityQuestionsRequest,
          response: done,
        },
      },
      async (request, reply) => {
        const { user, session } = request.auth!;
        await questions.assertEnabled();
        sessions.assertRecentlyAuthenticated(session);
        await questions.set(user, request.body.answers, requestContext(request));
        return reply.code(204).send(null);
      },
    );

    app.delete(
      '/security-questions',
      { config: { auth: 'session' }, schema: { tags: ['account'], summary: 'Remove the answers to security questions', response: done } },
      async (request, reply) => {
        await questions.remove(request.auth!.user, requestContext(request));
        return reply.code(204).send(null);
      },
    );
  };
}
