import type { Selectable } from 'kysely';
import type { DB } from '../../../db/index.ts';
import type { PasswordResetTokensTable } from '../../../db/schema.ts';

export type ResetTokenRow = Selectable<PasswordResetTokensTable>;

export interface ResetTokenStore {
  /** Inserts the token and deletes the account's earlier ones; `db` may be a transaction. */
  replaceForUser(db: DB, row: ResetTokenRow): Promise<void>;
  find(id: string): Promise<ResetTokenRow | undefined>;
  /** Marks a live token used; true for exactly one of several concurrent callers. */
  consume(id: string, now: number): Promise<boolean>;
  deleteForUser(userId: string): Promise<void>;
  /** Deletes tokens that ended (used or expired) before `before`. */
  deleteEndedBefore(before: number): Promise<void>;
}

export function createResetTokenStore(db: DB): ResetTokenStore {
  return {
    replaceForUser: async (trx, row) => {
      await trx.deleteFrom('password_reset_tokens').where('user_id', '=', row.user_id).execute();
      await trx.insertInto('password_reset_tokens').values(row).execute();
    },
    find: (id) => db.selectFrom('password_reset_tokens').selectAll().where('id', '=', id).executeTakeFirst(),
    consume: async (id, now) => {
      const result = await db
        .updateTable('password_reset_tokens')
        .set({ used_at: now })
        .where('id', '=', id)
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    deleteForUser: async (userId) => {
      await db.deleteFrom('password_reset_tokens').where('user_id', '=', userId).execute();
    },
    deleteEndedBefore: async (before) => {
      await db
        .deleteFrom('password_reset_tokens')
        .where((eb) => eb.or([eb('expires_at', '<', before), eb('used_at', '<', before)]))
        .execute();
    },
  };
}
