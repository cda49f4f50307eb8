/**
 * A real PostgreSQL for the tests. CI (`.ci/run`) installs and starts Debian's server and
 * creates the `cairn_test` role; locally, this starts the cluster and creates the role when
 * they are missing. Each test file gets a throw-away database, dropped at the end.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import pg from 'pg';

export const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://cairn_test:cairn_test@localhost:5432/postgres';

async function canConnect(): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Starts the local cluster (when it is down) and creates the test role (when it is missing). Needs root. */
function prepareLocalCluster(): void {
  const versions = fs.existsSync('/etc/postgresql') ? fs.readdirSync('/etc/postgresql') : [];
  const version = versions.sort().at(-1);
  if (!version) throw new Error('PostgreSQL is not installed: apt-get install -y postgresql (see .ci/run)');
  try {
    execFileSync('pg_ctlcluster', [version, 'main', 'start'], { stdio: 'ignore' });
  } catch {
    // already running
  }
  for (let attempt = 0; attempt < 30; attempt++) {
    try {
      execFileSync('runuser', ['-u', 'postgres', '--', 'psql', '-q', '-c',
        "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'cairn_test') THEN CREATE ROLE cairn_test LOGIN SUPERUSER PASSWORD 'cairn_test'; END IF; END $$;"],
        { stdio: 'ignore' });
      return;
    } catch {
      execFileSync('sleep', ['0.5']);
    }
  }
}

let ready: Promise<void> | undefined;

export function ensurePostgres(): Promise<void> {
  ready ??= (async () => {
    if (await canConnect()) return;
    if (!process.env.TEST_POSTGRES_URL) prepareLocalCluster();
    if (!(await canConnect())) throw new Error(`Cannot reach PostgreSQL at ${POSTGRES_ADMIN_URL} (see README: What npm test needs)`);
  })();
  return ready;
}

export async function createThrowawayDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  await ensurePostgres();
  const name = `cairn_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
