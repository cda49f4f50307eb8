/** Start: config → database → migrations → app → listen. Nothing else. */
import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import type { Config } from './config.ts';
import { openDatabase } from './db/index.ts';
import { migrateToLatest } from './db/migrate.ts';
import { loadOrCreateSecretsKey } from './infra/secrets.ts';

function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

const config = loadConfigOrExit();
const database = openDatabase(config);
try {
  await migrateToLatest(database.db);
} catch (error) {
  process.stderr.write(`Cannot prepare the ${database.kind} database: ${(error as Error).message}\n`);
  await database.db.destroy().catch(() => {});
  process.exit(1);
}
const secretsKey = loadOrCreateSecretsKey({ configured: config.secretsKey, dataDir: config.dataDir });
const { app, setup } = await buildApp({ config, database, secretsKey });

async function shutdown(signal: string): Promise<void> {
  app.log.info({ signal }, 'shutting down');
  await app.close();
  await database.db.destroy();
  process.exit(0);
}
process.once('SIGTERM', () => void shutdown('SIGTERM'));
process.once('SIGINT', () => void shutdown('SIGINT'));

try {
  await app.listen({ port: config.port, host: config.host });
} catch (error) {
  // A port in use, or Redis (REDIS_URL) not answering: one line, no stack, no URL.
  process.stderr.write(`Cannot start: ${(error as Error).message}\n`);
  await app.close().catch(() => {});
  await database.db.destroy().catch(() => {});
  process.exit(1);
}

const firstRun = await setup.issueToken();
if (firstRun) {
  // Printed (not logged as JSON) because a person reads it; the token sits in the fragment, which browsers never send.
  process.stdout.write(
    `\nCairn has no administrator yet. Within 1 hour, open this one-time link to create one:\n  ${config.publicURL}/setup#token=${firstRun.token}\n` +
      `(or run: npm run cli -- user:create --email E --name N --role admin)\n\n`,
  );
}
