/**
 * Several app servers on one PostgreSQL database and one Redis (REDIS_URL): the sign-in
 * throttles are shared, so a guesser gains nothing by spreading guesses over the servers, and
 * a Redis outage fails closed (503) instead of letting attempts through unthrottled.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { ADDRESS_FAILURES_PER_WINDOW, CONSECUTIVE_FAILURES_BEFORE_PAUSE, PAUSE_STEPS_MILLISECONDS } from '../../src/server/auth/lockout/index.ts';
import { createPasswordHasher } from '../../src/server/auth/passwords/index.ts';
import type { PasswordHasher } from '../../src/server/auth/passwords/index.ts';
import { createTestClock } from '../../src/server/infra/clock.ts';
import type { TestClock } from '../../src/server/infra/clock.ts';
import { ADMIN, assertError, completeSetup, get, signIn } from '../support/http.ts';
import type { ApiResponse } from '../support/http.ts';
import { freePort, runScript } from '../support/processes.ts';
import { startRedis } from '../support/redis.ts';
import type { TestRedis } from '../support/redis.ts';
import { startTestServer } from '../support/server.ts';
import type { TestServer } from '../support/server.ts';

const FIRST_PAUSE_SECONDS = PAUSE_STEPS_MILLISECONDS[0]! / 1000;

function assertPaused(response: ApiResponse, seconds: number): void {
  assertError(response, 429, 'too_many_attempts');
  assert.equal(response.headers.get('retry-after'), String(seconds));
  assert.equal(response.session, null);
}

describe('two app servers sharing one Redis and one PostgreSQL database', () => {
  let redis: TestRedis;
  let flusher: Redis;
  let clock: TestClock;
  let a: TestServer;
  let b: TestServer;
  let verifications: number;

  /** Counts every password verification (real or dummy) of both servers. */
  const countingHasher = (inner: PasswordHasher): PasswordHasher => ({
    hash: (password) => inner.hash(password),
    needsRehash: (stored) => inner.needsRehash(stored),
    verify: (stored, password) => {
      verifications++;
      return inner.verify(stored, password);
    },
    verifyDummy: (password) => {
      verifications++;
      return inner.verifyDummy(password);
    },
  });

  before(async () => {
    redis = await startRedis();
    flusher = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 0 });
  });
  after(async () => {
    flusher.disconnect();
    await redis.stop();
  });

  beforeEach(async () => {
    clock = createTestClock();
    verifications = 0;
    const hasher = countingHasher(createPasswordHasher());
    const env = { REDIS_URL: redis.url };
    a = await startTestServer({ database: 'postgres', clock, hasher, env });
    await completeSetup(a);
    b = await startTestServer({ database: 'postgres', databaseURL: a.config.databaseURL!, clock, hasher, env });
  });
  afterEach(async () => {
    await b.close(); // first: a's close drops the database b uses
    await a.close();
    await redis.start(); // a test may have stopped it
    await flusher.flushall();
  });

  test('wrong passwords on server A pause sign-in on server B, even with the right password', async () => {
    for (let i = 0; i < CONSECUTIVE_FAILURES_BEFORE_PAUSE; i++) assertError(await signIn(a, ADMIN.email, `wrong guess ${i}`), 401, 'invalid_credentials');
    const before = verifications;
    assertPaused(await signIn(b, ADMIN.email, ADMIN.password), FIRST_PAUSE_SECONDS);
    assertPaused(await signIn(b, ADMIN.username, ADMIN.password), FIRST_PAUSE_SECONDS);
    assert.equal(verifications, before, 'a paused sign-in hashes nothing on either server');
    clock.advance(PAUSE_STEPS_MILLISECONDS[0]!);
    assert.equal((await signIn(b, ADMIN.email, ADMIN.password)).status, 200);
  });

  test('guesses spread over both servers pause after five in all, not five per server', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < CONSECUTIVE_FAILURES_BEFORE_PAUSE + 2; i++) {
      statuses.push((await signIn(i % 2 === 0 ? a : b, 'nobody@example.com', `wrong guess ${i}`)).status);
    }
    assert.deepEqual(statuses, [...new Array(CONSECUTIVE_FAILURES_BEFORE_PAUSE).fill(401), 429, 429]);
  });

  test('a right password on server B forgets the failures counted on server A', async () => {
    for (let i = 0; i < CONSECUTIVE_FAILURES_BEFORE_PAUSE - 1; i++) await signIn(a, ADMIN.email, `wrong guess ${i}`);
    assert.equal((await signIn(b, ADMIN.email, ADMIN.password)).status, 200);
    const again: number[] = [];
    for (let i = 0; i < CONSECUTIVE_FAILURES_BEFORE_PAUSE - 1; i++) again.push((await signIn(a, ADMIN.email, `wrong again ${i}`)).status);
    assert.deepEqual(again, new Array(CONSECUTIVE_FAILURES_BEFORE_PAUSE - 1).fill(401));
  });

  test('one address failing across many identifiers is paused after 50 failures over both servers', async () => {
    for (let i = 0; i < ADDRESS_FAILURES_PER_WINDOW; i++) {
      const response = await signIn(i % 2 === 0 ? a : b, `stuffed-${i}@example.com`, 'Password123!');
      assert.equal(response.status, 401, `failure ${i + 1}: ${response.text}`);
    }
    assertPaused(await signIn(a, 'one-more@example.com', 'Password123!'), 15 * 60);
    assertPaused(await signIn(b, ADMIN.email, ADMIN.password), 15 * 60);
  });

  test('while Redis is down, sign-in answers 503 service_unavailable on both servers without checking a password; it works again once Redis is back', async () => {
    await redis.stop();
    const before = verifications;
    for (const server of [a, b]) {
      assertError(await signIn(server, ADMIN.email, ADMIN.password), 503, 'service_unavailable');
      assertError(await signIn(server, 'nobody@example.com', 'a wrong guess'), 503, 'service_unavailable');
      assert.equal((await get(server, '/healthz')).status, 200, 'the database still answers');
    }
    assert.equal(verifications, before, 'no password was checked unthrottled');

    await redis.start();
    const deadline = Date.now() + 10_000;
    let response = await signIn(b, ADMIN.email, ADMIN.password);
    while (response.status === 503 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      response = await signIn(b, ADMIN.email, ADMIN.password);
    }
    assert.equal(response.status, 200, response.text);
    assert.equal((await signIn(a, ADMIN.email, ADMIN.password)).status, 200);
  });
});

describe('start-up with REDIS_URL', () => {
  test('an unreachable Redis stops the server with one line naming REDIS_URL, and its password is printed nowhere', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-test-'));
    try {
      const password = 'redis-password-4e1d';
      const result = await runScript('src/server/main.ts', [], {
        env: {
          PORT: String(await freePort()),
          HOST: '127.0.0.1',
          DATA_DIR: dataDir,
          REDIS_URL: `redis://:${password}@127.0.0.1:${await freePort()}`,
        },
      });
      assert.equal(result.code, 1, result.stderr);
      assert.match(result.stderr, /^Cannot start: Cannot reach Redis \(REDIS_URL\): connect ECONNREFUSED [\d.:]+\n$/);
      assert.doesNotMatch(result.stdout + result.stderr, new RegExp(`${password}|redis://`));
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
