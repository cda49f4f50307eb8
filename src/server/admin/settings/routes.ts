import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recoverySettingsSchema } from '../../../shared/recovery.ts';
import { errorResponse, mfaPolicySchema } from '../../../shared/schemas.ts';
import type { MFAPolicyService } from '../../auth/mfa/policy.ts';
import type { RecoverySettingsService } from '../../auth/recovery/settings.ts';
import type { SessionService } from '../../auth/sessions/index.ts';
import { requestContext } from '../../http/request-context.ts';

const policyResponse = z.object({ policy: mfaPolicySchema });

/** The administrator's security settings, under /api/admin/settings. */
export function adminSettingsRoutes(deps: {
  mfaPolicy: MFAPolicyService;
  recoverySettings: RecoverySettingsService;
  sessions: SessionService;
}): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/mfa',
      {
        config: { auth: 'session', permission: 'settings.manage' },
        schema: { tags: ['admin'], summary: 'The two-step verification policy', response: { 200: policyResponse, 403: errorResponse } },
      },
      async () => ({ policy: await deps.mfaPolicy.get() }),
    );

    app.put(
      '/mfa',
      {
        config: { auth: 'session', permission: 'settings.manage' },
        schema: {
          tags: ['admin'],
          summary: 'Set the two-step verification policy (needs a recent proof of identity)',
          description: 'mode: optional | roles (the listed roles must) | everyone (what OWASP ASVS 5.0 level 2 requires).',
          body: mfaPolicySchema,
          response: { 200: policyResponse, 400: errorResponse, 403: errorResponse },
        },
      },
      async (request) => {
        // It decides for everyone whether a password alone opens the account: a recent proof first.
        deps.sessions.assertRecentlyAuthenticated(request.auth!.session);
        return { policy: await deps.mfaPolicy.set(request.body, request.auth!.user.id, requestContext(request)) };
      },
    );

    app.get(
      '/recovery',
      {
        config: { auth: 'session', permission: 'settings.manage' },
        schema: { tags: ['admin'], summary: 'Security questions and lockout thresholds', response: { 200: recoverySettingsSchema, 403: errorResponse } },
      },
      async () => deps.recoverySettings.get(),
    );

    app.put(
      '/recovery',
      {
        config: { auth: 'session', permission: 'settings.manage' },
        schema: {
          tags: ['admin'],
          summary: 'Set security questions and lockout thresholds (needs a recent proof of identity)',
          description: 'lockAfterFailures is at most 100 (NIST SP 800-63B-4).',
          body: recoverySettingsSchema,
          response: { 200: recoverySettingsSchema, 400: errorResponse, 403: errorResponse },
        },
      },
      async (request) => {
        deps.sessions.assertRecentlyAuthenticated(request.auth!.session);
        return deps.recoverySettings.set(request.body, request.auth!.user.id, requestContext(request));
      },
    );
  };
}
