/**
 * The sign-in rules without HTTP. The hasher is wrapped to count argon2 work, which is how
 * "the same time for unknown and known identifiers" is checked without timing anything.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { openTestDatabase } from '../../../../test/support/database.ts';
import type { TestDatabase } from '../../../../test/support/database.ts';
import { AppError } from '../../errors.ts';
import { createTestClock } from '../../infra/clock.ts';
import type { TestClock } from '../../infra/clock.ts';
import { systemRandom } from '../../infra/crypto.ts';
import { createMemoryCounters } from '../../infra/counters.ts';
import { createAuditLog, createAuditStore } from '../audit/index.ts';
import { createLockoutStore, createLoginThrottle } from '../lockout/index.ts';
import { DEFAULT_RECOVERY_SETTINGS } from '../recovery/settings.ts';
import { createPasswordHasher, TEMPORARY_PASSWORD_TTL_MILLISECONDS } from '../passwords/index.ts';
import type { PasswordHasher } from '../passwords/index.ts';
import { createSessionService, createSessionStore } from '../sessions/index.ts';
import type { SessionService } from '../sessions/index.ts';
import { createUserService, createUserStore } from '../users/index.ts';
import type { UserService } from '../users/index.ts';
import { DEFAULT_MFA_POLICY } from '../mfa/policy.ts';
import { createTrustedBrowsers } from '../mfa/trusted-browsers/service.ts';
import { createTrustedBrowserStore } from '../mfa/trusted-browsers/store.ts';
import type { NewSession } from '../sessions/index.ts';
import { createPendingSignInStore } from './pending-store.ts';
import { createPendingSignIns } from './pending.ts';
import { createLoginService } from './service.ts';
import { createStartSession } from './start-session.ts';
import type { LoginService } from './service.ts';

const CONTEXT = { ip: '192.0.2.1', userAgent: 'unit test', requestId: 'request-1' };
const PASSWORD = 'correct horse battery staple';

interface HashWork {
  hash: number;
  verify: number;
  verifyDummy: number;
}

function createCountingHasher(inner: PasswordHasher): { hasher: PasswordHasher; work: HashWork } {
  const work: HashWork = { hash: 0, verify: 0, verifyDummy: 0 };
  return {
    work,
    hasher: {
      hash: (password) => {
        work.hash++;
        return inner.hash(password);
      },
      verify: (storedHash, password) => {
        work.verify++;
        return inner.verify(storedHash, password);
      },
      needsRehash: (storedHash) => inner.needsRehash(storedHash),
      verifyDummy: (password) => {
        work.verifyDummy++;
        return inner.verifyDummy(password);
      },
    },
  };
}

function refusedWith(code: string): (error: unknown) => boolean {
  return (error) => {
    assert.ok(error instanceof AppError, String(error));
    assert.equal(error.code, code);
    return true;
  };
}

describe('the sign-in service', () => {
  let testDatabase: TestDatabase;
  let clock: TestClock;
  let counting: ReturnType<typeof createCountingHasher>;
  let users: UserService;
  let sessions: SessionService;
  let login: LoginService;

  beforeEach(async () => {
    testDatabase = await openTestDatabase('sqlite');
    const db = testDatabase.database.db;
    clock = createTestClock();
    counting = createCountingHasher(createPasswordHasher());
    sessions = createSessionService({ store: createSessionStore(db), clock, random: systemRandom });
    users = createUserService({ store: createUserStore(db), hasher: counting.hasher, clock, random: systemRandom, onUserChanged: sessions.forgetUser });
    const audit = createAuditLog({ store: createAuditStore(db), clock });
    const throttle = createLoginThrottle({
      counters: createMemoryCounters(),
      store: createLockoutStore(db),
      settings: { get: async () => DEFAULT_RECOVERY_SETTINGS, set: async () => DEFAULT_RECOVERY_SETTINGS },
      clock,
      onLocked: async () => {},
    });
    const policy = { get: async () => ({ ...DEFAULT_MFA_POLICY, mode: 'optional' as const }), set: async () => DEFAULT_MFA_POLICY };
    const noFactors = { challengeFor: async () => ({ methods: [], destinations: {} }), hasUsableFactor: async () => false };
    const startSession = createStartSession({ users, sessions, mfa: noFactors, audit, clock });
    const pending = createPendingSignIns({ store: createPendingSignInStore(db), clock, random: systemRandom });
    const trustedBrowsers = createTrustedBrowsers({ store: createTrustedBrowserStore(db), clock, random: systemRandom });
    login = createLoginService({ users, hasher: counting.hasher, sessions, audit, throttle, policy, mfa: noFactors, trustedBrowsers, pending, startSession, clock });
    await users.createWithPassword({ email: 'ada@example.com', name: 'Ada', username: 'ada', role: 'admin', locale: 'en' }, PASSWORD);
    counting.work.hash = 0;
  });
  afterEach(() => testDatabase.close());

  /** The password step of an account without second factors always ends in a session. */
  async function signIn(input: { identifier: string; password: string }, replacedToken?: string): Promise<{ status: string; session: NewSession }> {
    const result = await login.signIn(input, CONTEXT, { replacedToken });
    assert.equal(result.kind, 'session');
    if (result.kind !== 'session') throw new Error('unreachable');
    return { status: result.started.status, session: result.started.session };
  }

  describe('successful sign-in', () => {
    test('the right password opens a session', async () => {
      const result = await signIn({ identifier: 'ada@example.com', password: PASSWORD });
      assert.equal(result.status, 'signed_in');
      assert.equal((await sessions.validate(result.session.token))?.user.email, 'ada@example.com');
    });

    test('a sign-in costs one verification and no new hash when the parameters are current', async () => {
      await signIn({ identifier: 'ada', password: PASSWORD });
      assert.deepEqual(counting.work, { hash: 0, verify: 1, verifyDummy: 0 });
    });

    test('the session a browser still held is ended by a new sign-in', async () => {
      const first = await signIn({ identifier: 'ada', password: PASSWORD });
      const second = await signIn({ identifier: 'ada', password: PASSWORD }, first.session.token);
      assert.equal(await sessions.validate(first.session.token), undefined);
      assert.ok(await sessions.validate(second.session.token));
    });
  });

  describe('failing sign-in', () => {
    test('an unknown identifier costs one argon2 verification, of the dummy hash', async () => {
      await assert.rejects(signIn({ identifier: 'nobody@example.com', password: 'a wrong password' }), refusedWith('invalid_credentials'));
      assert.deepEqual(counting.work, { hash: 0, verify: 0, verifyDummy: 1 });
    });

    test('a wrong password costs one argon2 verification, of the stored hash', async () => {
      await assert.rejects(signIn({ identifier: 'ada@example.com', password: 'a wrong password' }), refusedWith('invalid_credentials'));
      assert.deepEqual(counting.work, { hash: 0, verify: 1, verifyDummy: 0 });
    });

    test('unknown identifier and wrong password raise the same error', async () => {
      const caught: AppError[] = [];
      for (const identifier of ['nobody@example.com', 'ada@example.com']) {
        await signIn({ identifier, password: 'a wrong password' }).catch((error: AppError) => caught.push(error));
      }
      assert.deepEqual(
        caught.map((error) => [error.code, error.status, error.message, error.fields]),
        [
          ['invalid_credentials', 401, caught[0]!.message, undefined],
          ['invalid_credentials', 401, caught[0]!.message, undefined],
        ],
      );
    });

    test('an over-long password is refused before any lookup or hashing', async () => {
      await assert.rejects(signIn({ identifier: 'ada', password: 'x'.repeat(257) }), refusedWith('password_too_long'));
      assert.deepEqual(counting.work, { hash: 0, verify: 0, verifyDummy: 0 });
    });

    test('an expired initial password is refused only after the password is verified', async () => {
      const { temporaryPassword } = await users.createWithTemporaryPassword({ email: 'bob@example.com', name: 'Bob', role: 'sales_rep', locale: 'en' });
      clock.advance(TEMPORARY_PASSWORD_TTL_MILLISECONDS);
      await assert.rejects(signIn({ identifier: 'bob@example.com', password: 'a wrong password' }), refusedWith('invalid_credentials'));
      await assert.rejects(signIn({ identifier: 'bob@example.com', password: temporaryPassword }), refusedWith('temporary_password_expired'));
    });

    test('a failed sign-in leaves a session the browser held alone', async () => {
      const held = await signIn({ identifier: 'ada', password: PASSWORD });
      await assert.rejects(signIn({ identifier: 'ada', password: 'a wrong password' }, held.session.token));
      assert.ok(await sessions.validate(held.session.token));
    });
  });

  describe('password change', () => {
    test('a change ends every session of the user and opens one new session', async () => {
      const a = await signIn({ identifier: 'ada', password: PASSWORD });
      const b = await signIn({ identifier: 'ada', password: PASSWORD });
      const user = (await users.findByIdentifier('ada'))!;
      const result = await login.changePassword(user.id, { currentPassword: PASSWORD, newPassword: 'a new long passphrase' }, CONTEXT, false);
      assert.equal(result.status, 'signed_in');
      assert.equal(await sessions.validate(a.session.token), undefined);
      assert.equal(await sessions.validate(b.session.token), undefined);
      assert.ok(await sessions.validate(result.session.token));
    });

    test('a too-short new password is refused before the current one is verified', async () => {
      const user = (await users.findByIdentifier('ada'))!;
      await assert.rejects(login.changePassword(user.id, { currentPassword: 'wrong', newPassword: 'short' }, CONTEXT, false), refusedWith('password_too_short'));
      assert.equal(counting.work.verify, 0);
    });

    test('a new password equal to the current one after normalisation is refused', async () => {
      const user = (await users.findByIdentifier('ada'))!;
      await users.setPassword(user.id, { passwordHash: await counting.hasher.hash('ﬁne long password'), changedAt: clock.now(), mustChange: false, temporaryExpiresAt: null });
      await assert.rejects(
        login.changePassword(user.id, { currentPassword: 'ﬁne long password', newPassword: 'fine long password' }, CONTEXT, false),
        refusedWith('password_unchanged'),
      );
    });
  });
});
