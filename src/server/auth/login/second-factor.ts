import { AppError } from '../../errors.ts';
import type { Clock } from '../../infra/clock.ts';
import type { AuditLog, RequestContext } from '../audit/index.ts';
import { isWrongGuess } from '../mfa/guess-limit.ts';
import type { GuessLimit } from '../mfa/guess-limit.ts';
import type { MFAPolicyService } from '../mfa/policy.ts';
import type { MFAService, Proof, SignInChallenge } from '../mfa/service.ts';
import type { SentCode } from '../mfa/one-time-codes/service.ts';
import type { Credential, WebAuthnOptions } from '../mfa/passkeys/service.ts';
import type { TrustedBrowsers } from '../mfa/trusted-browsers/service.ts';
import type { UserRow, UserService } from '../users/index.ts';
import type { PendingSignInRow } from './pending-store.ts';
import type { PendingSignIns } from './pending.ts';
import type { StartedSession, StartSession } from './start-session.ts';

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
  passwordlessOptions(context: RequestContext): Promise<WebAuthnOptions>;
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
  guessLimit: GuessLimit;
  /** Passwordless challenges and answers per client address (each stores a row or an audit event). */
  passkeyRequests: { assertAllowed(ip: string): Promise<void> };
  audit: AuditLog;
  clock: Clock;
}): SecondFactorStep {
  const { pending, users, mfa, policy, trustedBrowsers, startSession, guessLimit, passkeyRequests, audit, clock } = deps;

  async function pendingUser(pendingToken: string | null): Promise<{ row: PendingSignInRow; user: UserRow }> {
    const row = await pending.find(pendingToken);
    const user = await users.findById(row.user_id);
    if (!user || user.status !== 'active') throw new AppError('mfa_sign_in_expired');
    return { row, user };
  }

  /** Ends the sign-in, pauses code entry and tells the person: someone knows their password. */
  async function endAttempt(user: UserRow, row: PendingSignInRow, context: RequestContext): Promise<never> {
    const pauseSeconds = await guessLimit.pause(user.id);
    await pending.end(row);
    await audit.record({ event: 'mfa.attempt_ended', context, actorId: user.id, targetId: user.id, details: { pauseSeconds } });
    await mfa.warnOfFailures(user, context);
    throw new AppError('mfa_attempts_exceeded', { retryAfterSeconds: pauseSeconds });
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
      return mfa.sendCode(user, method, { purpose: 'sign_in', id: row.id }, context);
    },

    passkeyOptions: async (pendingToken) => {
      const { row, user } = await pendingUser(pendingToken);
      return mfa.passkeyOptions(user, { purpose: 'sign_in', id: row.id });
    },

    verify: async (pendingToken, { proof, trustBrowser }, context, replacedToken) => {
      const { row, user } = await pendingUser(pendingToken);
      const reservation = await guessLimit.reserve(user.id);
      let attemptTry: { last: boolean };
      try {
        attemptTry = await pending.reserveTry(row);
      } catch (error) {
        await reservation.release();
        throw error;
      }
      try {
        await mfa.verify(user, proof, { purpose: 'sign_in', id: row.id }, context);
      } catch (error) {
        if (!isWrongGuess(error)) {
          await reservation.release();
          await pending.releaseTry(row);
        } else if (reservation.last || attemptTry.last) {
          return endAttempt(user, row, context);
        }
        throw error;
      }
      await reservation.succeeded();
      await pending.finish(row);
      const current = await policy.get();
      const started = await startSession(user, { method: `password+${proof.method}`, policy: current, context, replacedToken });
      if (!trustBrowser || !current.trustBrowserAllowed) return { started };
      const trustedBrowser = await trustedBrowsers.trust(user.id);
      await audit.record({ event: 'mfa.trusted_browser_added', context, actorId: user.id, targetId: user.id });
      return { started, trustedBrowser };
    },

    passwordlessOptions: async (context) => {
      await passkeyRequests.assertAllowed(context.ip);
      return mfa.passwordlessOptions();
    },

    signInWithPasskey: async (credential, context, replacedToken) => {
      await passkeyRequests.assertAllowed(context.ip);
      let user: UserRow | undefined;
      try {
        user = await users.findById(await mfa.verifyPasswordless(credential));
        if (!user) throw new AppError('passkey_invalid');
        await assertPasswordStillGood(user);
      } catch (error) {
        const reason = error instanceof AppError ? error.code : 'error';
        await audit.record({ event: 'login.failed', context, targetId: user?.id ?? null, details: { method: 'passkey', reason } });
        throw error;
      }
      return startSession(user, { method: 'passkey', policy: await policy.get(), context, replacedToken });
    },
  };
}
