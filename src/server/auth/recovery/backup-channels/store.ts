import type { Selectable } from 'kysely';
import type { DB } from '../../../db/index.ts';
import type { BackupChannelsTable } from '../../../db/schema.ts';

export type BackupChannelRow = Selectable<BackupChannelsTable>;
export type BackupChannelKind = BackupChannelRow['kind'];

export interface BackupChannelStore {
  /** The person's channels of every kind and status, oldest first. */
  listForUser(userId: string): Promise<BackupChannelRow[]>;
  findActive(userId: string, kind: BackupChannelKind): Promise<BackupChannelRow | undefined>;
  findPending(userId: string, kind: BackupChannelKind): Promise<BackupChannelRow | undefined>;
  findById(id: string): Promise<BackupChannelRow | undefined>;
  /** Inserts a pending channel in place of an earlier pending one of the same kind (the active one stays until this is confirmed). */
  replacePending(row: BackupChannelRow): Promise<void>;
  /**
   * Makes the pending channel the active one of its kind, removing the former active one, in one
   * transaction; false when the pending channel is gone (removed, or confirmed by a concurrent request).
   */
  activate(id: string, now: number): Promise<boolean>;
  /** Removes every channel of that kind, pending and active; answers the removed rows. */
  deleteKind(userId: string, kind: BackupChannelKind): Promise<BackupChannelRow[]>;
}

export function createBackupChannelStore(db: DB): BackupChannelStore {
  const ofKind = (userId: string, kind: BackupChannelKind) =>
    db.selectFrom('backup_channels').selectAll().where('user_id', '=', userId).where('kind', '=', kind);
  return {
    listForUser: (userId) => db.selectFrom('backup_channels').selectAll().where('user_id', '=', userId).orderBy('created_at').orderBy('id').execute(),
    findActive: (userId, kind) => ofKind(userId, kind).where('status', '=', 'active').executeTakeFirst(),
    findPending: (userId, kind) => ofKind(userId, kind).where('status', '=', 'pending').executeTakeFirst(),
    findById: (id) => db.selectFrom('backup_channels').selectAll().where('id', '=', id).executeTakeFirst(),
    replacePending: async (row) => {
      await db.transaction().execute(async (trx) => {
        await trx
          .deleteFrom('backup_channels')
          .where('user_id', '=', row.user_id)
          .where('kind', '=', row.kind)
          .where('status', '=', 'pending')
          .execute();
        await trx.insertInto('backup_channels').values(row).execute();
      });
    },
    activate: (id, now) =>
      db.transaction().execute(async (trx) => {
        const pending = await trx.selectFrom('backup_channels').selectAll().where('id', '=', id).where('status', '=', 'pending').executeTakeFirst();
        if (!pending) return false;
        const updated = await trx
          .updateTable('backup_channels')
          .set({ status: 'active', confirmed_at: now })
          .where('id', '=', id)
          .where('status', '=', 'pending')
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) !== 1) return false;
        await trx
          .deleteFrom('backup_channels')
          .where('user_id', '=', pending.user_id)
          .where('kind', '=', pending.kind)
          .where('status', '=', 'active')
          .where('id', '!=', id)
          .execute();
        return true;
      }),
    deleteKind: (userId, kind) =>
      db.deleteFrom('backup_channels').where('user_id', '=', userId).where('kind', '=', kind).returningAll().execute(),
  };
}
