import type { Insertable } from 'kysely';
import type { DB } from '../../db/index.ts';
import type { AuditEventsTable } from '../../db/schema.ts';

export interface AuditStore {
  insert(row: Insertable<AuditEventsTable>): Promise<void>;
}

export function createAuditStore(db: DB): AuditStore {
  return {
    insert: async (row) => {
      await db.insertInto('audit_events').values(row).execute();
    },
  };
}
