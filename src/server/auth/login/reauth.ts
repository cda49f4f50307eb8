import { AppError } from '../../errors.ts';
import type { Clock } from '../../infra/clock.ts';

import type { AuditLog, RequestContext } from '../audit/index.ts';
import { accountThrottleKey } from '../lockout/index.ts';
import type { LoginThrottle } from '../lockout/index.ts';
import type { GuessLimit } from '../mfa/guess-limit.ts';
import type { SentCode } from '../mfa/one-time-codes/service.ts';
import type { WebAuthnOptions } from '../mfa/passkeys/service.ts';
import type { MFAService, MFAUser, Proof } from '../mfa/service.ts';
import { verifyCounted } from '../mfa/verify-counted.ts';
import { assertNotTooLong } from '../passwords/index.ts';
import type { PasswordHasher } from '../passwords/index.ts';
import { REAUTHENTICATION_WINDOW_MILLISECONDS } from '../sessions/index.ts';
import type { NewSession, SessionService } from '../sessions/index.ts';
import type { UserService } from '../users/index.ts';

export type ReauthProof = { password: string } | Proof;

export interface Reauthentication {
  /**
   * A fresh proof of identity inside a session: the password or a current factor. Success gives
   * the session a new token (OWASP ASVS 7.2.4) and opens the window for sensitive actions.
   */
  reauthenticate(
    sessionToken: string,
    session: { id: string },
    user: MFAUser,
    proof: ReauthProof,
    context: RequestContext,
  ): Promise<{ session: NewSession; reauthenticatedUntil: number }>;
  sendCode(session: { id: string }, user: MFAUser, method: 'sms' | 'email', context: RequestContext): Promise<SentCode & { destination: string }>;
  passkeyOptions(session: { id: string }, user: MFAUser): Promise<WebAuthnOptions>;
}

export function createReauthentication(deps: {
  users: UserService;
  hasher: PasswordHasher;
  throttle: LoginThrottle;
  mfa: MFAService;
  sessions: SessionService;
  guessLimit: GuessLimit;
  audit: AuditLog;
  clock: Clock;
}): Reauthentication {
  const { users, hasher, throttle, mfa, sessions, guessLimit, audit, clock } = deps;

  async function verifyPassword(user: MFAUser, password: string, context: RequestContext): Promise<void> {
    assertNotTooLong(password);
    const row = await users.findById(user.id);
    if (!row) throw new AppError('unauthenticated');
    // Counted toward the same limits as signing in: a stolen session cannot guess the password faster.
    const attempt = await throttle.begin({ key: accountThrottleKey(user.id), userId: user.id }, context);
    if (!(await hasher.verify(row.password_hash, password))) {
      await attempt.failed();
      throw new AppError('password_incorrect');
    }
    await attempt.succeeded();
  }

  return {
    reauthenticate: async (sessionToken, session, user, proof, context) => {
      try {
        if ('password' in proof) await verifyPassword(user, proof.password, context);
        else await verifyCounted({ mfa, guessLimit }, user, proof, { purpose: 'reauth', id: session.id }, context);
      } catch (error) {
        await audit.record({
          event: 'reauth.failed',
          context,
          actorId: user.id,
          targetId: user.id,
          details: { method: 'password' in proof ? 'password' : proof.method, reason: error instanceof AppError ? error.code : 'error' },
        });
        throw error;
      }
      const fresh = await sessions.replace(sessionToken, context, { reauthenticated: true });
      await audit.record({ event: 'reauth.succeeded', context, actorId: user.id, targetId: user.id, details: { method: 'password' in proof ? 'password' : proof.method } });
      return { session: fresh, reauthenticatedUntil: clock.now() + REAUTHENTICATION_WINDOW_MILLISECONDS };
    },
    sendCode: (session, user, method, context) => mfa.sendCode(user, method, { purpose: 'reauth', id: session.id }, context),
    passkeyOptions: (session, user) => mfa.passkeyOptions(user, { purpose: 'reauth', id: session.id }),
  };
}
