/**
 * Threat: account enumeration through the sign-in answer. DESIGN.md: login answers are the
 * same, in body and in time, whether the identifier exists or not. "In time" is checked
 * structurally (no timing thresholds): an unknown identifier costs one argon2 verification,
 * exactly like a wrong password.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { createPasswordHasher } from '../../src/server/auth/passwords/index.ts';
import type { PasswordHasher } from '../../src/server/auth/passwords/index.ts';
import { TEMPORARY_PASSWORD_TTL_MILLISECONDS } from '../../src/server/auth/passwords/temporary.ts';
import { createTestClock } from '../../src/server/infra/clock.ts';
import type { TestClock } from '../../src/server/infra/clock.ts';
import type { ApiResponse } from '../support/http.ts';
import { ADMIN, assertError, completeSetup, createActiveUser, createUser, signIn } from '../support/http.ts';
import { DATABASES, startTestServer } from '../support/server.ts';
import type { TestServer } from '../support/server.ts';

interface Counts {
  verify: number;
  verifyDummy: number;
}

function createCountingHasher(inner: PasswordHasher): { hasher: PasswordHasher; counts: Counts; reset(): void } {
  const counts: Counts = { verify: 0, verifyDummy: 0 };
  return {
    counts,
    reset: () => {
      counts.verify = 0;
      counts.verifyDummy = 0;
    },
    hasher: {
      ...inner,
      verify: (storedHash, password) => {
        counts.verify++;
        return inner.verify(storedHash, password);
      },
      verifyDummy: (password) => {
        counts.verifyDummy++;
        return inner.verifyDummy(password);
      },
    },
  };
}

/** What a client can observe of an answer, apart from the request id and date. */
function observable(response: ApiResponse): unknown {
  return {
    status: response.status,
    body: response.body,
    setCookie: response.headers.getSetCookie(),
    contentLength: response.headers.get('content-length'),
    contentType: response.headers.get('content-type'),
    retryAfter: response.headers.get('retry-after'),
  };
}

const BOB = { email: 'bob@example.com', name: 'Bob', username: 'bob', role: 'sales_rep' };
const BOB_PASSWORD = 'bob has a long password';

for (const database of DATABASES) {
  describe(`account enumeration through sign-in on ${database}`, () => {
    let server: TestServer;
    let clock: TestClock;
    let counting: ReturnType<typeof createCountingHasher>;
    let adminSession: string;

    beforeEach(async () => {
      clock = createTestClock();
      counting = createCountingHasher(createPasswordHasher());
      server = await startTestServer({ database, clock, hasher: counting.hasher });
      adminSession = await completeSetup(server);
    });
    afterEach(() => server.close());

    test('an unknown e-mail and a wrong password give the same answer', async () => {
      const wrongPassword = await signIn(server, ADMIN.email, 'a wrong password');
      const unknown = await signIn(server, 'nobody@example.com', 'a wrong password');
      assertError(wrongPassword, 401, 'invalid_credentials');
      assert.deepEqual(observable(unknown), observable(wrongPassword));
    });

    test('an unknown username and a wrong password give the same answer', async () => {
      const wrongPassword = await signIn(server, ADMIN.username, 'a wrong password');
      const unknown = await signIn(server, 'nobody', 'a wrong password');
      assertError(wrongPassword, 401, 'invalid_credentials');
      assert.deepEqual(observable(unknown), observable(wrongPassword));
    });

    test('the answers are also the same in Chinese', async () => {
      const headers = { 'accept-language': 'zh-CN' };
      const wrongPassword = await signIn(server, ADMIN.email, 'a wrong password', { headers });
      const unknown = await signIn(server, 'nobody@example.com', 'a wrong password', { headers });
      assert.equal(wrongPassword.body.error.message, '邮箱/用户名或密码不正确。');
      assert.deepEqual(observable(unknown), observable(wrongPassword));
    });

    test('an over-long password gets the same answer for known and unknown identifiers', async () => {
      const known = await signIn(server, ADMIN.email, 'x'.repeat(257));
      const unknown = await signIn(server, 'nobody@example.com', 'x'.repeat(257));
      assertError(known, 400, 'password_too_long');
      assert.deepEqual(observable(unknown), observable(known));
    });

    test('an unknown identifier costs one argon2 verification, like a wrong password', async () => {
      counting.reset();
      await signIn(server, ADMIN.email, 'a wrong password');
      assert.deepEqual(counting.counts, { verify: 1, verifyDummy: 0 });

      counting.reset();
      await signIn(server, 'nobody@example.com', 'a wrong password');
      assert.deepEqual(counting.counts, { verify: 0, verifyDummy: 1 }, 'the dummy hash is verified for an unknown identifier');
    });

    test('a disabled account with a wrong password answers like an unknown identifier', async () => {
      await createActiveUser(server, adminSession, BOB, BOB_PASSWORD);
      await server.database.db.updateTable('users').set({ status: 'disabled' }).where('email_normalized', '=', BOB.email).execute();
      const disabled = await signIn(server, BOB.email, 'a wrong password');
      const unknown = await signIn(server, 'nobody@example.com', 'a wrong password');
      assertError(disabled, 401, 'invalid_credentials');
      assert.deepEqual(observable(unknown), observable(disabled));
    });

    test('only the right password learns that an account is disabled', async () => {
      await createActiveUser(server, adminSession, BOB, BOB_PASSWORD);
      await server.database.db.updateTable('users').set({ status: 'disabled' }).where('email_normalized', '=', BOB.email).execute();
      const response = await signIn(server, BOB.email, BOB_PASSWORD);
      assertError(response, 403, 'account_disabled');
      assert.equal(response.session, null);
    });

    test('an expired initial password with a wrong guess answers like an unknown identifier', async () => {
      await createUser(server, adminSession, BOB);
      clock.advance(TEMPORARY_PASSWORD_TTL_MILLISECONDS);
      const expired = await signIn(server, BOB.email, 'a wrong password');
      const unknown = await signIn(server, 'nobody@example.com', 'a wrong password');
      assert.deepEqual(observable(unknown), observable(expired));
    });

    test('failed sign-ins are audited with their reason and without the password', async () => {
      await signIn(server, ADMIN.email, 'secret-guess-one');
      await signIn(server, 'nobody@example.com', 'secret-guess-two');
      const rows = await server.database.db.selectFrom('audit_events').selectAll().where('event', '=', 'login.failed').orderBy('id').execute();
      assert.deepEqual(
        rows.map((row) => JSON.parse(row.details).reason),
        ['wrong_password', 'unknown_identifier'],
      );
      const dump = JSON.stringify(rows);
      assert.ok(!dump.includes('secret-guess'), 'no password in the audit log');
    });
  });
}
