import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import { createTestClock } from '../../infra/clock.ts';
import type { TestClock } from '../../infra/clock.ts';
import { hashToken, systemRandom } from '../../infra/crypto.ts';
import { SESSION_CACHE_TTL_MILLISECONDS } from './cache.ts';
import {
  createSessionService,
  SESSION_ABSOLUTE_TIMEOUT_MILLISECONDS,
  SESSION_ACTIVITY_WRITE_INTERVAL_MILLISECONDS,
  SESSION_IDLE_TIMEOUT_MILLISECONDS,
} from './service.ts';
import type { SessionService } from './service.ts';
import type { SessionRow, SessionStore, SessionUser } from './store.ts';

const CONTEXT = { ip: '192.0.2.1', userAgent: 'test', requestId: 'r1' };
const MINUTE = 60 * 1000;

/** An in-memory store that counts its reads and writes. */
function createMemoryStore() {
  const sessions = new Map<string, SessionRow>();
  const users = new Map<string, SessionUser>();
  const calls = { findWithUser: 0, touch: 0, delete: 0 };
  const store: SessionStore = {
    insert: async (row) => {
      sessions.set(row.id, { ...row });
    },
    take: async (id) => {
      const session = sessions.get(id);
      sessions.delete(id);
      return session && { ...session };
    },
    findWithUser: async (id) => {
      calls.findWithUser++;
      const session = sessions.get(id);
      const user = session && users.get(session.user_id);
      return session && user ? { session: { ...session }, user: { ...user } } : undefined;
    },
    touch: async (id, lastSeenAt) => {
      calls.touch++;
      const session = sessions.get(id);
      if (session) session.last_seen_at = lastSeenAt;
    },
    delete: async (id) => {
      calls.delete++;
      sessions.delete(id);
    },
    deleteAllForUser: async (userId) => {
      for (const [id, session] of sessions) if (session.user_id === userId) sessions.delete(id);
    },
    listLiveForUser: async (userId, now, idleSince) =>
      [...sessions.values()]
        .filter((s) => s.user_id === userId && s.expires_at > now && s.last_seen_at > idleSince)
        .sort((a, b) => b.last_seen_at - a.last_seen_at)
        .map((s) => ({ ...s })),
    deleteForUser: async (userId, id) => sessions.get(id)?.user_id === userId && sessions.delete(id),
    deleteOthersForUser: async (userId, keepId) => {
      const deleted = [...sessions.values()].filter((s) => s.user_id === userId && s.id !== keepId);
      for (const session of deleted) sessions.delete(session.id);
      return deleted;
    },
    deleteEnded: async (now, idleSince) => {
      for (const [id, session] of sessions) {
        if (session.expires_at <= now || session.last_seen_at <= idleSince) sessions.delete(id);
      }
    },
  };
  const addUser = (id: string, overrides: Partial<SessionUser> = {}): void => {
    users.set(id, { id, email: `${id}@example.com`, username: id, name: id, role: 'admin', locale: 'en', status: 'active', must_change_password: 0, mfa_grace_ends_at: null, ...overrides });
  };
  return { store, sessions, users, calls, addUser };
}

describe('sessions', () => {
  let clock: TestClock;
  let memory: ReturnType<typeof createMemoryStore>;
  let service: SessionService;

  beforeEach(() => {
    clock = createTestClock();
    memory = createMemoryStore();
    memory.addUser('ada');
    memory.addUser('bob');
    service = createSessionService({ store: memory.store, clock, random: systemRandom });
  });

  describe('successful validation', () => {
    test('a new session is stored under the SHA-256 of its token and ends after 24 hours', async () => {
      const { token, expiresAt } = await service.create('ada', CONTEXT);
      assert.equal(expiresAt, clock.now() + SESSION_ABSOLUTE_TIMEOUT_MILLISECONDS);
      assert.deepEqual([...memory.sessions.keys()], [hashToken(token)]);
      const row = memory.sessions.get(hashToken(token))!;
      assert.equal(row.ip, CONTEXT.ip);
      assert.equal(row.created_at, clock.now());
    });

    test('a live session answers with its user', async () => {
      const { token } = await service.create('ada', CONTEXT);
      const found = await service.validate(token);
      assert.equal(found?.user.id, 'ada');
    });

    test('activity is written at most once a minute', async () => {
      const { token } = await service.create('ada', CONTEXT);
      clock.advance(SESSION_ACTIVITY_WRITE_INTERVAL_MILLISECONDS - 1);
      await service.validate(token);
      assert.equal(memory.calls.touch, 0);
      clock.advance(1);
      await service.validate(token);
      assert.equal(memory.calls.touch, 1);
      assert.equal(memory.sessions.get(hashToken(token))!.last_seen_at, clock.now());
    });

    test('requests within the cache lifetime do not each read the store', async () => {
      const { token } = await service.create('ada', CONTEXT);
      await service.validate(token);
      await service.validate(token);
      await service.validate(token);
      assert.equal(memory.calls.findWithUser, 1);
      clock.advance(SESSION_CACHE_TTL_MILLISECONDS);
      await service.validate(token);
      assert.equal(memory.calls.findWithUser, 2);
    });

    test('purging deletes the sessions that ended by time, and only those', async () => {
      const old = await service.create('ada', CONTEXT);
      clock.advance(SESSION_IDLE_TIMEOUT_MILLISECONDS);
      const live = await service.create('ada', CONTEXT);
      clock.advance(MINUTE);
      await service.purgeEnded();
      assert.ok(!memory.sessions.has(hashToken(old.token)));
      assert.ok(memory.sessions.has(hashToken(live.token)));
      assert.equal(memory.sessions.size, 1);
    });

    test('a changed user is read again at once after forgetUser', async () => {
      const { token } = await service.create('ada', CONTEXT);
      await service.validate(token);
      memory.users.get('ada')!.locale = 'zh-CN';
      service.forgetUser('ada');
      assert.equal((await service.validate(token))?.user.locale, 'zh-CN');
    });
  });

  describe('failing validation', () => {
    test('an unknown token is refused', async () => {
      assert.equal(await service.validate('no-such-token'), undefined);
    });

    test('a session idle for an hour is refused and deleted', async () => {
      const { token } = await service.create('ada', CONTEXT);
      clock.advance(SESSION_IDLE_TIMEOUT_MILLISECONDS);
      assert.equal(await service.validate(token), undefined);
      assert.equal(memory.sessions.size, 0);
    });

    test('the idle timer counts from the last activity, not from the sign-in', async () => {
      const { token } = await service.create('ada', CONTEXT);
      clock.advance(59 * MINUTE);
      assert.ok(await service.validate(token));
      clock.advance(59 * MINUTE);
      assert.ok(await service.validate(token));
      clock.advance(SESSION_IDLE_TIMEOUT_MILLISECONDS);
      assert.equal(await service.validate(token), undefined);
    });

    test('a session is refused 24 hours after sign-in however active', async () => {
      const { token } = await service.create('ada', CONTEXT);
      for (let elapsed = 0; elapsed < SESSION_ABSOLUTE_TIMEOUT_MILLISECONDS - 30 * MINUTE; elapsed += 30 * MINUTE) {
        clock.advance(30 * MINUTE);
        assert.ok(await service.validate(token));
      }
      clock.advance(30 * MINUTE);
      assert.equal(await service.validate(token), undefined);
    });

    test('a cached session is still refused once its idle time is over', async () => {
      const { token } = await service.create('ada', CONTEXT);
      await service.validate(token);
      clock.advance(SESSION_IDLE_TIMEOUT_MILLISECONDS);
      assert.equal(await service.validate(token), undefined);
    });

    test("a disabled user's session is refused", async () => {
      const { token } = await service.create('ada', CONTEXT);
      memory.users.get('ada')!.status = 'disabled';
      assert.equal(await service.validate(token), undefined);
    });

    test('a revoked session is refused at once, cached or not', async () => {
      const { token } = await service.create('ada', CONTEXT);
      await service.validate(token);
      await service.revoke(token);
      assert.equal(await service.validate(token), undefined);
    });

    test("revoking all of a user's sessions leaves other users' alone", async () => {
      const ada1 = await service.create('ada', CONTEXT);
      const ada2 = await service.create('ada', CONTEXT);
      const bob = await service.create('bob', CONTEXT);
      await service.validate(ada1.token);
      await service.revokeAllForUser('ada');
      assert.equal(await service.validate(ada1.token), undefined);
      assert.equal(await service.validate(ada2.token), undefined);
      assert.ok(await service.validate(bob.token));
    });
  });
});
