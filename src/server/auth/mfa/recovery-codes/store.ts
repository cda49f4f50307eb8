import type { Selectable } from 'kysely';
import type { DB } from '../../../db/index.ts';
import type { RecoveryCodesTable } from '../../../db/schema.ts';

export type RecoveryCodeRow = Selectable<RecoveryCodesTable>;

export interface RecoveryCodeStore {
  /** Deletes the user's codes and inserts the new set, in one transaction. */
  replaceAll(userId: string, rows: RecoveryCodeRow[]): Promise<void>;
  listUnused(userId: string): Promise<RecoveryCodeRow[]>;
  countUnused(userId: string): Promise<number>;
  /** false when it was used already (a concurrent use won). */
  markUsed(id: string, now: number): Promise<boolean>;
  deleteAllForUser(userId: string): Promise<void>;
}

export function createRecoveryCodeStore(db: DB): RecoveryCodeStore {
  return {
    replaceAll: async (userId, rows) => {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
        await trx.insertInto('recovery_codes').values(rows).execute();
      });
    },
    listUnused: (userId) => db.selectFrom('recovery_codes').selectAll().where('user_id', '=', userId).where('used_at', 'is', null).execute(),
    countUnused: async (userId) => {
      const row = await db
        .selectFrom('recovery_codes')
        .select((eb) => eb.fn.countAll<number | string>().as('count'))
        .where('user_id', '=', userId)
        .where('used_at', 'is', null)
        .executeTakeFirstOrThrow();
      return Number(row.count);
    },
    markUsed: async (id, now) => {
      const result = await db.updateTable('recovery_codes').set({ used_at: now }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    deleteAllForUser: async (userId) => {
      await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
    },
  };
}
