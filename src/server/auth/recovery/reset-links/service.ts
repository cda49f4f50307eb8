import type { DB } from '../../../db/index.ts';
import { AppError } from '../../../errors.ts';
import type { Clock } from '../../../infra/clock.ts';
import { generateToken, hashToken } from '../../../infra/crypto.ts';
import type { RandomSource } from '../../../infra/crypto.ts';
import { localeOf, recipientOf, utcTime } from '../../../infra/messages/compose.ts';
import type { Messenger, StagedMessenger } from '../../../infra/messages/messenger.ts';
import type { AuditLog } from '../../audit/index.ts';
import type { Lockouts } from '../../lockout/index.ts';
import type { PendingSignIns } from '../../login/pending.ts';
import type { GuessLimit } from '../../mfa/guess-limit.ts';
import type { MFAPolicyService } from '../../mfa/policy.ts';
import type { MFAService } from '../../mfa/service.ts';
import type { TrustedBrowsers } from '../../mfa/trusted-browsers/service.ts';
import { verifyCounted } from '../../mfa/verify-counted.ts';
import { assertAcceptableNewPassword } from '../../passwords/index.ts';
import type { PasswordHasher } from '../../passwords/index.ts';
import type { SessionService } from '../../sessions/index.ts';
import type { UserRow, UserService } from '../../users/index.ts';
import { lockedMessage, passwordResetMessage, resetLinkMessage } from '../messages.ts';
import type { ResetTokenRow, ResetTokenStore } from './store.ts';
import type { ResetLinks } from './types.ts';

/** DESIGN.md: a reset link lives 30 minutes. */
export const RESET_LINK_TTL_MILLISECONDS = 30 * 60 * 1000;
export const RESET_LINK_TTL_MINUTES = RESET_LINK_TTL_MILLISECONDS / 60_000;
/** Used and expired tokens are kept a day (so a used link still says "used"), then deleted. */
const ENDED_TOKEN_KEEP_MILLISECONDS = 24 * 60 * 60 * 1000;

export function createResetLinks(deps: {
  db: DB;
  store: ResetTokenStore;
  users: UserService;
  hasher: PasswordHasher;
  mfa: MFAService;
  mfaPolicy: MFAPolicyService;
  guessLimit: GuessLimit;
  sessions: SessionService;
  pending: PendingSignIns;
  trustedBrowsers: TrustedBrowsers;
  lockouts: Lockouts;
  messenger: Messenger & StagedMessenger;
  audit: AuditLog;
  clock: Clock;
  random: RandomSource;
  publicURL: string;
}): ResetLinks & { sweep(): Promise<void> } {
  const { db, store, users, hasher, mfa, mfaPolicy, sessions, messenger, audit, clock } = deps;

  function newRow(user: UserRow, token: string, issuedBy: string, sentTo: string): ResetTokenRow {
    const now = clock.now();
    return { id: hashToken(token), user_id: user.id, issued_by: issuedBy, sent_to: sentTo, created_at: now, expires_at: now + RESET_LINK_TTL_MILLISECONDS, used_at: null };
  }

  /**
   * The live token and its account. A token ends when used, when it expires, or when deleted: by
   * a newer one, or by any change of password (users' onPasswordChanged). The timestamp check
   * also holds against a change that raced the token's creation.
   */
  async function live(token: string): Promise<{ row: ResetTokenRow; user: UserRow }> {
    const row = await store.find(hashToken(token));
    const user = row && (await users.findById(row.user_id));
    const now = clock.now();
    if (!row || !user || row.used_at !== null || now >= row.expires_at || row.created_at < user.password_changed_at || user.status !== 'active') {
      throw new AppError('reset_link_invalid');
    }
    return { row, user };
  }

  async function challenge(user: UserRow): Promise<Awaited<ReturnType<MFAService['challengeFor']>> | null> {
    const found = await mfa.challengeFor(user.id, await mfaPolicy.get());
    return found.methods.length > 0 ? found : null;
  }

  return {
    send: async (user, issuedBy, context, options = {}) => {
      const token = generateToken(deps.random);
      const sendTo = options.sendTo ?? user.email;
      const url = `${deps.publicURL}/reset-password#token=${token}`;
      // The token and its mail commit together: no link without its mail, no mail without its link.
      await db.transaction().execute(async (trx) => {
        await store.replaceForUser(trx, newRow(user, token, issuedBy, sendTo));
        const recipient = { id: user.id, email: sendTo, locale: localeOf(user) };
        // The lockout mail is the reset link with the reason it came.
        const message =
          issuedBy === 'lockout'
            ? lockedMessage(recipient, url, RESET_LINK_TTL_MINUTES)
            : resetLinkMessage(recipient, url, RESET_LINK_TTL_MINUTES);
        await messenger.stage(trx, message);
      });
      messenger.deliverStaged();
      await audit.record({
        event: 'password.reset_link_sent',
        context,
        actorId: options.actorId ?? null,
        targetId: user.id,
        details: { issuedBy, sentTo: sendTo },
      });
    },

    issueToken: async (user, issuedBy, context) => {
      const token = generateToken(deps.random);
      await store.replaceForUser(db, newRow(user, token, issuedBy, ''));
      await audit.record({ event: 'password.reset_link_sent', context, targetId: user.id, details: { issuedBy, sentTo: 'page' } });
      return token;
    },

    check: async (token) => {
      const { row, user } = await live(token);
      return { expiresAt: row.expires_at, mfa: await challenge(user) };
    },

    sendCode: async (token, method, context) => {
      const { row, user } = await live(token);
      return mfa.sendCode(user, method, { purpose: 'recovery', id: row.id }, context);
    },

    passkeyOptions: async (token) => {
      const { row, user } = await live(token);
      return mfa.passkeyOptions(user, { purpose: 'recovery', id: row.id });
    },

    reset: async (token, password, proof, context) => {
      const { row, user } = await live(token);
      assertAcceptableNewPassword(password);
      // DESIGN.md: a reset link never bypasses a second factor the account has.
      if (await challenge(user)) {
        if (!proof) throw new AppError('reset_mfa_required');
        try {
          await verifyCounted(deps, user, proof, { purpose: 'recovery', id: row.id }, context);
        } catch (error) {
          await audit.record({
            event: 'password.reset_failed',
            context,
            targetId: user.id,
            details: { method: proof.method, reason: error instanceof AppError ? error.code : 'error' },
          });
          throw error;
        }
      }
      const passwordHash = await hasher.hash(password);
      const now = clock.now();
      // Single use, also under two concurrent resets: only one caller marks the token used.
      if (!(await store.consume(row.id, now))) throw new AppError('reset_link_invalid');
      await users.setPassword(user.id, { passwordHash, changedAt: now, mustChange: false, temporaryExpiresAt: null });
      // Whoever knew the old password is out: sessions, half-done sign-ins, trusted browsers.
      await sessions.revokeAllForUser(user.id);
      await deps.pending.endAllForUser(user.id);
      await deps.trustedBrowsers.forgetAll(user.id);
      // A reset also ends a lockout: otherwise lockout would be a way to shut people out.
      await deps.lockouts.unlock(user.id);
      await audit.record({ event: 'password.reset', context, actorId: user.id, targetId: user.id, details: { issuedBy: row.issued_by } });
      await messenger.notify(passwordResetMessage(recipientOf(user), utcTime(now), context.ip));
    },

    sweep: () => store.deleteEndedBefore(clock.now() - ENDED_TOKEN_KEEP_MILLISECONDS),
  };
}
