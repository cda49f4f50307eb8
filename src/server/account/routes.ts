import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { accountUpdateRequest, errorResponse, userSchema } from '../../shared/schemas.ts';
import { toPublicUser } from '../auth/users/index.ts';
import type { UserService } from '../auth/users/index.ts';
import type { MFAService } from '../auth/mfa/service.ts';
import { z } from 'zod';

export function accountRoutes(deps: { users: UserService; mfa: Pick<MFAService, 'activeMethods'> }): FastifyPluginAsyncZod {
  return async (app) => {
    app.patch(
      '/',
      {
        // Language is allowed even before the forced password change: that page must speak it too.
        config: { auth: 'restricted' },
        schema: {
          tags: ['account'],
          summary: 'Change the own preferences (language)',
          body: accountUpdateRequest,
          response: { 200: z.object({ user: userSchema }), 400: errorResponse },
        },
      },
      async (request) => {
        const user = await deps.users.setLocale(request.auth!.user.id, request.body.locale);
        return { user: toPublicUser(user, await deps.mfa.activeMethods(user.id)) };
      },
    );
  };
}
