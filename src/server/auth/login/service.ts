import { AppError } from '../../errors.ts';
import type { ErrorCode } from '../../errors.ts';
import type { Clock } from '../../infra/clock.ts';
import type { AuditLog, RequestContext } from '../audit/index.ts';
import { assertAcceptableNewPassword, assertNotTooLong, PASSWORD_MAX_LENGTH, passwordLength } from '../passwords/index.ts';
import type { PasswordHasher } from '../passwords/index.ts';
import type { MFAPolicyService } from '../mfa/policy.ts';
import type { MFAService, SignInChallenge } from '../mfa/service.ts';
import type { TrustedBrowsers } from '../mfa/trusted-browsers/service.ts';
import type { NewSession, SessionService } from '../sessions/index.ts';
import type { PendingSignIns, NewPendingSignIn } from './pending.ts';
import type { StartedSession, StartSession } from './start-session.ts';
import { normaliseIdentifier } from '../users/index.ts';
import type { UserRow, UserService } from '../users/index.ts';
import { accountThrottleKey } from '../lockout/index.ts';
import type { LoginThrottle } from '../lockout/index.ts';

export type SignInStatus = 'signed_in' | 'password_change_required' | 'mfa_enrollment_required';

export interface SignInResult {
  status: SignInStatus;
  session: NewSession;
}

/** The password step either opens a session or leaves a pending sign-in waiting for the second factor. */
export type PasswordStepResult =
  | { kind: 'session'; started: StartedSession }
  | { kind: 'pending'; pending: NewPendingSignIn; challenge: SignInChallenge; trustBrowserAllowed: boolean };

const AUDITED_IDENTIFIER_MAX_LENGTH = 100;
const auditedIdentifier = (identifier: string): string => identifier.slice(0, AUDITED_IDENTIFIER_MAX_LENGTH);

type FailureReason = 'unknown_identifier' | 'wrong_password' | 'account_disabled' | 'temporary_password_expired';
/** The audit log keeps the reason; the caller gets one answer for both ways of not knowing the password. */
const FAILURE_ANSWERS = {
  unknown_identifier: 'invalid_credentials',
  wrong_password: 'invalid_credentials',
  account_disabled: 'account_disabled',
  temporary_password_expired: 'temporary_password_expired',
} as const satisfies Record<FailureReason, ErrorCode>;

/** A generated initial password works for 72 hours, for signing in and for replacing it. */
function isTemporaryPasswordExpired(user: UserRow, now: number): boolean {
  return user.must_change_password === 1 && user.temporary_password_expires_at !== null && now >= user.temporary_password_expires_at;
}

/**
 * The sign-in state machine's first step: identifier + password → a pending sign-in waiting for
 * the second factor (see second-factor.ts), or a session (full, or limited to changing the
 * password or enrolling a second factor).
 */
export interface LoginService {
  /**
   * `replacedToken`: the session cookie the browser still held, ended once the new session
   * exists; `trustedBrowserToken`: the browser's "trust this browser" cookie.
   */
  signIn(
    input: { identifier: string; password: string },
    context: RequestContext,
    cookies: { replacedToken?: string | null; trustedBrowserToken?: string | null },
  ): Promise<PasswordStepResult>;
  signOut(token: string, context: RequestContext): Promise<void>;
  /**
   * Verifies the current password, sets the new one, ends every session of the user and opens
   * a fresh one (still limited to enrolment when `enrollmentRequired`).
   */
  changePassword(
    userId: string,
    input: { currentPassword: string; newPassword: string },
    context: RequestContext,
    enrollmentRequired: boolean,
  ): Promise<SignInResult>;
}

export function createLoginService(deps: {
  users: UserService;
  hasher: PasswordHasher;
  sessions: SessionService;
  audit: AuditLog;
  throttle: LoginThrottle;
  policy: MFAPolicyService;
  mfa: Pick<MFAService, 'challengeFor'>;
  trustedBrowsers: TrustedBrowsers;
  pending: PendingSignIns;
  startSession: StartSession;
  clock: Clock;
}): LoginService {
  const { users, hasher, sessions, audit, throttle, policy, mfa, trustedBrowsers, pending, startSession, clock } = deps;

  async function fail(context: RequestContext, identifier: string, userId: string | null, reason: FailureReason): Promise<never> {
    await audit.record({
      event: 'login.failed',
      context,
      targetId: userId,
      details: { identifier: auditedIdentifier(identifier), reason },
    });
    throw new AppError(FAILURE_ANSWERS[reason]);
  }

  return {
    signIn: async ({ identifier, password }, context, cookies) => {
      assertNotTooLong(password);
      const user = await users.findByIdentifier(identifier);
      // One count per account (its e-mail and username share it, as does the current-password
      // check); an unknown identifier gets its own, so it is throttled exactly like a known one.
      const key = user ? accountThrottleKey(user.id) : `identifier:${normaliseIdentifier(identifier)}`;
      const attempt = await throttle.begin({ key, userId: user?.id ?? null }, context);
      // An unknown identifier costs the same work and gets the same answer as a wrong password: no enumeration.
      const passwordMatches = user ? await hasher.verify(user.password_hash, password) : (await hasher.verifyDummy(password), false);
      if (!user || !passwordMatches) {
        if ((await attempt.failed()) === 'paused') {
          await audit.record({ event: 'login.paused', context, targetId: user?.id ?? null, details: { identifier: auditedIdentifier(identifier) } });
        }
        return fail(context, identifier, user?.id ?? null, user ? 'wrong_password' : 'unknown_identifier');
      }
      await attempt.succeeded();
      // Only someone who knows the password learns these states.
      if (user.status !== 'active') return fail(context, identifier, user.id, 'account_disabled');
      const now = clock.now();
      if (isTemporaryPasswordExpired(user, now)) return fail(context, identifier, user.id, 'temporary_password_expired');
      if (hasher.needsRehash(user.password_hash)) {
        await users.upgradePasswordHash(user.id, await hasher.hash(password));
      }
      const current = await policy.get();
      const challenge = await mfa.challengeFor(user.id, current);
      if (challenge.methods.length === 0) {
        return { kind: 'session', started: await startSession(user, { method: 'password', policy: current, context, replacedToken: cookies.replacedToken }) };
      }
      if (current.trustBrowserAllowed && (await trustedBrowsers.isTrusted(cookies.trustedBrowserToken ?? null, user.id))) {
        const started = await startSession(user, { method: 'password+trusted_browser', policy: current, context, replacedToken: cookies.replacedToken });
        return { kind: 'session', started };
      }
      return { kind: 'pending', pending: await pending.create(user.id), challenge, trustBrowserAllowed: current.trustBrowserAllowed };
    },

    signOut: async (token, context) => {
      const found = await sessions.validate(token);
      await sessions.revoke(token);
      if (found) await audit.record({ event: 'logout', context, actorId: found.user.id, targetId: found.user.id });
    },

    changePassword: async (userId, { currentPassword, newPassword }, context, enrollmentRequired) => {
      assertAcceptableNewPassword(newPassword);
      const user = await users.findById(userId);
      if (!user) throw new AppError('unauthenticated');
      if (isTemporaryPasswordExpired(user, clock.now())) throw new AppError('temporary_password_expired');
      // Guessing the current password with a stolen session is throttled like signing in.
      const attempt = await throttle.begin({ key: accountThrottleKey(user.id), userId: user.id }, context);
      const currentMatches =
        passwordLength(currentPassword) <= PASSWORD_MAX_LENGTH && (await hasher.verify(user.password_hash, currentPassword));
      if (!currentMatches) {
        await attempt.failed();
        await audit.record({ event: 'password.change_failed', context, actorId: user.id, targetId: user.id });
        throw new AppError('current_password_invalid');
      }
      await attempt.succeeded();
      if (currentPassword.normalize('NFKC') === newPassword.normalize('NFKC')) throw new AppError('password_unchanged');
      const now = clock.now();
      await users.setPassword(user.id, {
        passwordHash: await hasher.hash(newPassword),
        changedAt: now,
        mustChange: false,
        temporaryExpiresAt: null,
      });
      // DESIGN.md: a password change revokes every other session, and the session gets a new token.
      await sessions.revokeAllForUser(user.id);
      // Whoever changed the password may not be the one who trusted those browsers.
      await trustedBrowsers.forgetAll(user.id);
      const session = await sessions.create(user.id, context, { mfaEnrollmentRequired: enrollmentRequired });
      await audit.record({ event: 'password.changed', context, actorId: user.id, targetId: user.id });
      return { status: enrollmentRequired ? 'mfa_enrollment_required' : 'signed_in', session };
    },
  };
}
