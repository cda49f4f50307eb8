import fs from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.ts';
import { createNodeSQLiteDialect } from './node-sqlite-dialect.ts';
import type { Database } from './schema.ts';

export type { Database } from './schema.ts';
export type DB = Kysely<Database>;
export type DatabaseKind = 'sqlite' | 'postgres';

export const SQLITE_FILE_NAME = 'cairn.sqlite';

const PG_INT8_OID = 20;

export interface DatabaseHandle {
  readonly db: DB;
  readonly kind: DatabaseKind;
}

/** PostgreSQL when DATABASE_URL is set, otherwise an SQLite file in DATA_DIR. */
export function openDatabase(config: Pick<Config, 'databaseURL' | 'dataDir'>): DatabaseHandle {
  if (config.databaseURL) {
    const pool = new pg.Pool({
      connectionString: config.databaseURL,
      max: 10,
      // Epoch-millisecond columns are bigint; they fit a JS number exactly.
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          oid === PG_INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
      },
    });
    // An idle connection the server closes (restart, failover, DROP … WITH (FORCE)) is reported
    // here; without a listener node-postgres would throw it and stop the process. The pool
    // replaces the connection on next use.
    pool.on('error', (error) => process.stderr.write(`PostgreSQL connection lost: ${error.message}\n`));
    return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), kind: 'postgres' };
  }
  // The database holds password hashes: readable by this service's user only.
  fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const dialect = createNodeSQLiteDialect(path.join(config.dataDir, SQLITE_FILE_NAME));
  return { db: new Kysely<Database>({ dialect }), kind: 'sqlite' };
}
