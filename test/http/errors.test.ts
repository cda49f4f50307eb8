/** The one error shape, in the caller's language, and nothing of the server's insides in it. */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { sql } from 'kysely';
import { ERRORS } from '../../src/server/errors.ts';
import { ADMIN, assertError, assertNoInternals, completeSetup, get, post, signIn } from '../support/http.ts';
import { DATABASES, startTestServer } from '../support/server.ts';
import type { TestServer } from '../support/server.ts';

for (const database of DATABASES) {
  describe(`error answers on ${database}`, () => {
    let server: TestServer;
    let adminSession: string;

    beforeEach(async () => {
      server = await startTestServer({ database });
      adminSession = await completeSetup(server);
    });
    afterEach(() => server.close());

    describe('unknown routes', () => {
      for (const path of ['/api/nothing', '/api/v1/nothing', '/api', '/api/auth', '/api/admin/users/123/nothing']) {
        test(`GET ${path} answers 404 not_found as JSON`, async () => {
          assertError(await get(server, path), 404, 'not_found');
        });
      }

      test('a POST to an unknown API route answers 404 not_found', async () => {
        assertError(await post(server, '/api/nothing', { json: {} }), 404, 'not_found');
      });
    });

    describe('language', () => {
      test('Accept-Language: zh-CN gives the Chinese message', async () => {
        const response = await get(server, '/api/nothing', { headers: { 'accept-language': 'zh-CN' } });
        assertError(response, 404, 'not_found');
        assert.equal(response.body.error.message, ERRORS.not_found['zh-CN']);
      });

      test('any Chinese first choice gives the Chinese message', async () => {
        for (const header of ['zh', 'zh-TW', 'zh-Hans-CN,zh;q=0.9', 'ZH-cn']) {
          const response = await get(server, '/api/auth/me', { headers: { 'accept-language': header } });
          assert.equal(response.body.error.message, ERRORS.unauthenticated['zh-CN'], header);
        }
      });

      test('English is the answer without a header or when English comes first', async () => {
        assert.equal((await get(server, '/api/nothing')).body.error.message, ERRORS.not_found.en);
        const englishFirst = await get(server, '/api/nothing', { headers: { 'accept-language': 'en-US,zh-CN;q=0.9' } });
        assert.equal(englishFirst.body.error.message, ERRORS.not_found.en);
      });

      test('validation and credential errors are translated too', async () => {
        const headers = { 'accept-language': 'zh-CN' };
        const invalid = await post(server, '/api/auth/login', { json: { identifier: 'x' }, headers });
        assert.equal(invalid.body.error.message, ERRORS.validation_failed['zh-CN']);
        const wrong = await signIn(server, ADMIN.email, 'not the password', { headers });
        assert.equal(wrong.body.error.message, ERRORS.invalid_credentials['zh-CN']);
      });

      test('the per-field messages of a refused body are in Chinese too', async () => {
        const response = await post(server, '/api/setup', {
          json: { token: 'x', name: 'Bob', email: 'not an e-mail', username: 'b b', password: 'a long enough password', role: 'admin' },
          headers: { 'accept-language': 'zh-CN' },
        });
        assertError(response, 400, 'validation_failed');
        assert.deepEqual(response.body.error.fields, {
          email: '无效电子邮件',
          username: '2–32 个字母、数字、点、下划线或连字符',
          role: '未知字段',
        });
      });

      test("a signed-in person's stored language wins over the browser's", async () => {
        // The administrator was created from a Chinese browser, so their stored language is zh-CN.
        const chinese = await startTestServer({ database });
        try {
          const setup = await post(chinese, '/api/setup', {
            json: { token: chinese.setupToken, ...ADMIN },
            headers: { 'accept-language': 'zh-CN' },
          });
          const response = await post(chinese, '/api/auth/password/change', {
            session: setup.session,
            headers: { 'accept-language': 'en' },
            json: { currentPassword: ADMIN.password, newPassword: 'short' },
          });
          assertError(response, 400, 'password_too_short');
          assert.equal(response.body.error.message, ERRORS.password_too_short['zh-CN']);
        } finally {
          await chinese.close();
        }
      });
    });

    describe('server failures', () => {
      test('a database error answers 500 internal_error without SQL or a stack trace', async () => {
        await sql`alter table users rename to users_gone`.execute(server.database.db);
        for (const headers of [{}, { 'accept-language': 'zh-CN' }] as Array<Record<string, string>>) {
          const response = await signIn(server, ADMIN.email, ADMIN.password, { headers });
          assertError(response, 500, 'internal_error');
          assert.deepEqual(Object.keys(response.body.error), ['code', 'message']);
          assert.doesNotMatch(response.text, /users_gone|users|relation|table/i);
        }
      });

      test('an unreachable database answers 503 on /healthz and 500 elsewhere, without details', async () => {
        await server.database.db.destroy();
        const health = await get(server, '/healthz');
        assert.equal(health.status, 503);
        assert.deepEqual(health.body, { status: 'database_unavailable' });
        const me = await get(server, '/api/auth/me', { session: adminSession });
        assertError(me, 500, 'internal_error');
        assertNoInternals(me.text);
      });
    });
  });
}
