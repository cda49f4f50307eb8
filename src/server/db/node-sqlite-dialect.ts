import fs from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import type { StatementSync } from 'node:sqlite';
import { SqliteDialect } from 'kysely';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

type SQLiteValue = null | number | bigint | string | NodeJS.ArrayBufferView;

/**
 * Kysely's SqliteDialect expects a better-sqlite3-like database; `node:sqlite` differs in
 * two ways: statements have no `reader` flag and take positional parameters as arguments.
 * Prepared statements are cached by SQL text: compiling one costs more than running it.
 */
class NodeSQLiteStatement implements SqliteStatement {
  readonly reader: boolean;
  readonly #statement: StatementSync;

  constructor(statement: StatementSync) {
    this.#statement = statement;
    this.reader = statement.columns().length > 0;
  }

  all(parameters: ReadonlyArray<unknown>): unknown[] {
    return this.#statement.all(...(parameters as SQLiteValue[]));
  }

  run(parameters: ReadonlyArray<unknown>): { changes: number | bigint; lastInsertRowid: number | bigint } {
    return this.#statement.run(...(parameters as SQLiteValue[]));
  }

  iterate(parameters: ReadonlyArray<unknown>): IterableIterator<unknown> {
    return this.#statement.iterate(...(parameters as SQLiteValue[]));
  }
}

const STATEMENT_CACHE_LIMIT = 500;

class NodeSQLiteDatabase implements SqliteDatabase {
  readonly #database: DatabaseSync;
  readonly #statements = new Map<string, NodeSQLiteStatement>();

  constructor(database: DatabaseSync) {
    this.#database = database;
  }

  prepare(sql: string): SqliteStatement {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = new NodeSQLiteStatement(this.#database.prepare(sql));
      // DDL and one-off statements must not grow the cache without bound.
      if (this.#statements.size >= STATEMENT_CACHE_LIMIT) this.#statements.clear();
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  close(): void {
    this.#statements.clear();
    if (this.#database.isOpen) this.#database.close();
  }
}

export const SQLITE_BUSY_TIMEOUT_MILLISECONDS = 5000;

export function createNodeSQLiteDialect(filename: string): SqliteDialect {
  const database = new DatabaseSync(filename, { enableForeignKeyConstraints: true, timeout: SQLITE_BUSY_TIMEOUT_MILLISECONDS });
  // Before WAL mode creates its -wal and -shm files, which SQLite gives the database file's permissions.
  fs.chmodSync(filename, 0o600);
  database.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;');
  return new SqliteDialect({ database: new NodeSQLiteDatabase(database) });
}
