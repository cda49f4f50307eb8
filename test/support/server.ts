/**
 * One helper builds a listening test server on either database (STYLE.md: withDatabase).
 * The URL uses `localhost` (WebAuthn needs a secure context; 127.0.0.1 is not one).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app.ts';
import { loadConfig } from '../../src/server/config.ts';
import type { Config } from '../../src/server/config.ts';
import { openDatabase } from '../../src/server/db/index.ts';
import type { DatabaseHandle, DatabaseKind } from '../../src/server/db/index.ts';
import { migrateToLatest } from '../../src/server/db/migrate.ts';
import type { PasswordHasher } from '../../src/server/auth/passwords/index.ts';
import type { Clock } from '../../src/server/infra/clock.ts';
import type { MessengerService } from '../../src/server/infra/messages/index.ts';
import { createThrowawayDatabase } from './postgres.ts';
import { freePort } from './processes.ts';

export const DATABASES: readonly DatabaseKind[] = ['sqlite', 'postgres'];

export interface TestServer {
  url: string;
  origin: string;
  /** The first-run setup token, as printed by `npm start`; empty when the database already has an administrator. */
  setupToken: string;
  config: Config;
  database: DatabaseHandle;
  app: FastifyInstance;
  /** Drives the notification retries and waits for first tries (no sleeping in tests). */
  messenger: MessengerService;
  /** Waits for the work started after answers (e.g. a reset link being written and mailed) and for first delivery tries. */
  whenIdle(): Promise<void>;
  close(): Promise<void>;
}


type TestServerOptions = Parameters<typeof startTestServerOnce>[0];

/**
 * The port comes free from freePort(), but an outgoing connection (PostgreSQL, SMTP) may take it
 * from the same ephemeral range before the server listens: then the server starts again elsewhere.
 */
export async function startTestServer(options: TestServerOptions): Promise<TestServer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startTestServerOnce(options);
    } catch (error) {
      if (attempt >= 3 || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    }
  }
}

async function startTestServerOnce(options: {
  database: DatabaseKind;
  clock?: Clock;
  env?: Record<string, string>;
  /** A wrapped hasher lets a test count or pace the hashing (e.g. to make a race deterministic). */
  hasher?: PasswordHasher;
  /** The built web app to serve; defaults to dist/web. */
  webDistDir?: string;
  /**
   * Another test server's PostgreSQL database (its `config.databaseURL`), for several app servers
   * on one database; that server's `close` drops it, this one's does not.
   */
  databaseURL?: string;
}): Promise<TestServer> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-test-'));
  const postgres = options.database === 'postgres' && !options.databaseURL ? await createThrowawayDatabase() : undefined;
  const databaseURL = options.databaseURL ?? postgres?.url;
  const config = loadConfig({
    PORT: String(port),
    HOST: 'localhost',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    ...(databaseURL ? { DATABASE_URL: databaseURL } : {}),
    ...options.env,
  });
  const database = openDatabase(config);
  await migrateToLatest(database.db);
  const { app, setup, messenger, background } = await buildApp({
    config,
    database,
    secretsKey: randomBytes(32),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.hasher ? { hasher: options.hasher } : {}),
    ...(options.webDistDir ? { webDistDir: options.webDistDir } : {}),
  });
  const close = async (): Promise<void> => {
    await app.close();
    await database.db.destroy();
    await postgres?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await app.listen({ port, host: 'localhost' });
  } catch (error) {
    await close();
    throw error;
  }
  const issued = await setup.issueToken();
  return {
    url: `http://localhost:${port}`,
    origin: config.publicOrigin,
    setupToken: issued?.token ?? '',
    config,
    database,
    app,
    messenger,
    whenIdle: async () => {
      await background.whenIdle();
      await messenger.whenIdle();
    },
    close,
  };
}
