import type { AuditLog, RequestContext } from '../../auth/audit/index.ts';
import type { MFAService } from '../../auth/mfa/service.ts';
import type { SessionService, SessionUser } from '../../auth/sessions/index.ts';
import { toPublicUser } from '../../auth/users/index.ts';
import type { PublicUser, UserService } from '../../auth/users/index.ts';
import { AppError, LOCALES } from '../../errors.ts';
import type { Locale } from '../../errors.ts';
import type { Clock } from '../../infra/clock.ts';
import type { CreateUserRequest } from '../../../shared/schemas.ts';

export interface AdminUserService {
  list(): Promise<PublicUser[]>;
  /** OWASP ASVS 6.4.1/6.4.6: the administrator never chooses the password; one is generated and shown once. */
  create(
    input: CreateUserRequest,
    admin: SessionUser,
    context: RequestContext,
  ): Promise<{ user: PublicUser; temporaryPassword: string; temporaryPasswordExpiresAt: number }>;
  /**
   * For a person who lost their factors: removes them, ends the person's sessions and, where the
   * policy requires a second factor, makes them enrol one at their next sign-in (no new grace).
   */
  resetMFA(admin: SessionUser, userId: string, context: RequestContext): Promise<void>;
}

export function createAdminUserService(deps: { users: UserService; mfa: MFAService; sessions: SessionService; audit: AuditLog; clock: Clock }): AdminUserService {
  const { users, mfa, sessions, audit, clock } = deps;
  return {
    list: async () => {
      const methods = await mfa.activeMethodsByUser();
      return (await users.list()).map((user) => toPublicUser(user, methods.get(user.id) ?? []));
    },
    create: async (input, admin, context) => {
      // A new user first hears from Cairn in the language of the administrator who added them.
      const locale: Locale = (LOCALES as readonly string[]).includes(admin.locale) ? (admin.locale as Locale) : 'en';
      const { user, temporaryPassword } = await users.createWithTemporaryPassword({ ...input, locale });
      await audit.record({
        event: 'user.created',
        context,
        actorId: admin.id,
        targetId: user.id,
        details: { role: user.role, email: user.email },
      });
      return { user: toPublicUser(user, []), temporaryPassword, temporaryPasswordExpiresAt: user.temporary_password_expires_at! };
    },
    resetMFA: async (admin, userId, context) => {
      const user = await users.findById(userId);
      if (!user) throw new AppError('not_found');
      await mfa.resetAll(admin.id, user, context);
      await sessions.revokeAllForUser(user.id);
      await users.setMFAGraceEndsAt(user.id, clock.now());
    },
  };
}
