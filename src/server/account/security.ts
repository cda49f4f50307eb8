import type { AccountSession, SignInEvent } from '../../shared/account-security.ts';
import { AppError } from '../errors.ts';
import type { AuditEventRow, AuditLog, AuditPosition, AuditStore, RequestContext } from '../auth/audit/index.ts';
import { publicSessionId } from '../auth/sessions/index.ts';
import type { SessionService } from '../auth/sessions/index.ts';
import type { Clock } from '../infra/clock.ts';
import { describeUserAgent } from '../infra/user-agent.ts';

/** How far back the sign-in history reaches (docs/account-security-api.md). */
export const SIGN_IN_HISTORY_MILLISECONDS = 90 * 24 * 60 * 60 * 1000;

export interface AccountSecurity {
  /** The person's live sessions, most recently seen first; `currentId` is the stored id of this request's session. */
  listSessions(userId: string, currentId: string): Promise<AccountSession[]>;
  /** Ends one of the person's sessions; throws not_found for any other id. Answers whether it was the current one. */
  endSession(userId: string, publicId: string, currentId: string, context: RequestContext): Promise<{ current: boolean }>;
  /** Ends every session of the person but the current one; answers how many ended. */
  endOtherSessions(userId: string, currentId: string, context: RequestContext): Promise<number>;
  signInHistory(userId: string, page: { cursor?: string | undefined; limit: number }): Promise<{ data: SignInEvent[]; nextCursor: string | null }>;
}

/** Cursors are opaque to the client: base64url of `[occurredAt, id]`. */
function encodeCursor(position: AuditPosition): string {
  return Buffer.from(JSON.stringify([position.occurredAt, position.id])).toString('base64url');
}

function decodeCursor(cursor: string): AuditPosition {
  const invalid = new AppError('validation_failed', { fields: { cursor: 'invalid' } });
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid;
  }
  if (!Array.isArray(parsed) || parsed.length !== 2 || !parsed.every((n) => Number.isSafeInteger(n) && n >= 0)) throw invalid;
  return { occurredAt: parsed[0] as number, id: parsed[1] as number };
}

function parseDetails(details: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(details);
    return parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** The second factor's failure codes, as the history names them. */
const SECOND_FACTOR_REASONS: Record<string, string> = {
  mfa_code_invalid: 'wrong_code',
  mfa_code_expired: 'expired_code',
  passkey_invalid: 'passkey_invalid',
};

function toSignInEvent(row: AuditEventRow): SignInEvent {
  const details = parseDetails(row.details);
  const device = { ...describeUserAgent(row.user_agent ?? ''), ip: row.ip ?? '' };
  const base = { id: String(row.id), at: row.occurred_at, ...device };
  if (row.event === 'login.succeeded') return { ...base, result: 'succeeded', method: text(details.method), reason: null };
  if (row.event === 'mfa.verify_failed') {
    const method = text(details.method);
    const reason = text(details.reason);
    return { ...base, result: 'failed', method: method ? `password+${method}` : null, reason: reason ? (SECOND_FACTOR_REASONS[reason] ?? reason) : 'wrong_code' };
  }
  // login.failed: the password step records no method; a passkey sign-in records 'passkey'.
  return { ...base, result: 'failed', method: text(details.method) ?? 'password', reason: text(details.reason) };
}

export function createAccountSecurity(deps: { sessions: SessionService; auditStore: AuditStore; audit: AuditLog; clock: Clock }): AccountSecurity {
  const { sessions, auditStore, audit, clock } = deps;
  return {
    listSessions: async (userId, currentId) => {
      const rows = await sessions.listForUser(userId);
      return rows.map((row) => ({
        id: publicSessionId(row.id),
        current: row.id === currentId,
        ...describeUserAgent(row.user_agent),
        ip: row.ip,
        createdAt: row.created_at,
        lastSeenAt: row.last_seen_at,
        expiresAt: row.expires_at,
      }));
    },
    endSession: async (userId, publicId, currentId, context) => {
      const ended = await sessions.endForUser(userId, publicId);
      if (!ended) throw new AppError('not_found');
      const current = ended.id === currentId;
      await audit.record({ event: 'session.ended', context, actorId: userId, targetId: userId, details: { session: publicId, current } });
      return { current };
    },
    endOtherSessions: async (userId, currentId, context) => {
      const ended = await sessions.endOthersForUser(userId, currentId);
      await audit.record({ event: 'sessions.ended_others', context, actorId: userId, targetId: userId, details: { ended } });
      return ended;
    },
    signInHistory: async (userId, { cursor, limit }) => {
      const before = cursor === undefined || cursor === '' ? undefined : decodeCursor(cursor);
      const since = clock.now() - SIGN_IN_HISTORY_MILLISECONDS;
      // One more than asked: whether it exists tells if there is a next page.
      const rows = await auditStore.signInHistory(userId, { since, limit: limit + 1, ...(before ? { before } : {}) });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      const nextCursor = rows.length > limit && last ? encodeCursor({ occurredAt: last.occurred_at, id: last.id }) : null;
      return { data: page.map(toSignInEvent), nextCursor };
    },
  };
}
