import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponse, mfaPolicySchema } from '../../../shared/schemas.ts';
import type { MFAPolicyService } from '../../auth/mfa/policy.ts';
import { requestContext } from '../../http/request-context.ts';

const policyResponse = z.object({ policy: mfaPolicySchema });

/** The administrator's security settings, under /api/admin/settings. */
export function adminSettingsRoutes(deps: { mfaPolicy: MFAPolicyService }): FastifyPluginAsyncZod {
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
          summary: 'Set the two-step verification policy',
          description: 'mode: optional | roles (the listed roles must) | everyone (what OWASP ASVS 5.0 level 2 requires).',
          body: mfaPolicySchema,
          response: { 200: policyResponse, 400: errorResponse, 403: errorResponse },
        },
      },
      async (request) => ({ policy: await deps.mfaPolicy.set(request.body, request.auth!.user.id, requestContext(request)) }),
    );
  };
}
