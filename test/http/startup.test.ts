/** `npm start` as a process: a bad configuration stops it with one clear line; a good one prints the setup link. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { openTestDatabase } from '../support/database.ts';
import type { TestDatabase } from '../support/database.ts';
import { ADMIN } from '../support/http.ts';
import { freePort, runCLI, runScript, startServerProcess } from '../support/processes.ts';
import type { ProcessResult } from '../support/processes.ts';
import { DATABASES } from '../support/server.ts';

/** Exit status 1, exactly one line on stderr naming the variable, no stack trace, no secret. */
function assertConfigurationRefused(result: ProcessResult, variable: string, secret?: string): void {
  assert.equal(result.code, 1, `exit status: ${result.stderr}`);
  const lines = result.stderr.split('\n').filter((line) => line !== '');
  assert.equal(lines.length, 1, `one line: ${result.stderr}`);
  assert.match(lines[0]!, new RegExp(`\\b${variable}\\b`));
  assert.doesNotMatch(result.stderr, /^\s+at /m);
  if (secret) assert.ok(!result.stderr.includes(secret), 'the secret is not echoed');
}

describe('start-up with a bad configuration', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-start-'));
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  const start = (env: Record<string, string>) => runScript('src/server/main.ts', [], { env: { DATA_DIR: dataDir, ...env } });

  test('PORT=abc stops the server with one line naming PORT', async () => {
    assertConfigurationRefused(await start({ PORT: 'abc' }), 'PORT');
  });

  test('a PORT out of range stops the server with one line naming PORT', async () => {
    assertConfigurationRefused(await start({ PORT: '70000' }), 'PORT');
  });

  test('a malformed DATABASE_URL stops the server with one line naming DATABASE_URL', async () => {
    assertConfigurationRefused(await start({ DATABASE_URL: 'not a url' }), 'DATABASE_URL');
  });

  test('a DATABASE_URL of another database stops the server without echoing its password', async () => {
    assertConfigurationRefused(await start({ DATABASE_URL: 'mysql://cairn:hunter2-secret@db.example/cairn' }), 'DATABASE_URL', 'hunter2-secret');
  });

  test('a PUBLIC_URL that is not http(s) stops the server with one line naming PUBLIC_URL', async () => {
    assertConfigurationRefused(await start({ PUBLIC_URL: 'ftp://crm.example.com' }), 'PUBLIC_URL');
  });

  test('an unreachable PostgreSQL stops the server with one line and without its password', async () => {
    const result = await start({ DATABASE_URL: 'postgres://cairn:hunter2-secret@localhost:1/cairn' });
    assert.equal(result.code, 1);
    assert.equal(result.stderr.split('\n').filter(Boolean).length, 1, result.stderr);
    assert.match(result.stderr, /^Cannot prepare the postgres database: /);
    assert.ok(!result.stderr.includes('hunter2-secret'));
  });

  test('the command line refuses a bad configuration the same way', async () => {
    assertConfigurationRefused(await runCLI(['migrate'], { env: { DATA_DIR: dataDir, PORT: 'abc' } }), 'PORT');
  });

  test('nothing is written to the data directory when the configuration is refused', async () => {
    await start({ PORT: 'abc' });
    assert.deepEqual(fs.readdirSync(dataDir), []);
  });
});

for (const database of DATABASES) {
  describe(`start-up on ${database}`, () => {
    let target: TestDatabase;

    beforeEach(async () => {
      target = await openTestDatabase(database, { migrate: false });
    });
    afterEach(() => target.close());

    test('a first start migrates the database and prints a one-time setup link that works', async () => {
      const port = await freePort();
      const server = startServerProcess({ ...target.env, PORT: String(port), HOST: 'localhost' });
      try {
        const output = await server.waitForOutput(/\/setup#token=\S+/);
        const link = new URL(/(http\S+\/setup#token=\S+)/.exec(output)![1]!);
        assert.equal(link.origin, `http://localhost:${port}`);
        const token = new URLSearchParams(link.hash.slice(1)).get('token')!;
        assert.match(token, /^[A-Za-z0-9_-]{43}$/);

        const response = await fetch(`http://localhost:${port}/api/setup`, {
          method: 'POST',
          headers: { origin: link.origin, 'content-type': 'application/json' },
          body: JSON.stringify({ token, ...ADMIN }),
        });
        assert.equal(response.status, 201, await response.text());
      } finally {
        const exit = await server.stop();
        assert.equal(exit.code, 0, `a SIGTERM shuts down cleanly: ${exit.stderr}`);
      }
    });

    test('a start with an administrator prints no setup link', async () => {
      assert.equal((await runCLI(['user:create', '--email', ADMIN.email, '--name', ADMIN.name, '--role', 'admin'], { env: target.env, stdin: ADMIN.password })).code, 0);
      const port = await freePort();
      const server = startServerProcess({ ...target.env, PORT: String(port), HOST: 'localhost' });
      try {
        for (let attempt = 0; ; attempt++) {
          const health = await fetch(`http://localhost:${port}/healthz`).catch(() => undefined);
          if (health?.status === 200) break;
          assert.ok(attempt < 200, 'the server answers');
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      } finally {
        const exit = await server.stop();
        assert.doesNotMatch(exit.stdout, /setup#token=/);
      }
    });
  });
}
