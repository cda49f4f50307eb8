/**
 * The initial password from IT (OWASP ASVS 6.4.1, 6.4.6): generated, valid 72 hours, and
 * good for nothing but choosing a new password.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { TEMPORARY_PASSWORD_TTL_MILLISECONDS } from '../../src/server/auth/passwords/temporary.ts';
import { createTestClock } from '../../src/server/infra/clock.ts';
import type { TestClock } from '../../src/server/infra/clock.ts';
import { assertError, completeSetup, createUser, get, MINUTE_MILLISECONDS, patch, post, signIn, signInOrFail } from '../support/http.ts';
import { DATABASES, startTestServer } from '../support/server.ts';
import type { TestServer } from '../support/server.ts';

/** An administrator, so a refusal can only come from the pending password change, not from a missing right. */
const GRACE = { email: 'grace@example.com', name: 'Grace Hopper', username: 'grace', role: 'admin' };
const NEW_PASSWORD = 'grace chose this herself';

for (const database of DATABASES) {
  describe(`first sign-in with an initial password on ${database}`, () => {
    let server: TestServer;
    let clock: TestClock;
    let adminSession: string;
    let temporaryPassword: string;

    beforeEach(async () => {
      clock = createTestClock();
      server = await startTestServer({ database, clock });
      adminSession = await completeSetup(server);
      ({ temporaryPassword } = await createUser(server, adminSession, GRACE));
    });
    afterEach(() => server.close());

    const changePassword = (session: string, currentPassword = temporaryPassword, newPassword = NEW_PASSWORD) =>
      post(server, '/api/auth/password/change', { session, json: { currentPassword, newPassword } });

    describe('successful first sign-in', () => {
      test('the initial password signs in to a pending password change', async () => {
        const response = await signIn(server, GRACE.email, temporaryPassword);
        assert.equal(response.status, 200);
        assert.deepEqual(response.body, { status: 'password_change_required' });
        assert.ok(response.session);
      });

      test('while the change is pending, who-am-I answers and says so', async () => {
        const session = await signInOrFail(server, GRACE.username, temporaryPassword);
        const me = await get(server, '/api/auth/me', { session });
        assert.equal(me.status, 200);
        assert.equal(me.body.passwordChangeRequired, true);
        assert.equal(me.body.user.email, GRACE.email);
      });

      test('while the change is pending, the language can be changed', async () => {
        const session = await signInOrFail(server, GRACE.email, temporaryPassword);
        const response = await patch(server, '/api/account', { session, json: { locale: 'zh-CN' } });
        assert.equal(response.status, 200);
        assert.equal(response.body.user.locale, 'zh-CN');
      });

      test('changing the password signs in fully with a new token and ends the pending session', async () => {
        const pending = await signInOrFail(server, GRACE.email, temporaryPassword);
        const changed = await changePassword(pending);
        assert.equal(changed.status, 200);
        assert.deepEqual(changed.body, { status: 'signed_in' });
        assert.ok(changed.session);
        assert.notEqual(changed.session, pending);

        assertError(await get(server, '/api/auth/me', { session: pending }), 401, 'unauthenticated');
        const me = await get(server, '/api/auth/me', { session: changed.session });
        assert.equal(me.body.passwordChangeRequired, false);
        assert.equal((await get(server, '/api/admin/users', { session: changed.session })).status, 200);
      });

      test('after the change, only the new password signs in', async () => {
        await changePassword(await signInOrFail(server, GRACE.email, temporaryPassword));
        assertError(await signIn(server, GRACE.email, temporaryPassword), 401, 'invalid_credentials');
        const response = await signIn(server, GRACE.email, NEW_PASSWORD);
        assert.deepEqual(response.body, { status: 'signed_in' });
      });

      test('the initial password still works just before its 72 hours are over', async () => {
        clock.advance(TEMPORARY_PASSWORD_TTL_MILLISECONDS - MINUTE_MILLISECONDS);
        const response = await signIn(server, GRACE.email, temporaryPassword);
        assert.deepEqual(response.body, { status: 'password_change_required' });
      });
    });

    describe('failing first sign-in', () => {
      test('while the change is pending, the user list is refused', async () => {
        const session = await signInOrFail(server, GRACE.email, temporaryPassword);
        assertError(await get(server, '/api/admin/users', { session }), 403, 'password_change_required');
      });

      test('while the change is pending, creating a user is refused', async () => {
        const session = await signInOrFail(server, GRACE.email, temporaryPassword);
        const response = await post(server, '/api/admin/users', { session, json: { email: 'x@example.com', name: 'X', role: 'admin' } });
        assertError(response, 403, 'password_change_required');
        assert.equal((await server.database.db.selectFrom('users').select('id').execute()).length, 2);
      });

      test('an initial password expires after 72 hours', async () => {
        clock.advance(TEMPORARY_PASSWORD_TTL_MILLISECONDS);
        const response = await signIn(server, GRACE.email, temporaryPassword);
        assertError(response, 401, 'temporary_password_expired');
        assert.equal(response.session, null);
      });

      test('an expired initial password cannot be replaced from a session opened before it expired', async () => {
        clock.advance(TEMPORARY_PASSWORD_TTL_MILLISECONDS - MINUTE_MILLISECONDS);
        const session = await signInOrFail(server, GRACE.email, temporaryPassword);
        clock.advance(MINUTE_MILLISECONDS);
        assertError(await changePassword(session), 401, 'temporary_password_expired');
        assertError(await signIn(server, GRACE.email, NEW_PASSWORD), 401, 'invalid_credentials');
      });

      test('the initial password cannot be kept as the new password', async () => {
        const session = await signInOrFail(server, GRACE.email, temporaryPassword);
        assertError(await changePassword(session, temporaryPassword, temporaryPassword), 400, 'password_unchanged');
      });
    });
  });
}
