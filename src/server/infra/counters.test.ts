/**
 * One conformance suite for every Counters implementation: in memory (one app server) and in
 * Redis (shared by several, on a real redis-server). Both must answer the same to the same calls
 * under the same clock, the test clock included, which is far from Redis's own time.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { startRedis, TEST_REDIS_URL } from '../../../test/support/redis.ts';
import type { TestRedis } from '../../../test/support/redis.ts';
import { AppError } from '../errors.ts';
import { createMemoryCounters } from './counters.ts';
import type { Counters } from './counters.ts';
import { openRedisCounters, REDIS_COMMAND_TIMEOUT_MILLISECONDS, REDIS_COUNTERS_KEY_PREFIX } from './redis-counters.ts';
import type { RedisCountersConnection } from './redis-counters.ts';

const MINUTE = 60_000;
/** The test clock's default start (createTestClock), before the real time. */
const TEST_EPOCH = Date.UTC(2026, 0, 1);

interface LogEntry {
  level: 'error' | 'info';
  obj: object;
  msg: string;
}

function captureLog(): { entries: LogEntry[]; log: { error(obj: object, msg: string): void; info(obj: object, msg: string): void } } {
  const entries: LogEntry[] = [];
  return {
    entries,
    log: {
      error: (obj, msg) => entries.push({ level: 'error', obj, msg }),
      info: (obj, msg) => entries.push({ level: 'info', obj, msg }),
    },
  };
}

const isServiceUnavailable = (error: unknown): boolean => error instanceof AppError && error.code === 'service_unavailable' && error.status === 503;

async function eventually(check: () => Promise<void>, timeoutMilliseconds = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMilliseconds;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

interface Implementation {
  name: string;
  before(): Promise<void>;
  /** Fresh, empty counters for one test. */
  open(): Promise<Counters>;
  after(): Promise<void>;
}

const memory: Implementation = {
  name: 'memory',
  before: async () => {},
  open: async () => createMemoryCounters(),
  after: async () => {},
};

function redisImplementation(): Implementation {
  let server: TestRedis | undefined;
  const connections: RedisCountersConnection[] = [];
  return {
    name: 'Redis',
    before: async () => {
      if (!TEST_REDIS_URL) server = await startRedis();
    },
    // Each test counts under a prefix of its own, so tests never see each other's keys.
    open: async () => {
      const connection = openRedisCounters({
        url: TEST_REDIS_URL ?? server!.url,
        log: captureLog().log,
        prefix: `cairn-test:${randomBytes(6).toString('hex')}:`,
      });
      await connection.connect();
      connections.push(connection);
      return connection.counters;
    },
    after: async () => {
      await Promise.all(connections.map((connection) => connection.close()));
      await server?.stop();
    },
  };
}

for (const implementation of [memory, redisImplementation()]) {
  describe(`counters in ${implementation.name}`, () => {
    let counters: Counters;
    before(() => implementation.before());
    after(() => implementation.after());
    beforeEach(async () => {
      counters = await implementation.open();
    });

    describe('counting within a window', () => {
      test('the first increment counts 1 and lapses one window after now', async () => {
        assert.deepEqual(await counters.increment('k', MINUTE, TEST_EPOCH), { count: 1, expiresAt: TEST_EPOCH + MINUTE });
      });

      test('further increments count on and keep the lapse time of the first', async () => {
        await counters.increment('k', MINUTE, TEST_EPOCH);
        assert.deepEqual(await counters.increment('k', MINUTE, TEST_EPOCH + 10_000), { count: 2, expiresAt: TEST_EPOCH + MINUTE });
        assert.deepEqual(await counters.increment('k', 5 * MINUTE, TEST_EPOCH + 59_999), { count: 3, expiresAt: TEST_EPOCH + MINUTE });
        assert.deepEqual(await counters.get('k', TEST_EPOCH + 59_999), { count: 3, expiresAt: TEST_EPOCH + MINUTE });
      });

      test('get counts nothing, and an unknown key has no count', async () => {
        assert.equal(await counters.get('unknown', TEST_EPOCH), undefined);
        await counters.increment('k', MINUTE, TEST_EPOCH);
        await counters.get('k', TEST_EPOCH);
        await counters.get('k', TEST_EPOCH);
        assert.equal((await counters.get('k', TEST_EPOCH))?.count, 1);
      });

      test('keys are counted apart', async () => {
        await counters.increment('a', MINUTE, TEST_EPOCH);
        await counters.increment('a', MINUTE, TEST_EPOCH);
        await counters.increment('b', MINUTE, TEST_EPOCH);
        assert.equal((await counters.get('a', TEST_EPOCH))?.count, 2);
        assert.equal((await counters.get('b', TEST_EPOCH))?.count, 1);
        await counters.reset('a');
        assert.equal((await counters.get('b', TEST_EPOCH))?.count, 1);
      });

      test('keys with the characters of identifiers and addresses stay apart', async () => {
        const keys = ['login:address:::1', 'login:address:127.0.0.1', 'login:failures:identifier:张伟@例子.中国', 'login:failures:identifier:a b'];
        for (const [index, key] of keys.entries()) {
          for (let i = 0; i <= index; i++) await counters.increment(key, MINUTE, TEST_EPOCH);
        }
        assert.deepEqual(
          await Promise.all(keys.map(async (key) => (await counters.get(key, TEST_EPOCH))?.count)),
          [1, 2, 3, 4],
        );
      });
    });

    describe('lapsing by the caller\'s clock', () => {
      test('a count lapses exactly at expiresAt: get forgets it and the next increment starts anew', async () => {
        await counters.increment('k', MINUTE, TEST_EPOCH);
        await counters.increment('k', MINUTE, TEST_EPOCH);
        assert.equal((await counters.get('k', TEST_EPOCH + MINUTE - 1))?.count, 2);
        assert.equal(await counters.get('k', TEST_EPOCH + MINUTE), undefined);
        assert.deepEqual(await counters.increment('k', MINUTE, TEST_EPOCH + MINUTE), { count: 1, expiresAt: TEST_EPOCH + 2 * MINUTE });
      });

      test('a clock years away from the real time counts the same (no expiry taken from Redis\'s clock)', async () => {
        for (const now of [Date.UTC(2001, 0, 1), Date.UTC(2100, 0, 1)]) {
          await counters.increment(`k${now}`, MINUTE, now);
          assert.deepEqual(await counters.increment(`k${now}`, MINUTE, now + 1), { count: 2, expiresAt: now + MINUTE });
          assert.equal((await counters.get(`k${now}`, now + MINUTE - 1))?.count, 2);
          assert.equal(await counters.get(`k${now}`, now + MINUTE), undefined);
        }
      });

      test('a day-long window survives a clock moved on by hours', async () => {
        const day = 24 * 60 * MINUTE;
        await counters.increment('k', day, TEST_EPOCH);
        assert.equal((await counters.get('k', TEST_EPOCH + day - 1))?.count, 1);
        assert.deepEqual(await counters.increment('k', day, TEST_EPOCH + day - 1), { count: 2, expiresAt: TEST_EPOCH + day });
      });
    });

    describe('decrement and reset', () => {
      test('decrement subtracts one and keeps the lapse time', async () => {
        await counters.increment('k', MINUTE, TEST_EPOCH);
        await counters.increment('k', MINUTE, TEST_EPOCH);
        await counters.decrement('k');
        assert.deepEqual(await counters.get('k', TEST_EPOCH + 1), { count: 1, expiresAt: TEST_EPOCH + MINUTE });
        assert.equal(await counters.get('k', TEST_EPOCH + MINUTE), undefined);
      });

      test('decrement never goes below zero', async () => {
        await counters.increment('k', MINUTE, TEST_EPOCH);
        await counters.decrement('k');
        await counters.decrement('k');
        await counters.decrement('k');
        assert.deepEqual(await counters.get('k', TEST_EPOCH), { count: 0, expiresAt: TEST_EPOCH + MINUTE });
        assert.equal((await counters.increment('k', MINUTE, TEST_EPOCH)).count, 1);
      });

      test('decrement of an unknown key creates nothing', async () => {
        await counters.decrement('k');
        assert.equal(await counters.get('k', TEST_EPOCH), undefined);
        assert.deepEqual(await counters.increment('k', MINUTE, TEST_EPOCH), { count: 1, expiresAt: TEST_EPOCH + MINUTE });
      });

      test('reset forgets the count and its lapse time', async () => {
        await counters.increment('k', MINUTE, TEST_EPOCH);
        await counters.increment('k', MINUTE, TEST_EPOCH);
        await counters.reset('k');
        assert.equal(await counters.get('k', TEST_EPOCH), undefined);
        assert.deepEqual(await counters.increment('k', 5 * MINUTE, TEST_EPOCH + 1000), { count: 1, expiresAt: TEST_EPOCH + 1000 + 5 * MINUTE });
        await counters.reset('never-counted');
      });
    });

    describe('atomicity', () => {
      test('200 concurrent increments answer each count from 1 to 200 exactly once', async () => {
        const counts = await Promise.all(Array.from({ length: 200 }, () => counters.increment('k', MINUTE, TEST_EPOCH)));
        assert.deepEqual(
          counts.map((c) => c.count).sort((a, b) => a - b),
          Array.from({ length: 200 }, (_, i) => i + 1),
        );
        assert.ok(counts.every((c) => c.expiresAt === TEST_EPOCH + MINUTE), 'one lapse time for all');
      });

      test('concurrent decrements past zero stop at zero', async () => {
        for (let i = 0; i < 10; i++) await counters.increment('k', MINUTE, TEST_EPOCH);
        await Promise.all(Array.from({ length: 50 }, () => counters.decrement('k')));
        assert.equal((await counters.get('k', TEST_EPOCH))?.count, 0);
      });

      test('concurrent increments and decrements balance out', async () => {
        await counters.increment('k', MINUTE, TEST_EPOCH);
        await Promise.all(
          Array.from({ length: 100 }, async () => {
            await counters.increment('k', MINUTE, TEST_EPOCH);
            await counters.decrement('k');
          }),
        );
        assert.equal((await counters.get('k', TEST_EPOCH))?.count, 1);
      });
    });
  });
}

describe('counters in Redis, beyond the shared behaviour', () => {
  let server: TestRedis;
  let inspector: Redis;
  const connections: RedisCountersConnection[] = [];

  function open(options: { url?: string; prefix?: string; log?: ReturnType<typeof captureLog>['log'] } = {}): RedisCountersConnection {
    const connection = openRedisCounters({
      url: options.url ?? server.url,
      log: options.log ?? captureLog().log,
      ...(options.prefix !== undefined ? { prefix: options.prefix } : {}),
    });
    connections.push(connection);
    return connection;
  }

  before(async () => {
    server = await startRedis();
    inspector = new Redis(server.url, { lazyConnect: true });
    await inspector.connect();
  });
  afterEach(async () => {
    await Promise.all(connections.splice(0).map((connection) => connection.close()));
  });
  after(async () => {
    inspector.disconnect();
    await server.stop();
  });

  test('a counter is a hash under cairn:counters: that Redis forgets one window after its first increment', async () => {
    const connection = open();
    await connection.connect();
    await connection.counters.increment('login:address:127.0.0.1', 15 * MINUTE, TEST_EPOCH);
    const key = `${REDIS_COUNTERS_KEY_PREFIX}login:address:127.0.0.1`;
    assert.deepEqual(await inspector.hgetall(key), { count: '1', expiresAt: String(TEST_EPOCH + 15 * MINUTE) });
    const ttl = await inspector.pttl(key);
    assert.ok(ttl > 15 * MINUTE - 5_000 && ttl <= 15 * MINUTE, `TTL ${ttl}`);
    await connection.counters.increment('login:address:127.0.0.1', 15 * MINUTE, TEST_EPOCH + 1);
    await connection.counters.decrement('login:address:127.0.0.1');
    const kept = await inspector.pttl(key);
    assert.ok(kept > 0 && kept <= ttl, `the TTL is neither removed nor extended (${kept} after ${ttl})`);
    await connection.counters.reset('login:address:127.0.0.1');
    assert.equal(await inspector.exists(key), 0);
  });

  test('a count lapsed by the clock starts anew with a fresh TTL', async () => {
    const connection = open({ prefix: 'lapse:' });
    await connection.connect();
    await connection.counters.increment('k', MINUTE, TEST_EPOCH);
    await inspector.pexpire('lapse:k', 1_000);
    assert.deepEqual(await connection.counters.increment('k', 10 * MINUTE, TEST_EPOCH + MINUTE), { count: 1, expiresAt: TEST_EPOCH + 11 * MINUTE });
    assert.ok((await inspector.pttl('lapse:k')) > 9 * MINUTE);
  });

  test('two app servers (two clients) count into one counter', async () => {
    const a = open({ prefix: 'shared:' });
    const b = open({ prefix: 'shared:' });
    await Promise.all([a.connect(), b.connect()]);
    const counts = await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? a : b).counters.increment('k', MINUTE, TEST_EPOCH)),
    );
    assert.deepEqual(counts.map((c) => c.count).sort((x, y) => x - y), Array.from({ length: 40 }, (_, i) => i + 1));
    await a.counters.decrement('k');
    assert.equal((await b.counters.get('k', TEST_EPOCH))?.count, 39);
    await b.counters.reset('k');
    assert.equal(await a.counters.get('k', TEST_EPOCH), undefined);
  });

  test('the Lua scripts are loaded again after Redis lost them (SCRIPT FLUSH)', async () => {
    const connection = open({ prefix: 'flush:' });
    await connection.connect();
    await connection.counters.increment('k', MINUTE, TEST_EPOCH);
    await inspector.script('FLUSH');
    assert.equal((await connection.counters.increment('k', MINUTE, TEST_EPOCH)).count, 2);
    await connection.counters.decrement('k');
    assert.equal((await connection.counters.get('k', TEST_EPOCH))?.count, 1);
  });
});

describe('counters in Redis when Redis fails', () => {
  const PASSWORD = 'redis-secret-7f3a9c';
  let server: TestRedis;
  let connection: RedisCountersConnection | undefined;

  before(async () => {
    server = await startRedis({ password: PASSWORD });
  });
  afterEach(async () => {
    await connection?.close();
    connection = undefined;
    await server.start();
  });
  after(() => server.stop());

  const assertNoSecret = (entries: LogEntry[]): void => {
    const text = JSON.stringify(entries);
    assert.doesNotMatch(text, new RegExp(PASSWORD), 'no password in the log');
    assert.doesNotMatch(text, /redis:\/\//, 'no URL in the log');
  };

  test('a stopped Redis fails every call closed with service_unavailable at once, logged once, and counting resumes when it is back', async () => {
    const { entries, log } = captureLog();
    connection = openRedisCounters({ url: server.url, log });
    await connection.connect();
    const { counters } = connection;
    assert.equal((await counters.increment('k', MINUTE, TEST_EPOCH)).count, 1);

    await server.stop();
    const started = performance.now();
    for (let i = 0; i < 20; i++) {
      await assert.rejects(counters.increment('k', MINUTE, TEST_EPOCH), isServiceUnavailable);
      await assert.rejects(counters.get('k', TEST_EPOCH), isServiceUnavailable);
      await assert.rejects(counters.decrement('k'), isServiceUnavailable);
      await assert.rejects(counters.reset('k'), isServiceUnavailable);
    }
    const elapsed = performance.now() - started;
    assert.ok(elapsed < 1_000, `80 refused calls took ${elapsed.toFixed(0)} ms: none waited for Redis`);
    const errors = entries.filter((entry) => entry.level === 'error');
    assert.equal(errors.length, 1, `one line for the outage, not one per call or per reconnection: ${JSON.stringify(entries)}`);

    await server.start();
    // The restarted server is empty (no persistence): counting starts again at 1.
    await eventually(async () => assert.equal((await counters.increment('k', MINUTE, TEST_EPOCH)).count, 1));
    assert.ok(entries.some((entry) => entry.level === 'info' && /again/.test(entry.msg)), 'the log says Redis is back');
    assertNoSecret(entries);
  });

  test('a Redis that stops answering fails the call with service_unavailable after the command timeout', async () => {
    const { entries, log } = captureLog();
    connection = openRedisCounters({ url: server.url, log });
    await connection.connect();
    server.freeze();
    try {
      const started = performance.now();
      await assert.rejects(connection.counters.increment('k', MINUTE, TEST_EPOCH), isServiceUnavailable);
      const elapsed = performance.now() - started;
      assert.ok(elapsed >= REDIS_COMMAND_TIMEOUT_MILLISECONDS - 50 && elapsed < REDIS_COMMAND_TIMEOUT_MILLISECONDS + 1_000, `${elapsed.toFixed(0)} ms`);
    } finally {
      server.thaw();
    }
    assert.ok(entries.some((entry) => entry.level === 'error'), 'the timeout is logged');
    assertNoSecret(entries);
  });

  test('a wrong password stops start-up with a message holding neither the URL nor the password', async () => {
    const { entries, log } = captureLog();
    const wrong = 'wrong-password-91b2';
    connection = openRedisCounters({ url: server.url.replace(encodeURIComponent(PASSWORD), wrong), log });
    await assert.rejects(connection.connect(), (error: Error) => {
      assert.match(error.message, /^Cannot reach Redis \(REDIS_URL\): /);
      assert.doesNotMatch(error.message, new RegExp(`${wrong}|${PASSWORD}|redis://`));
      return true;
    });
    const text = JSON.stringify(entries);
    assert.doesNotMatch(text, new RegExp(`${wrong}|${PASSWORD}|redis://`), 'ioredis puts the AUTH arguments on its errors; none reach the log');
  });

  test('an unreachable Redis stops start-up with a clear message', async () => {
    await server.stop();
    connection = openRedisCounters({ url: server.url, log: captureLog().log });
    await assert.rejects(connection.connect(), /^Error: Cannot reach Redis \(REDIS_URL\): .*ECONNREFUSED/);
  });
});
