/**
 * A migrated database of either kind without a server, for tests that build the app
 * themselves (`buildApp`) or drive services directly.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/server/config.ts';
import type { Config } from '../../src/server/config.ts';
import { openDatabase } from '../../src/server/db/index.ts';
import type { DatabaseHandle, DatabaseKind } from '../../src/server/db/index.ts';
import { migrateToLatest } from '../../src/server/db/migrate.ts';
import { createThrowawayDatabase } from './postgres.ts';

export interface TestDatabase {
  config: Config;
  database: DatabaseHandle;
  /** The environment that points another process (the CLI, `main.ts`) at this database. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function openTestDatabase(kind: DatabaseKind, options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-test-'));
  const postgres = kind === 'postgres' ? await createThrowawayDatabase() : undefined;
  const env: Record<string, string> = { DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...(postgres ? { DATABASE_URL: postgres.url } : {}) };
  const config = loadConfig({ HOST: 'localhost', ...env });
  const database = openDatabase(config);
  if (options.migrate ?? true) await migrateToLatest(database.db);
  return {
    config,
    database,
    env,
    close: async () => {
      await database.db.destroy();
      await postgres?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
