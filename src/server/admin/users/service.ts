import type { AuditLog, RequestContext } from '../../auth/audit/index.ts';
import { toPublicUser } from '../../auth/users/index.ts';
import type { PublicUser, UserService } from '../../auth/users/index.ts';
import type { SessionUser } from '../../auth/sessions/index.ts';
import { LOCALES } from '../../errors.ts';
import type { Locale } from '../../errors.ts';
import type { CreateUserRequest } from '../../../shared/schemas.ts';

export interface AdminUserService {
  list(): Promise<PublicUser[]>;
  /** OWASP ASVS 6.4.1/6.4.6: the administrator never chooses the password; one is generated and shown once. */
  create(
    input: CreateUserRequest,
    admin: SessionUser,
    context: RequestContext,
  ): Promise<{ user: PublicUser; temporaryPassword: string; temporaryPasswordExpiresAt: number }>;
}

export function createAdminUserService(deps: { users: UserService; audit: AuditLog }): AdminUserService {
  return {
    list: async () => (await deps.users.list()).map(toPublicUser),
    create: async (input, admin, context) => {
      // A new user first hears from Cairn in the language of the administrator who added them.
      const locale: Locale = (LOCALES as readonly string[]).includes(admin.locale) ? (admin.locale as Locale) : 'en';
      const { user, temporaryPassword } = await deps.users.createWithTemporaryPassword({ ...input, locale });
      await deps.audit.record({
        event: 'user.created',
        context,
        actorId: admin.id,
        targetId: user.id,
        details: { role: user.role, email: user.email },
      });
      return { user: toPublicUser(user), temporaryPassword, temporaryPasswordExpiresAt: user.temporary_password_expires_at! };
    },
  };
}
