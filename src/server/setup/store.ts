import type { DB } from '../db/index.ts';

export interface SetupTokenStore {
  insert(tokenHash: string, createdAt: number, expiresAt: number): Promise<void>;
  /** Marks the token used if it is unused and unexpired; true when this call consumed it (atomic). */
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
      const result = await db
        .updateTable('setup_tokens')
        .set({ used_at: now })
        .where('token_hash', '=', tokenHash)
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    release: async (tokenHash) => {
      await db.updateTable('setup_tokens').set({ used_at: null }).where('token_hash', '=', tokenHash).execute();
    },
  };
}
