import type { DB } from '../db/index.ts';

export interface SetupTokenStore {
  insert(tokenHash: string, createdAt: number, expiresAt: number): Promise<void>;
  /** If the token is unused and unexpired, marks it and every other outstanding token used; true when this call did (atomic). */
  consume(tokenHash: string, now: number): Promise<boolean>;
  /** Makes a consumed token usable again (the administrator it was for could not be created). */
  release(tokenHash: string): Promise<void>;
}

export function createSetupTokenStore(db: DB): SetupTokenStore {
  return {
    insert: async (tokenHash, createdAt, expiresAt) => {
      await db.insertInto('setup_tokens').values({ token_hash: tokenHash, created_at: createdAt, expires_at: expiresAt, used_at: null }).execute();
    },
    consume: async (tokenHash, now) => {
      // Uses up every outstanding token at once, so two links used at the same moment cannot
      // both create an administrator; on PostgreSQL the second UPDATE re-checks `used_at` after
      // the first commits and changes nothing.
      const result = await db
        .updateTable('setup_tokens')
        .set({ used_at: now })
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom('setup_tokens as presented')
              .select('presented.token_hash')
              .where('presented.token_hash', '=', tokenHash)
              .where('presented.used_at', 'is', null)
              .where('presented.expires_at', '>', now),
          ),
        )
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    release: async (tokenHash) => {
      await db.updateTable('setup_tokens').set({ used_at: null }).where('token_hash', '=', tokenHash).execute();
    },
  };
}
