import { AppError } from '../../../errors.ts';
import type { Clock } from '../../../infra/clock.ts';
import { generateId, generateToken, hashToken } from '../../../infra/crypto.ts';
import type { RandomSource } from '../../../infra/crypto.ts';
import { utcTime } from '../../../infra/messages/compose.ts';
import type { Messenger } from '../../../infra/messages/messenger.ts';
import type { RateLimit, RateLimits } from '../../../infra/rate-limits.ts';
import type { AuditLog, RequestContext } from '../../audit/index.ts';
import { normaliseIdentifier } from '../../users/index.ts';
import type { UserRow, UserService } from '../../users/index.ts';
import type { RecoveryAttempts } from '../attempts/service.ts';
import type { BackgroundTasks } from '../../../infra/background.ts';
import { recipientOf } from '../../../infra/messages/compose.ts';
import { assistedRequestDecidedMessage, assistedRequestFiledMessage } from '../extras-messages.ts';
import type { RecoveryRequestRow, RecoveryRequestStatus, RecoveryRequestStore } from './store.ts';

const HOUR_MILLISECONDS = 60 * 60 * 1000;
const DAY_MILLISECONDS = 24 * HOUR_MILLISECONDS;
const USER_AGENT_MAX_LENGTH = 512;
const AUDITED_IDENTIFIER_MAX_LENGTH = 100;

/** docs/recovery-api.md: 3 per identifier and 10 per client IP per 24 hours. */
function filingLimits(identifier: string, ip: string): RateLimit[] {
  return [
    { key: `recovery-assisted-identifier:${identifier}`, max: 3, windowMilliseconds: DAY_MILLISECONDS },
    { key: `recovery-assisted-address:${ip}`, max: 10, windowMilliseconds: DAY_MILLISECONDS },
  ];
}

export interface AssistedRequestInput {
  identifier: string;
  message: string;
  contact: string;
  attempt?: string | undefined;
}

/** What an administrator decided, as stored in `recovery_requests.decision`. */
export interface RecoveryDecision {
  action?: 'reset_link' | 'temporary_password';
  sentTo?: string;
  mfaReset?: boolean;
  reason?: string;
}

export interface AssistedRequests {
  /** Stores the request whether or not an account matches; the lookup and the owner's mail follow the answer. */
  file(input: AssistedRequestInput, context: RequestContext): Promise<{ statusToken: string }>;
  /** not_found for an unknown token. */
  status(statusToken: string): Promise<{ status: RecoveryRequestStatus; decidedAt: number | null }>;
  list(filter: 'pending' | 'all'): Promise<RecoveryRequestRow[]>;
  find(id: string): Promise<RecoveryRequestRow | undefined>;
  /** Records the decision; recovery_request_decided when another one was recorded first. Answers the decision time. */
  decide(id: string, status: 'approved' | 'rejected', decision: RecoveryDecision, adminId: string): Promise<number>;
  /** Takes back an approval that could not be carried out, so the request can be decided again. */
  reopen(id: string, decidedAt: number): Promise<void>;
  /** Mails the account's owner (stored address) the outcome. */
  tellOwner(user: UserRow, outcome: 'approved' | 'rejected'): Promise<void>;
}

const auditedIdentifier = (identifier: string): string => identifier.slice(0, AUDITED_IDENTIFIER_MAX_LENGTH);

export function createAssistedRequests(deps: {
  store: RecoveryRequestStore;
  users: Pick<UserService, 'findByIdentifier'>;
  attempts: Pick<RecoveryAttempts, 'redeemPassedQuestions'>;
  rateLimits: RateLimits;
  background: BackgroundTasks;
  messenger: Messenger;
  audit: AuditLog;
  clock: Clock;
  random: RandomSource;
}): AssistedRequests {
  const { store, users, attempts, rateLimits, background, messenger, audit, clock, random } = deps;

  /** The identifier-dependent part of filing, run after the answer. */
  async function linkAndTell(row: RecoveryRequestRow, context: RequestContext): Promise<void> {
    const user = await users.findByIdentifier(row.identifier);
    if (user) {
      await store.setUser(row.id, user.id);
      await messenger.notify(assistedRequestFiledMessage(recipientOf(user), utcTime(row.created_at), row.ip));
    }
    await audit.record({
      event: 'recovery.request_filed',
      context,
      actorId: null,
      targetId: user?.id ?? null,
      details: { requestId: row.id, identifier: auditedIdentifier(row.identifier), accountFound: user !== undefined, questionsPassed: row.questions_passed === 1 },
    });
  }

  return {
    file: async (input, context) => {
      await rateLimits.take(filingLimits(normaliseIdentifier(input.identifier), context.ip));
      const questionsPassed = input.attempt ? await attempts.redeemPassedQuestions(input.attempt, input.identifier) : false;
      const statusToken = generateToken(random);
      const row: RecoveryRequestRow = {
        id: generateId(random),
        status_token_hash: hashToken(statusToken),
        identifier: input.identifier,
        user_id: null,
        message: input.message,
        contact: input.contact,
        questions_passed: questionsPassed ? 1 : 0,
        status: 'pending',
        ip: context.ip,
        user_agent: context.userAgent.slice(0, USER_AGENT_MAX_LENGTH),
        created_at: clock.now(),
        decided_at: null,
        decided_by: null,
        decision: null,
      };
      await store.insert(row);
      background.run('assisted recovery request', async () => {
        await linkAndTell(row, context);
      });
      return { statusToken };
    },

    status: async (statusToken) => {
      const row = await store.findByStatusTokenHash(hashToken(statusToken));
      if (!row) throw new AppError('not_found');
      return { status: row.status as RecoveryRequestStatus, decidedAt: row.decided_at };
    },

    list: (filter) => store.list(filter),
    find: (id) => store.findById(id),

    decide: async (id, status, decision, adminId) => {
      const decidedAt = clock.now();
      if (!(await store.decide(id, { status, decidedAt, decidedBy: adminId, decision: JSON.stringify(decision) }))) {
        throw new AppError('recovery_request_decided');
      }
      return decidedAt;
    },
    reopen: (id, decidedAt) => store.reopen(id, decidedAt),

    tellOwner: (user, outcome) => messenger.notify(assistedRequestDecidedMessage(recipientOf(user), outcome, utcTime(clock.now()))),
  };
}
