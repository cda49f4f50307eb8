import type { Selectable } from 'kysely';
import type { DB } from '../../../db/index.ts';
import type { WebAuthnChallengesTable } from '../../../db/schema.ts';

export type ChallengeRow = Selectable<WebAuthnChallengesTable>;

export interface ChallengeStore {
  insert(row: ChallengeRow): Promise<void>;
  /** Deletes and returns the challenge: each is answered at most once, even by concurrent requests. */
  take(id: string): Promise<ChallengeRow | undefined>;
  deleteEnded(now: number): Promise<void>;
}

export function createChallengeStore(db: DB): ChallengeStore {
  return {
    insert: async (row) => {
      await db.insertInto('webauthn_challenges').values(row).execute();
    },
    take: (id) => db.deleteFrom('webauthn_challenges').where('id', '=', id).returningAll().executeTakeFirst(),
    deleteEnded: async (now) => {
      await db.deleteFrom('webauthn_challenges').where('expires_at', '<=', now).execute();
    },
  };
}
