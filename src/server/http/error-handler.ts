import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, ERRORS, errorMessage } from '../errors.ts';
import type { ErrorCode } from '../errors.ts';
import { requestLocale } from './request-context.ts';
import { validationFields } from './validation-messages.ts';

/** Fastify's own error codes mapped to the catalogue; anything unknown is a 500 with no detail. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed_json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'malformed_json',
};

export function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  code: ErrorCode,
  extra: { fields?: Record<string, string> | undefined; retryAfterSeconds?: number | undefined; permission?: string | undefined } = {},
): FastifyReply {
  const { fields, retryAfterSeconds, permission } = extra;
  if (retryAfterSeconds !== undefined) reply.header('retry-after', String(retryAfterSeconds));
  return reply.code(ERRORS[code].status).send({
    error: {
      code,
      message: errorMessage(code, requestLocale(request)),
      ...(fields ? { fields } : {}),
      ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
      ...(permission ? { permission } : {}),
    },
  });
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) return sendError(request, reply, error.code, error);
    if (hasZodFastifySchemaValidationErrors(error)) {
      return sendError(request, reply, 'validation_failed', { fields: validationFields(error.validation, requestLocale(request)) });
    }
    const mapped = error.code ? FASTIFY_CODES[error.code] : undefined;
    if (mapped) return sendError(request, reply, mapped);
    if (error.statusCode === 415) return sendError(request, reply, 'unsupported_media_type');
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      request.log.info({ err: error }, 'client error');
      return sendError(request, reply, 'validation_failed');
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendError(request, reply, 'internal_error');
  });
}
