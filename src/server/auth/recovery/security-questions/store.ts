import type { Selectable } from 'kysely';
import type { DB } from '../../../db/index.ts';
import type { SecurityAnswersTable } from '../../../db/schema.ts';

export type SecurityAnswerRow = Selectable<SecurityAnswersTable>;

export interface SecurityAnswerStore {
  listForUser(userId: string): Promise<SecurityAnswerRow[]>;
  /** Replaces all of the person's answers in one transaction. */
  replaceForUser(userId: string, rows: SecurityAnswerRow[]): Promise<void>;
  /** Answers how many were removed. */
  deleteForUser(userId: string): Promise<number>;
}

export function createSecurityAnswerStore(db: DB): SecurityAnswerStore {
  return {
    listForUser: (userId) => db.selectFrom('security_answers').selectAll().where('user_id', '=', userId).orderBy('created_at').orderBy('id').execute(),
    replaceForUser: async (userId, rows) => {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('security_answers').where('user_id', '=', userId).execute();
        if (rows.length > 0) await trx.insertInto('security_answers').values(rows).execute();
      });
    },
    deleteForUser: async (userId) => {
      const result = await db.deleteFrom('security_answers').where('user_id', '=', userId).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
