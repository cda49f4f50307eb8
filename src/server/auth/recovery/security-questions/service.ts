import { SECURITY_QUESTION_KEYS, SECURITY_QUESTIONS_REQUIRED } from '../../../../shared/security-questions.ts';
import type { SecurityQuestionKey } from '../../../../shared/security-questions.ts';
import { AppError } from '../../../errors.ts';
import type { Clock } from '../../../infra/clock.ts';
import { generateId } from '../../../infra/crypto.ts';
import type { RandomSource } from '../../../infra/crypto.ts';
import { utcTime } from '../../../infra/messages/compose.ts';
import type { Messenger } from '../../../infra/messages/messenger.ts';
import type { Secrets } from '../../../infra/secrets.ts';
import type { AuditLog, RequestContext } from '../../audit/index.ts';
import type { PasswordHasher } from '../../passwords/index.ts';
import { recipientOf } from '../../../infra/messages/compose.ts';
import type { ChannelOwner } from '../backup-channels/service.ts';
import { securityQuestionsChangedMessage } from '../extras-messages.ts';
import type { RecoverySettingsService } from '../settings.ts';
import type { SecurityAnswerStore } from './store.ts';

export interface SecurityAnswer {
  question: SecurityQuestionKey;
  answer: string;
}

export interface SecurityQuestions {
  /** Whether the administrator turned security questions on. */
  enabled(): Promise<boolean>;
  /** Throws security_questions_disabled unless they are on. */
  assertEnabled(): Promise<void>;
  /** The catalogue keys the person answered (never the answers). */
  configured(userId: string): Promise<SecurityQuestionKey[]>;
  /** Replaces the person's answers; each question once, at least SECURITY_QUESTIONS_REQUIRED; only while questions are on. */
  set(user: ChannelOwner, answers: readonly SecurityAnswer[], context: RequestContext): Promise<void>;
  /** Removes them; removing none is no error. */
  remove(user: ChannelOwner, context: RequestContext): Promise<void>;
  /**
   * The questions recovery asks for this identifier: a stable choice among the person's, or, for an
   * identifier without an account or without answers, a stable choice from the catalogue that
   * looks the same (the identifier's keyed hash picks both, so repeated calls ask the same).
   */
  questionsFor(normalisedIdentifier: string, userId: string | null): Promise<SecurityQuestionKey[]>;
  /**
   * True when every asked question has its right answer. Always spends one argon2id verification
   * per asked question (a dummy one where there is no stored answer), whether or not the account exists.
   */
  check(userId: string | null, asked: readonly SecurityQuestionKey[], answers: readonly SecurityAnswer[]): Promise<boolean>;
}

/** The form an answer is hashed in: NFKC (full-width to half-width), lower case, runs of spaces as one, trimmed. */
export function normaliseAnswer(answer: string): string {
  return answer.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
}

/** `count` distinct keys from `keys`, in an order fixed by the seed (a hex keyed hash). */
export function pickStable<K>(keys: readonly K[], seedHex: string, count: number): K[] {
  const pool = [...keys];
  const seed = Buffer.from(seedHex, 'hex');
  const picked: K[] = [];
  for (let i = 0; i < count && pool.length > 0; i++) {
    const index = seed.readUInt16BE((i * 2) % (seed.length - 1)) % pool.length;
    picked.push(pool.splice(index, 1)[0]!);
  }
  return picked;
}

const SEED_CONTEXT = 'security questions asked';

export function createSecurityQuestions(deps: {
  store: SecurityAnswerStore;
  settings: RecoverySettingsService;
  hasher: PasswordHasher;
  secrets: Secrets;
  messenger: Messenger;
  audit: AuditLog;
  clock: Clock;
  random: RandomSource;
}): SecurityQuestions {
  const { store, settings, hasher, secrets, messenger, audit, clock, random } = deps;
  const enabled = async (): Promise<boolean> => (await settings.get()).securityQuestionsEnabled;
  const catalogueOrder = (keys: Iterable<string>): SecurityQuestionKey[] => {
    const set = new Set(keys);
    return SECURITY_QUESTION_KEYS.filter((key) => set.has(key));
  };

  return {
    enabled,
    assertEnabled: async () => {
      if (!(await enabled())) throw new AppError('security_questions_disabled');
    },

    configured: async (userId) => catalogueOrder((await store.listForUser(userId)).map((row) => row.question_key)),

    set: async (user, answers, context) => {
      if (!(await enabled())) throw new AppError('security_questions_disabled');
      const questions = answers.map((a) => a.question);
      if (new Set(questions).size !== questions.length) throw new AppError('validation_failed', { fields: { answers: 'duplicate_question' } });
      if (questions.length < SECURITY_QUESTIONS_REQUIRED) throw new AppError('validation_failed', { fields: { answers: 'too_few' } });
      const normalised = answers.map((a) => ({ question: a.question, answer: normaliseAnswer(a.answer) }));
      if (normalised.some((a) => a.answer.length === 0)) throw new AppError('validation_failed', { fields: { answers: 'empty' } });
      const now = clock.now();
      const rows = await Promise.all(
        normalised.map(async (a) => ({
          id: generateId(random),
          user_id: user.id,
          question_key: a.question,
          answer_hash: await hasher.hash(a.answer),
          created_at: now,
        })),
      );
      await store.replaceForUser(user.id, rows);
      await audit.record({ event: 'recovery.questions_set', context, actorId: user.id, targetId: user.id, details: { questions: catalogueOrder(questions) } });
      await messenger.notify(securityQuestionsChangedMessage(recipientOf(user), 'set', utcTime(now)));
    },

    remove: async (user, context) => {
      if ((await store.deleteForUser(user.id)) === 0) return;
      await audit.record({ event: 'recovery.questions_removed', context, actorId: user.id, targetId: user.id });
      await messenger.notify(securityQuestionsChangedMessage(recipientOf(user), 'removed', utcTime(clock.now())));
    },

    questionsFor: async (normalisedIdentifier, userId) => {
      // The answers are read for an unknown identifier too, so both cost the same queries.
      const own = catalogueOrder((await store.listForUser(userId ?? '')).map((row) => row.question_key));
      const seed = secrets.keyedHash(SEED_CONTEXT, normalisedIdentifier);
      const from = own.length >= SECURITY_QUESTIONS_REQUIRED ? own : SECURITY_QUESTION_KEYS;
      return pickStable(from, seed, SECURITY_QUESTIONS_REQUIRED);
    },

    check: async (userId, asked, answers) => {
      const stored = new Map((await store.listForUser(userId ?? '')).map((row) => [row.question_key, row.answer_hash]));
      const given = new Map(answers.map((a) => [a.question, normaliseAnswer(a.answer)]));
      const results = await Promise.all(
        asked.map(async (question) => {
          const answer = given.get(question) ?? '';
          const hash = stored.get(question);
          if (hash === undefined) {
            await hasher.verifyDummy(answer);
            return false;
          }
          return (await hasher.verify(hash, answer)) && answer.length > 0;
        }),
      );
      return results.every(Boolean);
    },
  };
}
