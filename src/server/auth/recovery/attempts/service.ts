import type { SecurityQuestionKey } from '../../../../shared/security-questions.ts';
import { SECURITY_QUESTION_KEYS } from '../../../../shared/security-questions.ts';
import { AppError } from '../../../errors.ts';
import type { Clock } from '../../../infra/clock.ts';
import type { Counters } from '../../../infra/counters.ts';
import { generateToken, hashToken } from '../../../infra/crypto.ts';
import type { RandomSource } from '../../../infra/crypto.ts';
import type { RateLimit, RateLimits } from '../../../infra/rate-limits.ts';
import type { AuditLog, RequestContext } from '../../audit/index.ts';
import { codeMessage } from '../../mfa/messages.ts';
import type { OneTimeCodes } from '../../mfa/one-time-codes/service.ts';
import { RESEND_INTERVAL_MILLISECONDS } from '../../mfa/one-time-codes/service.ts';
import { normaliseIdentifier } from '../../users/index.ts';
import type { UserRow, UserService } from '../../users/index.ts';
import type { BackgroundTasks } from '../../../infra/background.ts';
import { localeOf } from '../../../infra/messages/compose.ts';
import { maskDestination } from '../backup-channels/service.ts';
import type { BackupChannels } from '../backup-channels/service.ts';
import type { BackupChannelKind, BackupChannelRow } from '../backup-channels/store.ts';
import type { ResetIssuer, ResetLinks } from '../reset-links/types.ts';
import type { SecurityAnswer, SecurityQuestions } from '../security-questions/service.ts';
import type { RecoveryAttemptKind, RecoveryAttemptRow, RecoveryAttemptStore } from './store.ts';

/** docs/recovery-api.md: a backup-code or security-question attempt lives 15 minutes. */
export const RECOVERY_ATTEMPT_TTL_MILLISECONDS = 15 * 60 * 1000;
/** Wrong codes that end an attempt (NIST SP 800-63B-4 §3.1.3: limited tries per code). */
export const RECOVERY_ATTEMPT_MAX_FAILED_TRIES = 5;
/** Wrong security answers per account (or unknown identifier) per day before 429 (docs/recovery-api.md). */
export const WRONG_ANSWERS_PER_DAY = 3;
/** Codes sent to get back in are bound to the attempt and the channel they went to. */
export const RECOVERY_CODE_PURPOSE = 'recovery';

const MINUTE_MILLISECONDS = 60 * 1000;
const HOUR_MILLISECONDS = 60 * MINUTE_MILLISECONDS;
const DAY_MILLISECONDS = 24 * HOUR_MILLISECONDS;
const AUDITED_IDENTIFIER_MAX_LENGTH = 100;

/**
 * The same limits as a forgot-password request (docs/recovery-api.md), counted apart: per
 * identifier as typed (normalised) and address, so an unknown identifier is limited alike.
 */
function backupLimits(identifier: string, ip: string): RateLimit[] {
  return [
    { key: `recovery-backup-minute:${ip}:${identifier}`, max: 1, windowMilliseconds: MINUTE_MILLISECONDS },
    { key: `recovery-backup-day:${ip}:${identifier}`, max: 5, windowMilliseconds: DAY_MILLISECONDS },
    { key: `recovery-backup-address:${ip}`, max: 30, windowMilliseconds: HOUR_MILLISECONDS },
  ];
}

/** Per account, whatever identifier or address asked: links to the backup address, as many as forgot-password allows (docs/recovery-api.md). Silent, like the answer. */
function backupLinkAccountLimit(userId: string): RateLimit[] {
  return [{ key: `recovery-backup-links-account:${userId}`, max: 10, windowMilliseconds: DAY_MILLISECONDS }];
}

/** Asking for questions costs an unknown identifier as much as a known one; an address is limited like a reset request. */
function questionLimits(ip: string): RateLimit[] {
  return [{ key: `recovery-questions:ip-hour:${ip}`, max: 30, windowMilliseconds: HOUR_MILLISECONDS }];
}

export type QuestionsAnswer =
  | { status: 'code_sent'; channel: BackupChannelKind; destination: string; resendAfterSeconds: number }
  | { status: 'assisted_request_needed' };

export interface RecoveryAttempts {
  /** Always the same answer; the lookup and the sending happen after it (see BackgroundTasks). */
  startBackup(identifier: string, channel: BackupChannelKind, context: RequestContext): Promise<{ attempt: string; resendAfterSeconds: number }>;
  /** A reset token for a right code; mfa_code_invalid for a wrong one, recovery_attempt_invalid once the attempt ended. */
  verifyCode(attempt: string, code: string, context: RequestContext): Promise<string>;
  startQuestions(identifier: string, context: RequestContext): Promise<{ attempt: string; questions: SecurityQuestionKey[] }>;
  answerQuestions(attempt: string, answers: readonly SecurityAnswer[], context: RequestContext): Promise<QuestionsAnswer>;
  /**
   * For an assisted request: true when `attempt` is a live security-question attempt for this
   * identifier whose answers were right. It then vouches for this one request only.
   */
  redeemPassedQuestions(attempt: string, identifier: string): Promise<boolean>;
  sweep(): Promise<void>;
}

const auditedIdentifier = (identifier: string): string => identifier.slice(0, AUDITED_IDENTIFIER_MAX_LENGTH);

export function createRecoveryAttempts(deps: {
  store: RecoveryAttemptStore;
  users: Pick<UserService, 'findByIdentifier' | 'findById'>;
  channels: BackupChannels;
  questions: SecurityQuestions;
  resetLinks: Pick<ResetLinks, 'send' | 'issueToken'>;
  codes: OneTimeCodes;
  rateLimits: RateLimits;
  counters: Counters;
  background: BackgroundTasks;
  audit: AuditLog;
  clock: Clock;
  random: RandomSource;
}): RecoveryAttempts {
  const { store, users, channels, questions, resetLinks, codes, rateLimits, counters, background, audit, clock, random } = deps;

  async function newAttempt(kind: RecoveryAttemptKind, identifier: string, values: Partial<RecoveryAttemptRow> = {}): Promise<{ token: string; row: RecoveryAttemptRow }> {
    const token = generateToken(random);
    const now = clock.now();
    const row: RecoveryAttemptRow = {
      id: hashToken(token),
      user_id: null,
      kind,
      identifier,
      questions: null,
      questions_passed: 0,
      channel_id: null,
      failed_tries: 0,
      created_at: now,
      expires_at: now + RECOVERY_ATTEMPT_TTL_MILLISECONDS,
      used_at: null,
      ...values,
    };
    await store.insert(row);
    return { token, row };
  }

  /** The attempt behind a token while it can still be used; recovery_attempt_invalid otherwise. */
  async function liveAttempt(token: string): Promise<RecoveryAttemptRow> {
    const row = await store.find(hashToken(token));
    if (!row || row.used_at !== null || clock.now() >= row.expires_at || row.failed_tries >= RECOVERY_ATTEMPT_MAX_FAILED_TRIES) {
      throw new AppError('recovery_attempt_invalid');
    }
    return row;
  }

  const activeUser = (user: UserRow | undefined): UserRow | undefined => (user && user.status === 'active' ? user : undefined);

  async function sendCode(user: UserRow, channel: BackupChannelRow, attemptId: string, context: RequestContext): Promise<void> {
    await codes.send({
      userId: user.id,
      ip: context.ip,
      binding: { purpose: RECOVERY_CODE_PURPOSE, factorId: channel.id, attemptId },
      message: (code) =>
        codeMessage({ channel: channel.kind === 'phone' ? 'sms' : 'email', to: channel.destination, userId: user.id, locale: localeOf(user), purpose: 'recovery', code }),
    });
    await audit.record({ event: 'recovery.backup_code_sent', context, actorId: user.id, targetId: user.id, details: { kind: channel.kind, purpose: RECOVERY_CODE_PURPOSE } });
  }

  /** The identifier-dependent part of startBackup, run after the answer. */
  async function deliverBackup(attemptId: string, identifier: string, kind: BackupChannelKind, context: RequestContext): Promise<void> {
    const user = activeUser(await users.findByIdentifier(identifier));
    const channel = user ? await channels.confirmed(user.id, kind) : undefined;
    // 'sent', 'no_account', 'no_channel', or the code of the refusal (mfa_send_limited, delivery_failed...).
    let outcome: string = 'sent';
    if (!user) outcome = 'no_account';
    else if (!channel) outcome = 'no_channel';
    else {
      await store.setTarget(attemptId, user.id, channel.id);
      try {
        if (kind === 'phone') await sendCode(user, channel, attemptId, context);
        else if (await rateLimits.isFull(backupLinkAccountLimit(user.id))) outcome = 'account_daily_limit';
        else {
          await rateLimits.take(backupLinkAccountLimit(user.id));
          await resetLinks.send(user, 'backup_email', context, { sendTo: channel.destination });
        }
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        outcome = error.code;
      }
    }
    // Written last, in every case: the record that this request was handled.
    await audit.record({
      event: 'password.reset_requested',
      context,
      actorId: null,
      targetId: user?.id ?? null,
      details: { identifier: auditedIdentifier(identifier), via: `backup_${kind}`, outcome },
    });
  }

  return {
    startBackup: async (identifier, kind, context) => {
      const normalised = normaliseIdentifier(identifier);
      await rateLimits.take(backupLimits(normalised, context.ip));
      const { token, row } = await newAttempt(kind === 'phone' ? 'backup_phone' : 'backup_email', normalised);
      background.run('backup recovery', async () => {
        await deliverBackup(row.id, normalised, kind, context);
      });
      return { attempt: token, resendAfterSeconds: RESEND_INTERVAL_MILLISECONDS / 1000 };
    },

    verifyCode: async (token, code, context) => {
      const row = await liveAttempt(token);
      // Counted before the code is checked, so concurrent guesses cannot all be checked.
      if ((await store.countFailure(row.id)) > RECOVERY_ATTEMPT_MAX_FAILED_TRIES) throw new AppError('recovery_attempt_invalid');
      // The same queries whether or not a code went out for this attempt (an unknown identifier, no backup channel).
      const channel = await channels.findById(row.channel_id ?? '');
      const codeWasSent = row.kind === 'backup_phone' || (row.kind === 'questions' && row.questions_passed === 1);
      let right = false;
      try {
        await codes.verify({ purpose: RECOVERY_CODE_PURPOSE, factorId: row.channel_id ?? '', attemptId: row.id }, code);
        right = codeWasSent && channel !== undefined && channel.user_id === row.user_id && channel.status === 'active';
      } catch (error) {
        // An expired code answers like a wrong one: an attempt without any code must look the same.
        if (!(error instanceof AppError && (error.code === 'mfa_code_invalid' || error.code === 'mfa_code_expired'))) throw error;
      }
      const user = right && row.user_id ? activeUser(await users.findById(row.user_id)) : undefined;
      if (!user || !channel) {
        await audit.record({
          event: 'recovery.backup_verify_failed',
          context,
          actorId: row.user_id,
          targetId: row.user_id,
          details: { identifier: auditedIdentifier(row.identifier), kind: row.kind },
        });
        throw new AppError('mfa_code_invalid');
      }
      await store.uncountFailure(row.id);
      if (!(await store.consume(row.id, clock.now(), RECOVERY_ATTEMPT_MAX_FAILED_TRIES))) throw new AppError('recovery_attempt_invalid');
      const issuer: ResetIssuer = channel.kind === 'phone' ? 'backup_phone' : 'backup_email';
      const resetToken = await resetLinks.issueToken(user, issuer, context);
      await audit.record({ event: 'recovery.backup_verified', context, actorId: user.id, targetId: user.id, details: { kind: channel.kind, via: row.kind } });
      return resetToken;
    },

    startQuestions: async (identifier, context) => {
      await questions.assertEnabled();
      await rateLimits.take(questionLimits(context.ip));
      const normalised = normaliseIdentifier(identifier);
      const user = activeUser(await users.findByIdentifier(normalised));
      const asked = await questions.questionsFor(normalised, user?.id ?? null);
      const { token } = await newAttempt('questions', normalised, { user_id: user?.id ?? null, questions: JSON.stringify(asked) });
      return { attempt: token, questions: asked };
    },

    answerQuestions: async (token, answers, context) => {
      await questions.assertEnabled();
      const row = await liveAttempt(token);
      if (row.kind !== 'questions' || row.questions_passed === 1) throw new AppError('recovery_attempt_invalid');
      const asked = (JSON.parse(row.questions ?? '[]') as string[]).filter((key): key is SecurityQuestionKey =>
        (SECURITY_QUESTION_KEYS as readonly string[]).includes(key),
      );
      const now = clock.now();
      // Wrong answers per account (its e-mail and username share the count, as at sign-in), or per
      // identifier when none matched; counted before checking, so concurrent guesses cannot all be checked.
      const wrongKey = row.user_id ? `recovery-questions-wrong:account:${row.user_id}` : `recovery-questions-wrong:identifier:${row.identifier}`;
      const counted = await counters.increment(wrongKey, DAY_MILLISECONDS, now);
      if (counted.count > WRONG_ANSWERS_PER_DAY) {
        await counters.decrement(wrongKey);
        throw new AppError('too_many_attempts', { retryAfterSeconds: Math.max(1, Math.ceil((counted.expiresAt - now) / 1000)) });
      }
      const right = (await questions.check(row.user_id, asked, answers)) && row.user_id !== null;
      if (!right) {
        await audit.record({
          event: 'recovery.questions_failed',
          context,
          actorId: null,
          targetId: row.user_id,
          details: { identifier: auditedIdentifier(row.identifier), wrongToday: counted.count },
        });
        throw new AppError('security_answers_incorrect');
      }
      await counters.decrement(wrongKey);
      const user = activeUser(await users.findById(row.user_id!));
      if (!user) throw new AppError('recovery_attempt_invalid');
      // A phone is preferred: it is the channel less likely to be the thing that was lost with the password.
      const channel = (await channels.confirmed(user.id, 'phone')) ?? (await channels.confirmed(user.id, 'email'));
      if (!(await store.markQuestionsPassed(row.id, channel?.id ?? null, clock.now()))) throw new AppError('recovery_attempt_invalid');
      await audit.record({ event: 'recovery.questions_passed', context, actorId: user.id, targetId: user.id, details: { channel: channel?.kind ?? null } });
      if (!channel) return { status: 'assisted_request_needed' };
      await sendCode(user, channel, row.id, context);
      return {
        status: 'code_sent',
        channel: channel.kind,
        destination: maskDestination(channel.kind, channel.destination),
        resendAfterSeconds: RESEND_INTERVAL_MILLISECONDS / 1000,
      };
    },

    redeemPassedQuestions: async (token, identifier) => {
      const row = await store.find(hashToken(token));
      if (!row || row.kind !== 'questions' || row.questions_passed !== 1 || row.identifier !== normaliseIdentifier(identifier)) return false;
      // Used up here, so one right set of answers vouches for one request.
      return store.consume(row.id, clock.now(), RECOVERY_ATTEMPT_MAX_FAILED_TRIES);
    },

    sweep: () => store.deleteEnded(clock.now()),
  };
}
