import type { Selectable } from 'kysely';
import type { DB } from '../../../db/index.ts';
import type { OneTimeCodesTable } from '../../../db/schema.ts';

export type OneTimeCodeRow = Selectable<OneTimeCodesTable>;

export interface Binding {
  purpose: string;
  factorId: string;
  attemptId: string;
}

export interface OneTimeCodeStore {
  /** Replaces any earlier code for the same binding: only the newest code works. */
  replace(row: OneTimeCodeRow): Promise<void>;
  findLatest(binding: Binding): Promise<OneTimeCodeRow | undefined>;
  /** Counts a wrong try; answers the tries now counted. */
  countFailure(id: string): Promise<number>;
  /** Marks the code used; false when it was used already or has run out of tries (a concurrent use won). */
  consume(id: string, now: number, maxFailedTries: number): Promise<boolean>;
  delete(id: string): Promise<void>;
  deleteEnded(now: number): Promise<void>;
}

export function createOneTimeCodeStore(db: DB): OneTimeCodeStore {
  const bound = (binding: Binding) =>
    db
      .selectFrom('one_time_codes')
      .selectAll()
      .where('attempt_id', '=', binding.attemptId)
      .where('factor_id', '=', binding.factorId)
      .where('purpose', '=', binding.purpose);
  return {
    replace: async (row) => {
      await db.transaction().execute(async (trx) => {
        await trx
          .deleteFrom('one_time_codes')
          .where('attempt_id', '=', row.attempt_id)
          .where('factor_id', '=', row.factor_id)
          .where('purpose', '=', row.purpose)
          .execute();
        await trx.insertInto('one_time_codes').values(row).execute();
      });
    },
    findLatest: (binding) => bound(binding).orderBy('created_at', 'desc').executeTakeFirst(),
    countFailure: async (id) => {
      const row = await db
        .updateTable('one_time_codes')
        .set((eb) => ({ failed_tries: eb('failed_tries', '+', 1) }))
        .where('id', '=', id)
        .returning('failed_tries')
        .executeTakeFirst();
      return row?.failed_tries ?? Number.MAX_SAFE_INTEGER;
    },
    consume: async (id, now, maxFailedTries) => {
      const result = await db
        .updateTable('one_time_codes')
        .set({ used_at: now })
        .where('id', '=', id)
        .where('used_at', 'is', null)
        .where('failed_tries', '<', maxFailedTries)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    delete: async (id) => {
      await db.deleteFrom('one_time_codes').where('id', '=', id).execute();
    },
    deleteEnded: async (now) => {
      await db.deleteFrom('one_time_codes').where('expires_at', '<=', now).execute();
    },
  };
}
