import type { Selectable } from 'kysely';
import type { DB } from '../../../db/index.ts';
import type { MFAFactorsTable, MFAMethodName } from '../../../db/schema.ts';

export type FactorRow = Selectable<MFAFactorsTable>;

export interface FactorStore {
  insert(row: FactorRow): Promise<void>;
  findById(id: string): Promise<FactorRow | undefined>;
  findByCredentialId(credentialId: string): Promise<FactorRow | undefined>;
  listActive(userId: string): Promise<FactorRow[]>;
  findPending(userId: string, method: MFAMethodName): Promise<FactorRow | undefined>;
  /** Active methods per user, for the administrator's list. */
  activeMethodsByUser(): Promise<Map<string, MFAMethodName[]>>;
  /** pending → active; false when it was no longer pending (a concurrent confirmation won). */
  activate(id: string, now: number): Promise<boolean>;
  /** TOTP replay guard: records the step only if it is later than the last accepted one. */
  acceptTimeStep(id: string, timeStep: number, now: number): Promise<boolean>;
  /** Passkey: records use and the new signature counter. */
  recordPasskeyUse(id: string, signCount: number, now: number): Promise<void>;
  recordUse(id: string, now: number): Promise<void>;
  delete(id: string): Promise<void>;
  deletePending(userId: string, method: MFAMethodName): Promise<void>;
  deleteActive(userId: string, method: MFAMethodName, exceptId: string): Promise<void>;
  deleteAllForUser(userId: string): Promise<void>;
}

export function createFactorStore(db: DB): FactorStore {
  return {
    insert: async (row) => {
      await db.insertInto('mfa_factors').values(row).execute();
    },
    findById: (id) => db.selectFrom('mfa_factors').selectAll().where('id', '=', id).executeTakeFirst(),
    findByCredentialId: (credentialId) =>
      db.selectFrom('mfa_factors').selectAll().where('credential_id', '=', credentialId).where('status', '=', 'active').executeTakeFirst(),
    listActive: (userId) =>
      db.selectFrom('mfa_factors').selectAll().where('user_id', '=', userId).where('status', '=', 'active').orderBy('created_at').orderBy('id').execute(),
    findPending: (userId, method) =>
      db
        .selectFrom('mfa_factors')
        .selectAll()
        .where('user_id', '=', userId)
        .where('method', '=', method)
        .where('status', '=', 'pending')
        .orderBy('created_at', 'desc')
        .executeTakeFirst(),
    activeMethodsByUser: async () => {
      const rows = await db.selectFrom('mfa_factors').select(['user_id', 'method']).distinct().where('status', '=', 'active').execute();
      const byUser = new Map<string, MFAMethodName[]>();
      for (const row of rows) byUser.set(row.user_id, [...(byUser.get(row.user_id) ?? []), row.method]);
      return byUser;
    },
    activate: async (id, now) => {
      const result = await db
        .updateTable('mfa_factors')
        .set({ status: 'active', confirmed_at: now })
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    acceptTimeStep: async (id, timeStep, now) => {
      const result = await db
        .updateTable('mfa_factors')
        .set({ last_time_step: timeStep, last_used_at: now })
        .where('id', '=', id)
        .where((eb) => eb.or([eb('last_time_step', 'is', null), eb('last_time_step', '<', timeStep)]))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    recordPasskeyUse: async (id, signCount, now) => {
      await db.updateTable('mfa_factors').set({ sign_count: signCount, last_used_at: now }).where('id', '=', id).execute();
    },
    recordUse: async (id, now) => {
      await db.updateTable('mfa_factors').set({ last_used_at: now }).where('id', '=', id).execute();
    },
    delete: async (id) => {
      await db.deleteFrom('mfa_factors').where('id', '=', id).execute();
    },
    deletePending: async (userId, method) => {
      await db.deleteFrom('mfa_factors').where('user_id', '=', userId).where('method', '=', method).where('status', '=', 'pending').execute();
    },
    deleteActive: async (userId, method, exceptId) => {
      await db
        .deleteFrom('mfa_factors')
        .where('user_id', '=', userId)
        .where('method', '=', method)
        .where('status', '=', 'active')
        .where('id', '!=', exceptId)
        .execute();
    },
    deleteAllForUser: async (userId) => {
      await db.deleteFrom('mfa_factors').where('user_id', '=', userId).execute();
    },
  };
}
