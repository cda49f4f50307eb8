import type { Selectable } from 'kysely';
import type { DB } from '../../db/index.ts';
import type { PendingSignInsTable } from '../../db/schema.ts';

export type PendingSignInRow = Selectable<PendingSignInsTable>;

/** The state between a correct password and the second factor. */
export interface PendingSignInStore {
  insert(row: PendingSignInRow): Promise<void>;
  find(id: string): Promise<PendingSignInRow | undefined>;
  /**
   * Counts a try before it is checked, atomically: the tries now counted, or undefined when the limit is reached, so
   * concurrent guesses cannot all be checked. A try that was not a wrong guess is released.
   */
  reserveTry(id: string, maxTries: number): Promise<number | undefined>;
  releaseTry(id: string): Promise<void>;
  /** Deletes it; false when it was gone already (a concurrent verification won). */
  take(id: string): Promise<boolean>;
  deleteEnded(now: number): Promise<void>;
  deleteForUser(userId: string): Promise<void>;
}

export function createPendingSignInStore(db: DB): PendingSignInStore {
  return {
    insert: async (row) => {
      await db.insertInto('pending_sign_ins').values(row).execute();
    },
    find: (id) => db.selectFrom('pending_sign_ins').selectAll().where('id', '=', id).executeTakeFirst(),
    reserveTry: async (id, maxTries) => {
      const row = await db
        .updateTable('pending_sign_ins')
        .set((eb) => ({ failed_tries: eb('failed_tries', '+', 1) }))
        .where('id', '=', id)
        .where('failed_tries', '<', maxTries)
        .returning('failed_tries')
        .executeTakeFirst();
      return row?.failed_tries;
    },
    releaseTry: async (id) => {
      await db
        .updateTable('pending_sign_ins')
        .set((eb) => ({ failed_tries: eb('failed_tries', '-', 1) }))
        .where('id', '=', id)
        .where('failed_tries', '>', 0)
        .execute();
    },
    take: async (id) => Number((await db.deleteFrom('pending_sign_ins').where('id', '=', id).executeTakeFirst()).numDeletedRows) === 1,
    deleteForUser: async (userId) => {
      await db.deleteFrom('pending_sign_ins').where('user_id', '=', userId).execute();
    },
    deleteEnded: async (now) => {
      await db.deleteFrom('pending_sign_ins').where('expires_at', '<=', now).execute();
    },
  };
}
