import { AppError } from '../../errors.ts';
import type { Clock } from '../../infra/clock.ts';
import { generateToken, hashToken } from '../../infra/crypto.ts';
import type { RandomSource } from '../../infra/crypto.ts';
import type { RequestContext } from '../audit/index.ts';
import { createSessionCache } from './cache.ts';
import type { SessionRow, SessionStore, SessionWithUser } from './store.ts';

/** NIST SP 800-63B-4 §2.2.3 (AAL2): reauthenticate after 1 hour of inactivity ... */
export const SESSION_IDLE_TIMEOUT_MILLISECONDS = 60 * 60 * 1000;
/** ... and at least once every 24 hours, whatever the activity. */
export const SESSION_ABSOLUTE_TIMEOUT_MILLISECONDS = 24 * 60 * 60 * 1000;
/** How often each app server deletes the sessions that ended by time. */
export const SESSION_PURGE_INTERVAL_MILLISECONDS = 15 * 60 * 1000;
/** Last-seen is written at most this often, so reads do not each cost a write; the idle timeout is this precise. */
export const SESSION_ACTIVITY_WRITE_INTERVAL_MILLISECONDS = 60 * 1000;

/** OWASP ASVS 5.0 7.5: sensitive actions need a proof of identity this recent. */
export const REAUTHENTICATION_WINDOW_MILLISECONDS = 10 * 60 * 1000;

/** Hex characters of SHA-256 over the stored id that name a session to its owner (docs/account-security-api.md). */
const PUBLIC_SESSION_ID_LENGTH = 32;

/** The id a person sees for a session: neither the token nor its stored hash leaves the server. */
export function publicSessionId(storedId: string): string {
  return hashToken(storedId).slice(0, PUBLIC_SESSION_ID_LENGTH);
}

export interface NewSession {
  token: string;
  expiresAt: number;
}

export interface SessionService {
  /**
   * A fresh random token; only its SHA-256 is stored. `mfaEnrollmentRequired`: the session
   * may only enrol a second factor until one is active.
   */
  create(userId: string, context: RequestContext, options?: { mfaEnrollmentRequired?: boolean }): Promise<NewSession>;
  /**
   * Replaces the session behind `token` by one with a new token (ASVS 7.2.4: a new token at
   * every privilege change), keeping its absolute expiry. `reauthenticated`: the person just
   * proved who they are again; `mfaEnrolled`: the enrolment limit is lifted.
   */
  replace(token: string, context: RequestContext, change: { reauthenticated?: boolean; mfaEnrolled?: boolean }): Promise<NewSession>;
  /** Throws reauth_required unless the session's last proof of identity is recent. */
  assertRecentlyAuthenticated(session: { authenticated_at: number }): void;
  /** Until when sensitive actions are allowed without a new proof; null when that time has passed. */
  reauthenticatedUntil(session: { authenticated_at: number }): number | null;
  /** The live session and its user, or undefined when unknown, expired or idle too long. */
  validate(token: string): Promise<SessionWithUser | undefined>;
  revoke(token: string): Promise<void>;
  revokeAllForUser(userId: string): Promise<void>;
  /** The user's sessions that have not ended by time, most recently seen first. */
  listForUser(userId: string): Promise<SessionRow[]>;
  /**
   * Ends the user's live session whose public id is `publicId` and answers it; undefined when
   * the user has no such session (another user's id finds nothing).
   */
  endForUser(userId: string, publicId: string): Promise<SessionRow | undefined>;
  /** Ends every session of the user but `keepId` (a stored id); answers how many live ones ended. */
  endOthersForUser(userId: string, keepId: string): Promise<number>;
  /** Drops what this process remembers of the user's sessions, after the user record changed. */
  forgetUser(userId: string): void;
  /** Deletes sessions that ended by time; a session is otherwise only removed when presented again. */
  purgeEnded(): Promise<void>;
}

const USER_AGENT_MAX_LENGTH = 512;

export function createSessionService(deps: { store: SessionStore; clock: Clock; random: RandomSource }): SessionService {
  const { store, clock, random } = deps;
  const cache = createSessionCache();
  async function insert(
    userId: string,
    context: RequestContext,
    values: { now: number; expiresAt: number; authenticatedAt?: number; mfaEnrollmentRequired: boolean },
  ): Promise<NewSession> {
    const token = generateToken(random);
    await store.insert({
      id: hashToken(token),
      user_id: userId,
      created_at: values.now,
      last_seen_at: values.now,
      expires_at: values.expiresAt,
      ip: context.ip,
      user_agent: context.userAgent.slice(0, USER_AGENT_MAX_LENGTH),
      authenticated_at: values.authenticatedAt ?? values.now,
      mfa_enrollment_required: values.mfaEnrollmentRequired ? 1 : 0,
    });
    return { token, expiresAt: values.expiresAt };
  }
  return {
    create: async (userId, context, options = {}) => {
      const now = clock.now();
      return insert(userId, context, { now, expiresAt: now + SESSION_ABSOLUTE_TIMEOUT_MILLISECONDS, mfaEnrollmentRequired: options.mfaEnrollmentRequired === true });
    },
    replace: async (token, context, change) => {
      const id = hashToken(token);
      // Taken, not read: of two concurrent replacements only one gets it, so one session lives on.
      const old = await store.take(id);
      cache.delete(id);
      if (!old) throw new AppError('unauthenticated');
      const now = clock.now();
      const created = await insert(old.user_id, context, {
        now,
        expiresAt: old.expires_at,
        authenticatedAt: change.reauthenticated ? now : old.authenticated_at,
        mfaEnrollmentRequired: change.mfaEnrolled ? false : old.mfa_enrollment_required === 1,
      });
      return created;
    },
    assertRecentlyAuthenticated: (session) => {
      if (clock.now() - session.authenticated_at > REAUTHENTICATION_WINDOW_MILLISECONDS) throw new AppError('reauth_required');
    },
    reauthenticatedUntil: (session) => {
      const until = session.authenticated_at + REAUTHENTICATION_WINDOW_MILLISECONDS;
      return until > clock.now() ? until : null;
    },
    validate: async (token) => {
      const id = hashToken(token);
      const now = clock.now();
      let found = cache.get(id, now);
      if (!found) {
        const generation = cache.generation();
        found = await store.findWithUser(id);
        if (!found || found.user.status !== 'active') return undefined;
        cache.set(id, found, now, generation);
      }
      const { session } = found;
      if (now >= session.expires_at || now - session.last_seen_at >= SESSION_IDLE_TIMEOUT_MILLISECONDS) {
        cache.delete(id);
        await store.delete(id);
        return undefined;
      }
      if (now - session.last_seen_at >= SESSION_ACTIVITY_WRITE_INTERVAL_MILLISECONDS) {
        session.last_seen_at = now;
        await store.touch(id, now);
      }
      return found;
    },
    revoke: async (token) => {
      const id = hashToken(token);
      cache.delete(id);
      await store.delete(id);
    },
    revokeAllForUser: async (userId) => {
      cache.deleteUser(userId);
      await store.deleteAllForUser(userId);
    },
    listForUser: (userId) => {
      const now = clock.now();
      return store.listLiveForUser(userId, now, now - SESSION_IDLE_TIMEOUT_MILLISECONDS);
    },
    endForUser: async (userId, publicId) => {
      const now = clock.now();
      const live = await store.listLiveForUser(userId, now, now - SESSION_IDLE_TIMEOUT_MILLISECONDS);
      const found = live.find((session) => publicSessionId(session.id) === publicId);
      if (!found) return undefined;
      // Forgotten before and after the delete: a lookup that began in between is not cached (see cache.generation).
      cache.delete(found.id);
      const deleted = await store.deleteForUser(userId, found.id);
      cache.delete(found.id);
      return deleted ? found : undefined;
    },
    endOthersForUser: async (userId, keepId) => {
      const now = clock.now();
      cache.deleteUser(userId);
      const deleted = await store.deleteOthersForUser(userId, keepId);
      cache.deleteUser(userId);
      return deleted.filter((session) => session.expires_at > now && now - session.last_seen_at < SESSION_IDLE_TIMEOUT_MILLISECONDS).length;
    },
    forgetUser: (userId) => cache.deleteUser(userId),
    purgeEnded: async () => {
      const now = clock.now();
      await store.deleteEnded(now, now - SESSION_IDLE_TIMEOUT_MILLISECONDS);
    },
  };
}
