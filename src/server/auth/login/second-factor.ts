import { AppError } from '../../errors.ts';
import type { Clock } from '../../infra/clock.ts';
import type { Counters } from '../../infra/counters.ts';
import type { AuditLog, RequestContext } from '../audit/index.ts';
import type { MFAPolicyService } from '../mfa/policy.ts';
import type { MFAService, Proof, SignInChallenge } from '../mfa/service.ts';
import type { SentCode } from '../mfa/one-time-codes/service.ts';
import type { Credential, WebAuthnOptions } from '../mfa/passkeys/service.ts';
import type { TrustedBrowsers } from '../mfa/trusted-browsers/service.ts';
import type { UserRow, UserService } from '../users/index.ts';
import type { PendingSignIns } from './pending.ts';
import type { StartedSession, StartSession } from './start-session.ts';

/**
 * After a pending sign-in ends with too many wrong second factors, code entry for the account
 * pauses, longer each time within a day. The password itself is not locked: second-factor
 * failures are counted apart (DESIGN.md; Keycloak issue 46164 is what not to copy).
 */
const CODE_ENTRY_PAUSES_MILLISECONDS = [1, 5, 15, 60].map((minutes) => minutes * 60 * 1000);
const ENDED_ATTEMPTS_WINDOW_MILLISECONDS = 24 * 60 * 60 * 1000;

export interface SecondFactorStep {
  /** What the pending sign-in may prove with (for a reloaded page). */
  challenge(pendingToken: string | null): Promise<SignInChallenge & { trustBrowserAllowed: boolean }>;
  sendCode(pendingToken: string | null, method: 'sms' | 'email', context: RequestContext): Promise<SentCode & { destination: string }>;
  passkeyOptions(pendingToken: string | null): Promise<WebAuthnOptions>;
  /** The second factor: a session on success; the browser is trusted for 30 days when asked and allowed. */
  verify(
    pendingToken: string | null,
    input: { proof: Proof; trustBrowser: boolean },
    context: RequestContext,
    replacedToken: string | null,
  ): Promise<{ started: StartedSession; trustedBrowser?: { token: string; maxAgeSeconds: number } }>;
  passwordlessOptions(): Promise<WebAuthnOptions>;
  /** A discoverable, user-verified passkey is both factors at once. */
  signInWithPasskey(credential: Credential, context: RequestContext, replacedToken: string | null): Promise<StartedSession>;
}

export function createSecondFactorStep(deps: {
  pending: PendingSignIns;
  users: UserService;
  mfa: MFAService;
  policy: MFAPolicyService;
  trustedBrowsers: TrustedBrowsers;
  startSession: StartSession;
  counters: Counters;
  audit: AuditLog;
  clock: Clock;
}): SecondFactorStep {
  const { pending, users, mfa, policy, trustedBrowsers, startSession, counters, audit, clock } = deps;
  const pauseKey = (userId: string): string => `mfa-pause:${userId}`;

  async function pendingUser(pendingToken: string | null): Promise<{ row: Awaited<ReturnType<PendingSignIns['find']>>; user: UserRow }> {
    const row = await pending.find(pendingToken);
    const user = await users.findById(row.user_id);
    if (!user || user.status !== 'active') throw new AppError('mfa_sign_in_expired');
    return { row, user };
  }

  async function assertNotPaused(userId: string): Promise<void> {
    const now = clock.now();
    const pause = await counters.get(pauseKey(userId), now);
    if (pause) throw new AppError('mfa_attempts_exceeded', { retryAfterSeconds: Math.ceil((pause.expiresAt - now) / 1000) });
  }

  /** Ends the sign-in, pauses code entry and tells the person: someone knows their password. */
  async function endAttempt(user: UserRow, context: RequestContext): Promise<never> {
    const now = clock.now();
    const ended = await counters.increment(`mfa-ended:${user.id}`, ENDED_ATTEMPTS_WINDOW_MILLISECONDS, now);
    const pauseMilliseconds = CODE_ENTRY_PAUSES_MILLISECONDS[Math.min(ended.count, CODE_ENTRY_PAUSES_MILLISECONDS.length) - 1]!;
    await counters.reset(pauseKey(user.id));
    await counters.increment(pauseKey(user.id), pauseMilliseconds, now);
    await audit.record({ event: 'mfa.attempt_ended', context, actorId: user.id, targetId: user.id, details: { pauseSeconds: pauseMilliseconds / 1000 } });
    await mfa.warnOfFailures(user, context);
    throw new AppError('mfa_attempts_exceeded', { retryAfterSeconds: pauseMilliseconds / 1000 });
  }

  async function assertPasswordStillGood(user: UserRow): Promise<void> {
    // The same rules as the password step, for a sign-in that skipped it (passkey).
    if (user.status !== 'active') throw new AppError('account_disabled');
    if (user.must_change_password === 1 && user.temporary_password_expires_at !== null && clock.now() >= user.temporary_password_expires_at) {
      throw new AppError('temporary_password_expired');
    }
  }

  return {
    challenge: async (pendingToken) => {
      const { user } = await pendingUser(pendingToken);
      const current = await policy.get();
      return { ...(await mfa.challengeFor(user.id, current)), trustBrowserAllowed: current.trustBrowserAllowed };
    },

    sendCode: async (pendingToken, method, context) => {
      const { row, user } = await pendingUser(pendingToken);
      await assertNotPaused(user.id);
      return mfa.sendCode(user, method, { purpose: 'sign_in', id: row.id }, context);
    },

    passkeyOptions: async (pendingToken) => {
      const { row, user } = await pendingUser(pendingToken);
      return mfa.passkeyOptions(user, { purpose: 'sign_in', id: row.id });
    },

    verify: async (pendingToken, { proof, trustBrowser }, context, replacedToken) => {
      const { row, user } = await pendingUser(pendingToken);
      await assertNotPaused(user.id);
      try {
        await mfa.verify(user, proof, { purpose: 'sign_in', id: row.id }, context);
      } catch (error) {
        const guessed = error instanceof AppError && (error.code === 'mfa_code_invalid' || error.code === 'passkey_invalid');
        if (guessed && (await pending.failed(row))) return endAttempt(user, context);
        throw error;
      }
      await pending.finish(row);
      const current = await policy.get();
      const started = await startSession(user, { method: `password+${proof.method}`, policy: current, context, replacedToken });
      if (!trustBrowser || !current.trustBrowserAllowed) return { started };
      const trustedBrowser = await trustedBrowsers.trust(user.id);
      await audit.record({ event: 'mfa.trusted_browser_added', context, actorId: user.id, targetId: user.id });
      return { started, trustedBrowser };
    },

    passwordlessOptions: () => mfa.passwordlessOptions(),

    signInWithPasskey: async (credential, context, replacedToken) => {
      let userId: string;
      try {
        userId = await mfa.verifyPasswordless(credential);
      } catch (error) {
        await audit.record({ event: 'login.failed', context, details: { method: 'passkey', reason: error instanceof AppError ? error.code : 'error' } });
        throw error;
      }
      const user = await users.findById(userId);
      if (!user) throw new AppError('passkey_invalid');
      await assertPasswordStillGood(user);
      return startSession(user, { method: 'passkey', policy: await policy.get(), context, replacedToken });
    },
  };
}
