import type { Selectable } from 'kysely';
import type { DB } from '../../../db/index.ts';
import type { RecoveryAttemptsTable } from '../../../db/schema.ts';

export type RecoveryAttemptRow = Selectable<RecoveryAttemptsTable>;
export type RecoveryAttemptKind = 'backup_phone' | 'backup_email' | 'questions';

export interface RecoveryAttemptStore {
  insert(row: RecoveryAttemptRow): Promise<void>;
  find(id: string): Promise<RecoveryAttemptRow | undefined>;
  /** Names the account and the channel a code went to, once the work after the answer found them. */
  setTarget(id: string, userId: string, channelId: string | null): Promise<void>;
  /** Counts a wrong code or answer before it is checked; answers the tries now counted. */
  countFailure(id: string): Promise<number>;
  /** Takes back a try counted for a code or answer that turned out right. */
  uncountFailure(id: string): Promise<void>;
  /** Records right answers and the channel a code then went to; false when the attempt was no longer live. */
  markQuestionsPassed(id: string, channelId: string | null, now: number): Promise<boolean>;
  /** Marks a live attempt (unused, unexpired, fewer failed tries than the maximum) used; true for exactly one of several concurrent callers. */
  consume(id: string, now: number, maxFailedTries: number): Promise<boolean>;
  deleteEnded(now: number): Promise<void>;
}

export function createRecoveryAttemptStore(db: DB): RecoveryAttemptStore {
  return {
    insert: async (row) => {
      await db.insertInto('recovery_attempts').values(row).execute();
    },
    find: (id) => db.selectFrom('recovery_attempts').selectAll().where('id', '=', id).executeTakeFirst(),
    setTarget: async (id, userId, channelId) => {
      await db.updateTable('recovery_attempts').set({ user_id: userId, channel_id: channelId }).where('id', '=', id).execute();
    },
    countFailure: async (id) => {
      const row = await db
        .updateTable('recovery_attempts')
        .set((eb) => ({ failed_tries: eb('failed_tries', '+', 1) }))
        .where('id', '=', id)
        .returning('failed_tries')
        .executeTakeFirst();
      return row?.failed_tries ?? Number.MAX_SAFE_INTEGER;
    },
    uncountFailure: async (id) => {
      await db
        .updateTable('recovery_attempts')
        .set((eb) => ({ failed_tries: eb('failed_tries', '-', 1) }))
        .where('id', '=', id)
        .where('failed_tries', '>', 0)
        .execute();
    },
    markQuestionsPassed: async (id, channelId, now) => {
      const result = await db
        .updateTable('recovery_attempts')
        .set({ questions_passed: 1, channel_id: channelId })
        .where('id', '=', id)
        .where('questions_passed', '=', 0)
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    consume: async (id, now, maxFailedTries) => {
      const result = await db
        .updateTable('recovery_attempts')
        .set({ used_at: now })
        .where('id', '=', id)
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .where('failed_tries', '<', maxFailedTries)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    deleteEnded: async (now) => {
      await db.deleteFrom('recovery_attempts').where('expires_at', '<=', now).execute();
    },
  };
}
