/** The administrator's command line, run as a process against a real database, checked over HTTP. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { openTestDatabase } from '../support/database.ts';
import type { TestDatabase } from '../support/database.ts';
import { ADMIN, get, signIn } from '../support/http.ts';
import { runCLI } from '../support/processes.ts';
import type { ProcessResult } from '../support/processes.ts';
import { DATABASES, startTestServer } from '../support/server.ts';
import type { TestServer } from '../support/server.ts';

const TEMPORARY_PASSWORD_LINE = /^ {2}([A-HJKMNP-Z2-9]{4}(?:-[A-HJKMNP-Z2-9]{4}){3})$/m;
const CREATE_ADMIN = ['user:create', '--email', ADMIN.email, '--name', ADMIN.name, '--username', ADMIN.username, '--role', 'admin'];

function assertNoStackTrace(result: ProcessResult): void {
  assert.doesNotMatch(result.stderr, /^\s+at /m, `no stack trace: ${result.stderr}`);
}

for (const database of DATABASES) {
  describe(`the command line on ${database}`, () => {
    let target: TestDatabase;

    beforeEach(async () => {
      target = await openTestDatabase(database, { migrate: false });
    });
    afterEach(() => target.close());

    const cli = (args: string[], stdin?: string | null) => runCLI(args, { env: target.env, ...(stdin !== undefined ? { stdin } : {}) });
    const users = () => target.database.db.selectFrom('users').selectAll().execute();

    /** A server on the CLI's database, as the operator would run `npm start` beside it. */
    async function withServer(check: (server: TestServer) => Promise<void>): Promise<void> {
      const server = await startTestServer({ database, env: target.env });
      try {
        await check(server);
      } finally {
        await server.close();
      }
    }

    describe('successful commands', () => {
      test('migrate brings an empty database up to date, and again without harm', async () => {
        const first = await cli(['migrate']);
        assert.equal(first.code, 0, first.stderr);
        assert.equal(first.stdout, `The ${database} database is up to date.\n`);
        assert.deepEqual(await users(), []);
        const second = await cli(['migrate']);
        assert.equal(second.code, 0, second.stderr);
      });

      test('user:create with a password on standard input creates an administrator who can sign in', async () => {
        const result = await cli(CREATE_ADMIN, `${ADMIN.password}\n`);
        assert.equal(result.code, 0, result.stderr);
        assert.match(result.stdout, /^Created admin ada@example\.com \([0-9a-f-]{36}\)\.\n$/);
        assert.ok(!result.stdout.includes(ADMIN.password), 'the password is not echoed');

        await withServer(async (server) => {
          assert.deepEqual((await get(server, '/api/setup')).body, { needed: false });
          const response = await signIn(server, ADMIN.username, ADMIN.password);
          assert.equal(response.status, 200, response.text);
          assert.deepEqual(response.body, { status: 'signed_in' });
        });
      });

      test('only the final line ending is dropped from the password on standard input', async () => {
        const password = ' spaces inside and around ';
        assert.equal((await cli(CREATE_ADMIN, `${password}\r\n`)).code, 0);
        await withServer(async (server) => {
          assert.equal((await signIn(server, ADMIN.email, password)).status, 200);
          assert.equal((await signIn(server, ADMIN.email, password.trim())).status, 401);
        });
      });

      test('user:create without standard input prints a temporary password that must be changed', async () => {
        const result = await cli(['user:create', '--email', 'bob@example.com', '--name', 'Bob', '--role', 'sales_rep'], null);
        assert.equal(result.code, 0, result.stderr);
        const temporaryPassword = TEMPORARY_PASSWORD_LINE.exec(result.stdout)?.[1];
        assert.ok(temporaryPassword, result.stdout);
        assert.match(result.stdout, /valid 72 hours/);

        await withServer(async (server) => {
          const response = await signIn(server, 'bob@example.com', temporaryPassword);
          assert.equal(response.status, 200, response.text);
          assert.deepEqual(response.body, { status: 'password_change_required' });
        });
      });

      test('user:create stores the chosen language and writes the audit log', async () => {
        assert.equal((await cli([...CREATE_ADMIN, '--locale', 'en'], ADMIN.password)).code, 0);
        const [user] = await users();
        assert.equal(user!.locale, 'en');
        assert.equal(user!.role, 'admin');
        assert.equal(user!.must_change_password, 0);
        const events = await target.database.db.selectFrom('audit_events').selectAll().execute();
        assert.equal(events.length, 1);
        assert.equal(events[0]!.event, 'user.created');
        assert.equal(JSON.parse(events[0]!.details).via, 'cli');
      });
    });

    describe('failing commands', () => {
      test('an unknown role exits with status 2 and creates nobody', async () => {
        const result = await cli(['user:create', '--email', 'bob@example.com', '--name', 'Bob', '--role', 'superuser'], ADMIN.password);
        assert.equal(result.code, 2);
        assert.match(result.stderr, /--role/);
        assertNoStackTrace(result);
        assert.deepEqual(await users(), []);
      });

      test('a missing option exits with status 2', async () => {
        const result = await cli(['user:create', '--name', 'Bob', '--role', 'admin'], ADMIN.password);
        assert.equal(result.code, 2);
        assert.match(result.stderr, /--email/);
        assertNoStackTrace(result);
      });

      test('an unknown option exits with status 2', async () => {
        const result = await cli([...CREATE_ADMIN, '--password', 'on the command line'], null);
        assert.equal(result.code, 2);
        assertNoStackTrace(result);
        assert.deepEqual(await users(), []);
      });

      test('an unknown command exits with status 2 and shows the usage', async () => {
        const result = await cli(['user:delete']);
        assert.equal(result.code, 2);
        assert.match(result.stderr, /unknown command "user:delete"/);
        assert.match(result.stderr, /Usage:/);
      });

      test('no command shows the usage and exits with status 2', async () => {
        const result = await cli([]);
        assert.equal(result.code, 2);
        assert.match(result.stdout, /Usage:/);
      });

      test('a too short password exits with status 1, a clear message and no stack trace', async () => {
        const result = await cli(CREATE_ADMIN, 'short\n');
        assert.equal(result.code, 1);
        assert.equal(result.stderr, 'The password must have at least 12 characters.\n');
        assert.deepEqual(await users(), []);
      });

      test('an e-mail already in use exits with status 1', async () => {
        assert.equal((await cli(CREATE_ADMIN, ADMIN.password)).code, 0);
        const result = await cli([...CREATE_ADMIN.slice(0, -4), '--username', 'ada2', '--role', 'admin'], ADMIN.password);
        assert.equal(result.code, 1);
        assert.match(result.stderr, /already exists/);
        assertNoStackTrace(result);
        assert.equal((await users()).length, 1);
      });
    });
  });
}

describe('the SQLite files', () => {
  test('a new data directory and its database files are readable by their owner only', async () => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-files-'));
    try {
      const dataDir = path.join(parent, 'data');
      const result = await runCLI(['user:create', '--email', ADMIN.email, '--name', ADMIN.name, '--role', 'admin'], { env: { DATA_DIR: dataDir }, stdin: ADMIN.password });
      assert.equal(result.code, 0, result.stderr);
      assert.equal(fs.statSync(dataDir).mode & 0o777, 0o700);
      const files = fs.readdirSync(dataDir);
      assert.ok(files.includes('cairn.sqlite'), files.join(', '));
      for (const file of files) assert.equal(fs.statSync(path.join(dataDir, file)).mode & 0o077, 0, `${file} is private`);
    } finally {
      fs.rmSync(parent, { recursive: true, force: true });
    }
  });
});
