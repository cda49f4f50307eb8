import type { BackgroundTasks } from '../../infra/background.ts';
import type { RateLimits } from '../../infra/rate-limits.ts';
import type { AuditLog, RequestContext } from '../audit/index.ts';
import { normaliseIdentifier } from '../users/index.ts';
import type { UserService } from '../users/index.ts';
import type { ResetLinks } from './reset-links/types.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** The page's "resend" countdown. */
export const RESEND_AFTER_SECONDS = 60;
/** Per identifier and address: a resend a minute, five a day. Keyed by what was typed, so unknown identifiers are limited alike. */
const requestLimits = (identifierKey: string, ip: string) => [
  { key: `reset-request-minute:${ip}:${identifierKey}`, max: 1, windowMilliseconds: RESEND_AFTER_SECONDS * 1000 },
  { key: `reset-request-day:${ip}:${identifierKey}`, max: 5, windowMilliseconds: DAY },
  { key: `reset-request-address:${ip}`, max: 30, windowMilliseconds: HOUR },
];
/**
 * Per account, whatever the identifier variant or address: enough for a person, too few to
 * flood their mailbox. Silent: the answer does not change, so it tells nothing about the account.
 */
const accountLimit = (userId: string) => [{ key: `reset-links-account:${userId}`, max: 10, windowMilliseconds: DAY }];

const AUDITED_IDENTIFIER_MAX_LENGTH = 100;

export interface PasswordResetRequests {
  /** Throws too_many_attempts; otherwise the link (if any) is mailed after the caller has answered. */
  request(identifier: string, context: RequestContext): Promise<void>;
}

/**
 * "Forgot password": the answer is the same, in body and in time, whether or not the
 * identifier matched an account (DESIGN.md: no enumeration): everything that depends on the
 * account runs in the background after the answer.
 */
export function createPasswordResetRequests(deps: {
  users: UserService;
  resetLinks: ResetLinks;
  rateLimits: RateLimits;
  background: BackgroundTasks;
  audit: AuditLog;
}): PasswordResetRequests {
  const { users, resetLinks, rateLimits, background, audit } = deps;
  return {
    request: async (identifier, context) => {
      await rateLimits.take(requestLimits(normaliseIdentifier(identifier), context.ip));
      background.run('password reset request', async () => {
        // The account's stored address only: the identifier picks the account, never the recipient.
        const user = await users.findByIdentifier(identifier);
        await audit.record({
          event: 'password.reset_requested',
          context,
          targetId: user?.id ?? null,
          details: { identifier: identifier.slice(0, AUDITED_IDENTIFIER_MAX_LENGTH), matched: user !== undefined },
        });
        if (!user || user.status !== 'active') return;
        if (await rateLimits.isFull(accountLimit(user.id))) {
          await audit.record({ event: 'password.reset_link_refused', context, targetId: user.id, details: { reason: 'account_daily_limit' } });
          return;
        }
        await rateLimits.take(accountLimit(user.id));
        await resetLinks.send(user, 'self', context);
      });
    },
  };
}
