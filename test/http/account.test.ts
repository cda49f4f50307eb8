import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { ERRORS } from '../../src/server/errors.ts';
import { ADMIN, assertError, completeSetup, get, patch, post } from '../support/http.ts';
import { DATABASES, startTestServer } from '../support/server.ts';
import type { TestServer } from '../support/server.ts';

for (const database of DATABASES) {
  describe(`own account settings on ${database}`, () => {
    let server: TestServer;
    let session: string;

    beforeEach(async () => {
      server = await startTestServer({ database });
      session = await completeSetup(server);
    });
    afterEach(() => server.close());

    describe('successful language change', () => {
      test('the new language is answered and stored', async () => {
        const response = await patch(server, '/api/account', { session, json: { locale: 'zh-CN' } });
        assert.equal(response.status, 200);
        assert.equal(response.body.user.locale, 'zh-CN');
        assert.equal(response.body.user.email, ADMIN.email);
        assert.doesNotMatch(response.text, /argon2|password_hash/);
      });

      test('who-am-I reports the new language at once', async () => {
        assert.equal((await get(server, '/api/auth/me', { session })).body.user.locale, 'en');
        await patch(server, '/api/account', { session, json: { locale: 'zh-CN' } });
        assert.equal((await get(server, '/api/auth/me', { session })).body.user.locale, 'zh-CN');
      });

      test('error messages follow the new language at once', async () => {
        await patch(server, '/api/account', { session, json: { locale: 'zh-CN' } });
        const response = await post(server, '/api/auth/password/change', {
          session,
          json: { currentPassword: ADMIN.password, newPassword: 'short' },
        });
        assert.equal(response.body.error.message, ERRORS.password_too_short['zh-CN']);
      });
    });

    describe('failing language change', () => {
      test('an unsupported language is refused', async () => {
        const response = await patch(server, '/api/account', { session, json: { locale: 'fr' } });
        assertError(response, 400, 'validation_failed');
        assert.ok(response.body.error.fields.locale);
      });

      test('other fields of the account cannot be changed here', async () => {
        const response = await patch(server, '/api/account', { session, json: { locale: 'en', role: 'admin', email: 'x@example.com' } });
        assertError(response, 400, 'validation_failed');
        assert.equal(response.body.error.fields.role, 'unknown field');
        assert.equal(response.body.error.fields.email, 'unknown field');
      });

      test('without a session the language change answers 401', async () => {
        assertError(await patch(server, '/api/account', { json: { locale: 'zh-CN' } }), 401, 'unauthenticated');
      });
    });
  });
}
