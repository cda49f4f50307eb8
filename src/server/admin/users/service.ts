import type { AuditLog, RequestContext } from '../../auth/audit/index.ts';
import type { Lockouts } from '../../auth/lockout/index.ts';
import type { PendingSignIns } from '../../auth/login/pending.ts';
import type { MFAService } from '../../auth/mfa/service.ts';
import type { TrustedBrowsers } from '../../auth/mfa/trusted-browsers/service.ts';
import { administratorActionMessage, temporaryPasswordIssuedMessage } from '../../auth/recovery/messages.ts';
import type { AdministratorAction } from '../../auth/recovery/messages.ts';
import type { ResetLinks } from '../../auth/recovery/reset-links/types.ts';
import type { SessionService, SessionUser } from '../../auth/sessions/index.ts';
import { toPublicUser } from '../../auth/users/index.ts';
import type { PublicUser, UserRow, UserService } from '../../auth/users/index.ts';
import { AppError, LOCALES } from '../../errors.ts';
import type { Locale } from '../../errors.ts';
import type { Clock } from '../../infra/clock.ts';
import { recipientOf, utcTime } from '../../infra/messages/compose.ts';
import type { Messenger } from '../../infra/messages/messenger.ts';
import type { CreateUserRequest } from '../../../shared/schemas.ts';

/** Who acts: a signed-in administrator, or the command line (no account: `id` null). */
export interface Actor {
  id: string | null;
}

export interface TemporaryPassword {
  temporaryPassword: string;
  temporaryPasswordExpiresAt: number;
}

/** What an administrator does to other people's accounts. Every action is audited with the administrator as actor. */
export interface AdminUserService {
  list(): Promise<PublicUser[]>;
  /** OWASP ASVS 6.4.1/6.4.6: the administrator never chooses the password; one is generated and shown once. */
  create(input: CreateUserRequest, admin: SessionUser, context: RequestContext): Promise<{ user: PublicUser } & TemporaryPassword>;
  /**
   * For a person who lost their factors: removes them, ends the person's sessions and, where the
   * policy requires a second factor, makes them enrol one at their next sign-in (no new grace).
   */
  resetMFA(admin: SessionUser, userId: string, context: RequestContext): Promise<void>;
  /** Mails a reset link to the e-mail stored on the account. */
  sendResetLink(admin: Actor, userId: string, context: RequestContext): Promise<void>;
  /** A generated password, shown once, valid 72 hours, to be changed at sign-in; the person's sessions end. */
  issueTemporaryPassword(admin: Actor, userId: string, context: RequestContext): Promise<TemporaryPassword>;
  unlock(admin: Actor, userId: string, context: RequestContext): Promise<void>;
  setDisabled(admin: Actor, userId: string, disabled: boolean, context: RequestContext): Promise<void>;
  endSessions(admin: Actor, userId: string, context: RequestContext): Promise<void>;
}

export function createAdminUserService(deps: {
  users: UserService;
  mfa: MFAService;
  sessions: SessionService;
  pending: PendingSignIns;
  trustedBrowsers: TrustedBrowsers;
  lockouts: Lockouts;
  resetLinks: ResetLinks;
  messenger: Messenger;
  audit: AuditLog;
  clock: Clock;
}): AdminUserService {
  const { users, mfa, sessions, lockouts, audit, clock } = deps;

  async function target(userId: string): Promise<UserRow> {
    const user = await users.findById(userId);
    if (!user) throw new AppError('not_found');
    return user;
  }

  /** Nobody is signed in as the person any more, nor half-way through signing in. */
  async function signOutEverywhere(userId: string): Promise<void> {
    await sessions.revokeAllForUser(userId);
    await deps.pending.endAllForUser(userId);
  }

  const tell = (user: UserRow, action: AdministratorAction): Promise<void> =>
    deps.messenger.notify(administratorActionMessage(recipientOf(user), action, utcTime(clock.now())));

  return {
    list: async () => {
      const methods = await mfa.activeMethodsByUser();
      const locked = await lockouts.lockedUsers();
      return (await users.list()).map((user) => toPublicUser(user, methods.get(user.id) ?? [], locked.get(user.id) ?? null));
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
      const user = await target(userId);
      await mfa.resetAll(admin.id, user, context);
      await sessions.revokeAllForUser(user.id);
      await users.setMFAGraceEndsAt(user.id, clock.now());
    },
    sendResetLink: async (admin, userId, context) => {
      const user = await target(userId);
      if (user.status !== 'active') throw new AppError('account_disabled');
      await deps.resetLinks.send(user, 'admin', context, { actorId: admin.id });
    },
    issueTemporaryPassword: async (admin, userId, context) => {
      const user = await target(userId);
      const { temporaryPassword, expiresAt } = await users.setTemporaryPassword(user.id);
      await signOutEverywhere(user.id);
      await deps.trustedBrowsers.forgetAll(user.id);
      await lockouts.unlock(user.id);
      await audit.record({ event: 'password.temporary_issued', context, actorId: admin.id, targetId: user.id, details: { expiresAt } });
      // DESIGN.md: the person is told of a change of password, at the stored address.
      await deps.messenger.notify(temporaryPasswordIssuedMessage(recipientOf(user), utcTime(clock.now())));
      return { temporaryPassword, temporaryPasswordExpiresAt: expiresAt };
    },
    unlock: async (admin, userId, context) => {
      const user = await target(userId);
      const wasLocked = (await lockouts.lockedAt(user.id)) !== null;
      await lockouts.unlock(user.id);
      await audit.record({ event: 'account.unlocked', context, actorId: admin.id, targetId: user.id });
      if (wasLocked) await tell(user, 'unlocked');
    },
    setDisabled: async (admin, userId, disabled, context) => {
      const user = await target(userId);
      // An administrator who disables themselves may leave nobody able to undo it.
      if (user.id === admin.id) throw new AppError('cannot_change_own_account');
      await users.setStatus(user.id, disabled ? 'disabled' : 'active');
      if (disabled) await signOutEverywhere(user.id);
      await audit.record({ event: disabled ? 'account.disabled' : 'account.enabled', context, actorId: admin.id, targetId: user.id });
      await tell(user, disabled ? 'disabled' : 'enabled');
    },
    endSessions: async (admin, userId, context) => {
      const user = await target(userId);
      await signOutEverywhere(user.id);
      await audit.record({ event: 'sessions.revoked_by_admin', context, actorId: admin.id, targetId: user.id });
      await tell(user, 'sessions_ended');
    },
  };
}
