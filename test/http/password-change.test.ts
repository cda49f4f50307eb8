import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { ADMIN, assertError, completeSetup, get, post, signIn, signInOrFail } from '../support/http.ts';
import { DATABASES, startTestServer } from '../support/server.ts';
import type { TestServer } from '../support/server.ts';

const NEW_PASSWORD = 'an entirely new passphrase';

for (const database of DATABASES) {
  describe(`password change on ${database}`, () => {
    let server: TestServer;
    let session: string;

    beforeEach(async () => {
      server = await startTestServer({ database });
      session = await completeSetup(server);
    });
    afterEach(() => server.close());

    const change = (body: Record<string, unknown>) => post(server, '/api/auth/password/change', { session, json: body });

    describe('successful password change', () => {
      test('the new password signs in and the old one no longer does', async () => {
        const response = await change({ currentPassword: ADMIN.password, newPassword: NEW_PASSWORD });
        assert.equal(response.status, 200);
        assert.deepEqual(response.body, { status: 'signed_in' });
        assert.equal((await signIn(server, ADMIN.email, NEW_PASSWORD)).status, 200);
        assertError(await signIn(server, ADMIN.email, ADMIN.password), 401, 'invalid_credentials');
      });

      test('a password change ends every session of the user and issues a new token', async () => {
        const elsewhere = await signInOrFail(server, ADMIN.email, ADMIN.password);
        const response = await change({ currentPassword: ADMIN.password, newPassword: NEW_PASSWORD });
        assert.ok(response.session);
        assert.notEqual(response.session, session);
        assertError(await get(server, '/api/auth/me', { session }), 401, 'unauthenticated');
        assertError(await get(server, '/api/auth/me', { session: elsewhere }), 401, 'unauthenticated');
        assert.equal((await get(server, '/api/auth/me', { session: response.session })).status, 200);
      });

      test('a new password of twelve Chinese characters is long enough', async () => {
        const response = await change({ currentPassword: ADMIN.password, newPassword: '我的新密码非常安全可靠吧' });
        assert.equal(response.status, 200, response.text);
        assert.equal((await signIn(server, ADMIN.email, '我的新密码非常安全可靠吧')).status, 200);
      });

      test('a password change is written to the audit log', async () => {
        await change({ currentPassword: ADMIN.password, newPassword: NEW_PASSWORD });
        const rows = await server.database.db.selectFrom('audit_events').select('event').where('event', '=', 'password.changed').execute();
        assert.equal(rows.length, 1);
      });
    });

    describe('failing password change', () => {
      test('a wrong current password is refused and the password stays', async () => {
        const response = await change({ currentPassword: 'not the current one', newPassword: NEW_PASSWORD });
        assertError(response, 400, 'current_password_invalid');
        assert.equal((await signIn(server, ADMIN.email, ADMIN.password)).status, 200);
        assert.equal((await get(server, '/api/auth/me', { session })).status, 200, 'the session survives');
        const rows = await server.database.db.selectFrom('audit_events').select('event').where('event', '=', 'password.change_failed').execute();
        assert.equal(rows.length, 1);
      });

      test('an over-long current password is refused as incorrect', async () => {
        assertError(await change({ currentPassword: 'x'.repeat(257), newPassword: NEW_PASSWORD }), 400, 'current_password_invalid');
      });

      test('a new password equal to the current one is refused', async () => {
        assertError(await change({ currentPassword: ADMIN.password, newPassword: ADMIN.password }), 400, 'password_unchanged');
      });

      test('a new password shorter than 12 characters is refused', async () => {
        const response = await change({ currentPassword: ADMIN.password, newPassword: 'elevenchars' });
        assertError(response, 400, 'password_too_short');
        assert.equal((await signIn(server, ADMIN.email, ADMIN.password)).status, 200);
      });

      test('six emoji are six characters, not twelve, and too short', async () => {
        assertError(await change({ currentPassword: ADMIN.password, newPassword: '🔑🔒🗝️🔐🛡️🚪'.replace(/\uFE0F/g, '') }), 400, 'password_too_short');
      });

      test('a new password longer than 256 characters is refused', async () => {
        assertError(await change({ currentPassword: ADMIN.password, newPassword: 'x'.repeat(257) }), 400, 'password_too_long');
      });

      test('unknown and missing fields are refused and named', async () => {
        const response = await change({ currentPassword: ADMIN.password, newPassword: NEW_PASSWORD, mustChange: false });
        assertError(response, 400, 'validation_failed');
        assert.equal(response.body.error.fields.mustChange, 'unknown field');
        const missing = await change({ currentPassword: ADMIN.password });
        assertError(missing, 400, 'validation_failed');
        assert.ok(missing.body.error.fields.newPassword);
      });

      test('without a session a password change answers 401', async () => {
        const response = await post(server, '/api/auth/password/change', { json: { currentPassword: ADMIN.password, newPassword: NEW_PASSWORD } });
        assertError(response, 401, 'unauthenticated');
      });
    });
  });
}
