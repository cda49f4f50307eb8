import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  assistedAcceptedResponse,
  assistedRequest,
  assistedStatusRequest,
  assistedStatusResponse,
  backupRecoveryRequest,
  backupRecoveryResponse,
  backupVerifyRequest,
  questionsAnswerRequest,
  questionsAnswerResponse,
  questionsStartRequest,
  questionsStartResponse,
  resetTokenResponse,
} from '../../../shared/recovery.ts';
import { errorResponse } from '../../../shared/schemas.ts';
import { FORM_BODY_LIMIT_BYTES } from '../../http/limits.ts';
import { requestContext } from '../../http/request-context.ts';
import type { AssistedRequests } from './assisted/service.ts';
import type { RecoveryAttempts } from './attempts/service.ts';
import type { BackgroundTasks } from '../../infra/background.ts';

/**
 * Getting back in without the password, under /api/auth/recovery (public): a backup e-mail or
 * phone, security questions, and the "I can't get in" request to an administrator.
 */
export function recoveryExtrasRoutes(deps: { attempts: RecoveryAttempts; assisted: AssistedRequests; background: BackgroundTasks }): FastifyPluginAsyncZod {
  const { attempts, assisted, background } = deps;
  return async (app) => {
    // Work started after an answer finishes before the database closes.
    app.addHook('onClose', async () => background.whenIdle());

    app.post(
      '/backup',
      {
        config: { auth: 'public' },
        bodyLimit: FORM_BODY_LIMIT_BYTES,
        schema: {
          tags: ['recovery'],
          summary: 'Send a reset link to the confirmed backup e-mail, or a code to the confirmed backup phone',
          description: 'The same answer whether or not the identifier matches an account with such a channel.',
          body: backupRecoveryRequest,
          response: { 202: backupRecoveryResponse, 400: errorResponse, 429: errorResponse },
        },
      },
      async (request, reply) => {
        const started = await attempts.startBackup(request.body.identifier, request.body.channel, requestContext(request));
        return reply.code(202).send({ status: 'accepted', ...started });
      },
    );

    app.post(
      '/backup/verify',
      {
        config: { auth: 'public' },
        bodyLimit: FORM_BODY_LIMIT_BYTES,
        schema: {
          tags: ['recovery'],
          summary: 'Exchange the code sent to a backup channel for a reset token',
          body: backupVerifyRequest,
          response: { 200: resetTokenResponse, 400: errorResponse, 401: errorResponse, 410: errorResponse },
        },
      },
      async (request) => ({ token: await attempts.verifyCode(request.body.attempt, request.body.code, requestContext(request)) }),
    );

    app.post(
      '/questions',
      {
        config: { auth: 'public' },
        bodyLimit: FORM_BODY_LIMIT_BYTES,
        schema: {
          tags: ['recovery'],
          summary: 'The security questions to answer for this identifier',
          body: questionsStartRequest,
          response: { 200: questionsStartResponse, 400: errorResponse, 404: errorResponse, 429: errorResponse },
        },
      },
      async (request) => attempts.startQuestions(request.body.identifier, requestContext(request)),
    );

    app.post(
      '/questions/answer',
      {
        config: { auth: 'public' },
        bodyLimit: FORM_BODY_LIMIT_BYTES,
        schema: {
          tags: ['recovery'],
          summary: 'Answer the security questions; right answers send a code to a confirmed backup channel',
          body: questionsAnswerRequest,
          response: { 200: questionsAnswerResponse, 400: errorResponse, 401: errorResponse, 404: errorResponse, 410: errorResponse, 429: errorResponse, 503: errorResponse },
        },
      },
      async (request) => attempts.answerQuestions(request.body.attempt, request.body.answers, requestContext(request)),
    );

    app.post(
      '/assisted',
      {
        config: { auth: 'public' },
        bodyLimit: FORM_BODY_LIMIT_BYTES,
        schema: {
          tags: ['recovery'],
          summary: "Ask an administrator for help getting in (\"I can't get in\")",
          body: assistedRequest,
          response: { 202: assistedAcceptedResponse, 400: errorResponse, 429: errorResponse },
        },
      },
      async (request, reply) => {
        const { statusToken } = await assisted.file(request.body, requestContext(request));
        return reply.code(202).send({ status: 'accepted', statusToken });
      },
    );

    app.post(
      '/assisted/status',
      {
        config: { auth: 'public' },
        bodyLimit: FORM_BODY_LIMIT_BYTES,
        schema: {
          tags: ['recovery'],
          summary: 'The outcome of an assisted request',
          body: assistedStatusRequest,
          response: { 200: assistedStatusResponse, 400: errorResponse, 404: errorResponse },
        },
      },
      async (request) => assisted.status(request.body.statusToken),
    );
  };
}
