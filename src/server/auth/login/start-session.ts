import type { MFAFactorMethod, MFAPolicy } from '../../../shared/schemas.ts';
import type { Clock } from '../../infra/clock.ts';
import type { AuditLog, RequestContext } from '../audit/index.ts';
import { requiresMFA } from '../mfa/policy.ts';
import type { MFAService } from '../mfa/service.ts';
import type { NewSession, SessionService } from '../sessions/index.ts';
import type { UserRow, UserService } from '../users/index.ts';

const DAY_MILLISECONDS = 24 * 60 * 60 * 1000;

/** How the person got in, for the audit log. */
export type SignInMethod = 'password' | 'password+trusted_browser' | `password+${MFAFactorMethod | 'recovery_code'}` | 'passkey';

export type CompletedStatus = 'signed_in' | 'password_change_required' | 'mfa_enrollment_required';

export interface StartedSession {
  status: CompletedStatus;
  session: NewSession;
  /** With mfa_enrollment_required: the methods the person may enrol. */
  allowedMethods: MFAFactorMethod[];
}

/**
 * The last transition of every sign-in: the person has proved enough; open a session. When the
 * policy requires a second factor the person does not have, the grace period starts (once) and,
 * after it, the session may only enrol one.
 */
export type StartSession = (
  user: UserRow,
  input: { method: SignInMethod; policy: MFAPolicy; context: RequestContext; replacedToken: string | null | undefined },
) => Promise<StartedSession>;

export function createStartSession(deps: { users: UserService; sessions: SessionService; mfa: Pick<MFAService, 'hasUsableFactor'>; audit: AuditLog; clock: Clock }): StartSession {
  const { users, sessions, mfa, audit, clock } = deps;
  return async (user, { method, policy, context, replacedToken }) => {
    const now = clock.now();
    let enrollmentRequired = false;
    if (requiresMFA(policy, user.role) && !(await mfa.hasUsableFactor(user.id, policy))) {
      let graceEndsAt = user.mfa_grace_ends_at;
      if (graceEndsAt === null) {
        graceEndsAt = now + policy.gracePeriodDays * DAY_MILLISECONDS;
        await users.setMFAGraceEndsAt(user.id, graceEndsAt);
      }
      enrollmentRequired = now >= graceEndsAt;
    } else if (user.mfa_grace_ends_at !== null) {
      await users.setMFAGraceEndsAt(user.id, null);
    }
    const session = await sessions.create(user.id, context, { mfaEnrollmentRequired: enrollmentRequired });
    if (replacedToken) await sessions.revoke(replacedToken);
    await users.recordSignIn(user.id);
    await audit.record({ event: 'login.succeeded', context, actorId: user.id, targetId: user.id, details: { method } });
    const status: CompletedStatus =
      user.must_change_password === 1 ? 'password_change_required' : enrollmentRequired ? 'mfa_enrollment_required' : 'signed_in';
    return { status, session, allowedMethods: [...policy.allowedMethods] };
  };
}
