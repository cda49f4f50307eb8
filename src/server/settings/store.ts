import type { DB } from '../db/index.ts';

/** Administrator settings as JSON documents by key. */
export interface SettingsStore {
  get(key: string): Promise<unknown>;
  put(key: string, value: unknown, updatedBy: string | null, now: number): Promise<void>;
}

export function createSettingsStore(db: DB): SettingsStore {
  return {
    get: async (key) => {
      const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
      return row ? (JSON.parse(row.value) as unknown) : undefined;
    },
    put: async (key, value, updatedBy, now) => {
      const row = { key, value: JSON.stringify(value), updated_at: now, updated_by: updatedBy };
      await db
        .insertInto('settings')
        .values(row)
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: row.value, updated_at: now, updated_by: updatedBy }))
        .execute();
    },
  };
}
