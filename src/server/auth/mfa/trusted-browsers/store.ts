import type { DB } from '../../../db/index.ts';
import type { TrustedBrowsersTable } from '../../../db/schema.ts';

export interface TrustedBrowserStore {
  insert(row: TrustedBrowsersTable): Promise<void>;
  isTrusted(id: string, userId: string, now: number): Promise<boolean>;
  deleteAllForUser(userId: string): Promise<void>;
  deleteEnded(now: number): Promise<void>;
}

export function createTrustedBrowserStore(db: DB): TrustedBrowserStore {
  return {
    insert: async (row) => {
      await db.insertInto('trusted_browsers').values(row).execute();
    },
    isTrusted: async (id, userId, now) =>
      (await db
        .selectFrom('trusted_browsers')
        .select('id')
        .where('id', '=', id)
        .where('user_id', '=', userId)
        .where('expires_at', '>', now)
        .executeTakeFirst()) !== undefined,
    deleteAllForUser: async (userId) => {
      await db.deleteFrom('trusted_browsers').where('user_id', '=', userId).execute();
    },
    deleteEnded: async (now) => {
      await db.deleteFrom('trusted_browsers').where('expires_at', '<=', now).execute();
    },
  };
}
