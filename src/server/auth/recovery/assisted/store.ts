import type { Selectable } from 'kysely';
import type { DB } from '../../../db/index.ts';
import type { RecoveryRequestsTable } from '../../../db/schema.ts';

export type RecoveryRequestRow = Selectable<RecoveryRequestsTable>;
export type RecoveryRequestStatus = 'pending' | 'approved' | 'rejected';

export interface RecoveryRequestStore {
  insert(row: RecoveryRequestRow): Promise<void>;
  findById(id: string): Promise<RecoveryRequestRow | undefined>;
  findByStatusTokenHash(hash: string): Promise<RecoveryRequestRow | undefined>;
  setUser(id: string, userId: string): Promise<void>;
  /** Newest first. */
  /** Newest first, at most LIST_LIMIT (pending ones are few; 'all' is the recent history). */
  list(filter: 'pending' | 'all'): Promise<RecoveryRequestRow[]>;
  /** Records the decision on a pending request; false when it was decided already (one of two concurrent deciders wins). */
  decide(id: string, decision: { status: Exclude<RecoveryRequestStatus, 'pending'>; decidedAt: number; decidedBy: string; decision: string }): Promise<boolean>;
  /** Makes a request pending again after its approval could not be carried out. */
  reopen(id: string, decidedAt: number): Promise<void>;
}

const LIST_LIMIT = 500;

export function createRecoveryRequestStore(db: DB): RecoveryRequestStore {
  return {
    insert: async (row) => {
      await db.insertInto('recovery_requests').values(row).execute();
    },
    findById: (id) => db.selectFrom('recovery_requests').selectAll().where('id', '=', id).executeTakeFirst(),
    findByStatusTokenHash: (hash) => db.selectFrom('recovery_requests').selectAll().where('status_token_hash', '=', hash).executeTakeFirst(),
    setUser: async (id, userId) => {
      await db.updateTable('recovery_requests').set({ user_id: userId }).where('id', '=', id).execute();
    },
    list: (filter) => {
      let query = db.selectFrom('recovery_requests').selectAll();
      if (filter === 'pending') query = query.where('status', '=', 'pending');
      return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(LIST_LIMIT).execute();
    },
    decide: async (id, decision) => {
      const result = await db
        .updateTable('recovery_requests')
        .set({ status: decision.status, decided_at: decision.decidedAt, decided_by: decision.decidedBy, decision: decision.decision })
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    reopen: async (id, decidedAt) => {
      await db
        .updateTable('recovery_requests')
        .set({ status: 'pending', decided_at: null, decided_by: null, decision: null })
        .where('id', '=', id)
        .where('decided_at', '=', decidedAt)
        .execute();
    },
  };
}
