/**
 * Threats against sessions: fixation, theft of a token that outlives its purpose, and a
 * session that survives a sign-out, a timeout or a disabled account.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { SESSION_CACHE_TTL_MILLISECONDS } from '../../src/server/auth/sessions/cache.ts';
import {
  SESSION_ABSOLUTE_TIMEOUT_MILLISECONDS,
  SESSION_IDLE_TIMEOUT_MILLISECONDS,
} from '../../src/server/auth/sessions/service.ts';
import { createTestClock } from '../../src/server/infra/clock.ts';
import type { TestClock } from '../../src/server/infra/clock.ts';
import { hashToken } from '../../src/server/infra/crypto.ts';
import { ADMIN, assertError, completeSetup, get, HOUR_MILLISECONDS, MINUTE_MILLISECONDS, post, signIn, signInOrFail } from '../support/http.ts';
import { DATABASES, startTestServer } from '../support/server.ts';
import type { TestServer } from '../support/server.ts';

for (const database of DATABASES) {
  describe(`sessions on ${database}`, () => {
    let server: TestServer;
    let clock: TestClock;
    let setupSession: string;

    beforeEach(async () => {
      clock = createTestClock();
      server = await startTestServer({ database, clock });
      setupSession = await completeSetup(server);
    });
    afterEach(() => server.close());

    const me = (session: string) => get(server, '/api/auth/me', { session });

    describe('fixation', () => {
      test('every sign-in issues a fresh token', async () => {
        const first = await signInOrFail(server, ADMIN.email, ADMIN.password);
        const second = await signInOrFail(server, ADMIN.email, ADMIN.password);
        assert.notEqual(first, second);
        assert.notEqual(first, setupSession);
      });

      test('a sign-in that presents a planted cookie still gets a fresh token', async () => {
        const planted = 'attacker-chosen-session-token-value-000000';
        const response = await signIn(server, ADMIN.email, ADMIN.password, { session: planted });
        assert.equal(response.status, 200);
        assert.ok(response.session);
        assert.notEqual(response.session, planted);
        assertError(await me(planted), 401, 'unauthenticated');
      });

      test('a sign-in that presents a live session cookie replaces that session', async () => {
        const response = await signIn(server, ADMIN.email, ADMIN.password, { session: setupSession });
        assert.ok(response.session);
        assert.notEqual(response.session, setupSession);
        assertError(await me(setupSession), 401, 'unauthenticated');
        assert.equal((await me(response.session)).status, 200);
      });

      test('a failed sign-in leaves the presented session alone', async () => {
        assertError(await signIn(server, ADMIN.email, 'a wrong password', { session: setupSession }), 401, 'invalid_credentials');
        assert.equal((await me(setupSession)).status, 200);
      });
    });

    describe('storage', () => {
      test('the database keeps only the SHA-256 of a session token', async () => {
        const token = await signInOrFail(server, ADMIN.email, ADMIN.password);
        const rows = await server.database.db.selectFrom('sessions').select('id').execute();
        assert.ok(rows.some((row) => row.id === hashToken(token)));
        assert.ok(!rows.some((row) => row.id === token));
      });

      test('an unknown token is refused and its cookie cleared', async () => {
        const response = await me('no-such-session');
        assertError(response, 401, 'unauthenticated');
        assert.match(response.sessionCookieHeader ?? '', /Max-Age=0|Expires=Thu, 01 Jan 1970/);
      });
    });

    describe('sign-out', () => {
      test('signing out ends the session on the server, not only in the browser', async () => {
        const session = await signInOrFail(server, ADMIN.email, ADMIN.password);
        const response = await post(server, '/api/auth/logout', { session });
        assert.equal(response.status, 204);
        assert.match(response.sessionCookieHeader ?? '', /Max-Age=0/, 'the cookie is cleared');
        assertError(await me(session), 401, 'unauthenticated');
        const row = await server.database.db.selectFrom('sessions').select('id').where('id', '=', hashToken(session)).executeTakeFirst();
        assert.equal(row, undefined);
      });

      test('signing out ends only this session', async () => {
        const session = await signInOrFail(server, ADMIN.email, ADMIN.password);
        await post(server, '/api/auth/logout', { session });
        assert.equal((await me(setupSession)).status, 200);
      });

      test('signing out without a session is harmless', async () => {
        assert.equal((await post(server, '/api/auth/logout')).status, 204);
        assert.equal((await post(server, '/api/auth/logout', { session: 'no-such-session' })).status, 204);
      });

      test('a sign-out is written to the audit log', async () => {
        const session = await signInOrFail(server, ADMIN.email, ADMIN.password);
        await post(server, '/api/auth/logout', { session });
        const rows = await server.database.db.selectFrom('audit_events').select('event').where('event', '=', 'logout').execute();
        assert.equal(rows.length, 1);
      });
    });

    describe('idle timeout', () => {
      test('a session idle for an hour is refused', async () => {
        const session = await signInOrFail(server, ADMIN.email, ADMIN.password);
        clock.advance(SESSION_IDLE_TIMEOUT_MILLISECONDS);
        assertError(await me(session), 401, 'unauthenticated');
        assert.equal(SESSION_IDLE_TIMEOUT_MILLISECONDS, HOUR_MILLISECONDS);
      });

      test('a session idle for just under an hour still works', async () => {
        const session = await signInOrFail(server, ADMIN.email, ADMIN.password);
        clock.advance(SESSION_IDLE_TIMEOUT_MILLISECONDS - MINUTE_MILLISECONDS);
        assert.equal((await me(session)).status, 200);
      });

      test('activity restarts the idle timer', async () => {
        const session = await signInOrFail(server, ADMIN.email, ADMIN.password);
        clock.advance(50 * MINUTE_MILLISECONDS);
        assert.equal((await me(session)).status, 200);
        clock.advance(50 * MINUTE_MILLISECONDS);
        assert.equal((await me(session)).status, 200, '100 minutes after sign-in, 50 after the last request');
      });

      test('a timed-out session stays ended when the clock is set back', async () => {
        const session = await signInOrFail(server, ADMIN.email, ADMIN.password);
        clock.advance(SESSION_IDLE_TIMEOUT_MILLISECONDS);
        assertError(await me(session), 401, 'unauthenticated');
        clock.advance(-SESSION_IDLE_TIMEOUT_MILLISECONDS);
        assertError(await me(session), 401, 'unauthenticated');
      });
    });

    describe('absolute timeout', () => {
      test('a session kept active every 30 minutes ends after 24 hours', async () => {
        const session = await signInOrFail(server, ADMIN.email, ADMIN.password);
        const step = 30 * MINUTE_MILLISECONDS;
        for (let elapsed = step; elapsed < SESSION_ABSOLUTE_TIMEOUT_MILLISECONDS; elapsed += step) {
          clock.advance(step);
          assert.equal((await me(session)).status, 200, `still valid after ${elapsed / HOUR_MILLISECONDS} h`);
        }
        clock.advance(step);
        assertError(await me(session), 401, 'unauthenticated');
      });
    });

    describe('disabled accounts', () => {
      test("a disabled user's open session stops working", async () => {
        const session = await signInOrFail(server, ADMIN.email, ADMIN.password);
        assert.equal((await me(session)).status, 200);
        // Disabled from outside this process (SQL here; the CLI or another app server in life):
        // the session cache may answer from memory for its time-to-live, not longer.
        await server.database.db.updateTable('users').set({ status: 'disabled' }).where('email_normalized', '=', ADMIN.email).execute();
        clock.advance(SESSION_CACHE_TTL_MILLISECONDS);
        assertError(await me(session), 401, 'unauthenticated');
        assertError(await get(server, '/api/admin/users', { session }), 401, 'unauthenticated');
      });
    });
  });
}
