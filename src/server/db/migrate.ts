import { Migrator } from 'kysely/migration';
import type { Migration, MigrationResultSet } from 'kysely/migration';
import type { DB } from './index.ts';
import * as m0001 from './migrations/0001-users-sessions-audit.ts';
import * as m0002 from './migrations/0002-second-factors-and-messages.ts';
import * as m0003 from './migrations/0003-recovery-and-lockout.ts';

/** Listed explicitly (not read from disk) so the order is reviewable and bundling-safe. */
const MIGRATIONS: Record<string, Migration> = {
  '0001-users-sessions-audit': m0001,
  '0002-second-factors-and-messages': m0002,
  '0003-recovery-and-lockout': m0003,
};

export async function migrateToLatest(db: DB): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => MIGRATIONS } });
  const result: MigrationResultSet = await migrator.migrateToLatest();
  if (result.error) throw result.error;
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
