import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { BODY_LIMIT_BYTES, FORM_BODY_LIMIT_BYTES } from '../../src/server/http/limits.ts';
import { createTestClock } from '../../src/server/infra/clock.ts';
import type { TestClock } from '../../src/server/infra/clock.ts';
import { ADMIN, assertError, call, completeSetup, get, post, signIn, signInOrFail } from '../support/http.ts';
import { DATABASES, startTestServer } from '../support/server.ts';
import type { TestServer } from '../support/server.ts';

for (const database of DATABASES) {
  describe(`sign-in on ${database}`, () => {
    let server: TestServer;
    let clock: TestClock;

    beforeEach(async () => {
      clock = createTestClock();
      server = await startTestServer({ database, clock });
      await completeSetup(server);
    });
    afterEach(() => server.close());

    describe('successful sign-in', () => {
      test('signing in by e-mail opens a session', async () => {
        const response = await signIn(server, ADMIN.email, ADMIN.password);
        assert.equal(response.status, 200);
        assert.deepEqual(response.body, { status: 'signed_in' });
        const me = await get(server, '/api/auth/me', { session: response.session });
        assert.equal(me.status, 200);
        assert.equal(me.body.user.email, ADMIN.email);
      });

      test('signing in by username opens a session', async () => {
        const response = await signIn(server, ADMIN.username, ADMIN.password);
        assert.equal(response.status, 200);
        assert.deepEqual(response.body, { status: 'signed_in' });
        assert.equal((await get(server, '/api/auth/me', { session: response.session })).body.user.username, ADMIN.username);
      });

      test('the e-mail is matched case-insensitively', async () => {
        const response = await signIn(server, 'ADA@Example.COM', ADMIN.password);
        assert.equal(response.status, 200);
      });

      test('the username is matched case-insensitively', async () => {
        const response = await signIn(server, 'ADA', ADMIN.password);
        assert.equal(response.status, 200);
      });

      test('a Chinese username signs in', async () => {
        const session = await signInOrFail(server, ADMIN.email, ADMIN.password);
        const created = await post(server, '/api/admin/users', { session, json: { email: 'zhang@example.com', name: '张伟', username: '张伟', role: 'sales_rep' } });
        assert.equal(created.status, 201, created.text);
        const response = await signIn(server, '张伟', created.body.temporaryPassword);
        assert.deepEqual(response.body, { status: 'password_change_required' });
      });

      test('spaces around the identifier are ignored', async () => {
        const response = await signIn(server, `  ${ADMIN.email}  `, ADMIN.password);
        assert.equal(response.status, 200);
      });

      test('the session cookie is HttpOnly, SameSite=Lax, on the whole site, not Secure over http, and ends with the browser', async () => {
        const response = await signIn(server, ADMIN.email, ADMIN.password);
        const attributes = response.sessionCookieHeader!.split(';').map((part) => part.trim());
        assert.match(attributes[0]!, /^cairn_session=[A-Za-z0-9_-]{43}$/, '256 random bits, base64url');
        assert.ok(attributes.includes('HttpOnly'));
        assert.ok(attributes.includes('SameSite=Lax'));
        assert.ok(attributes.includes('Path=/'));
        assert.ok(!attributes.some((a) => a.toLowerCase() === 'secure'));
        assert.ok(!attributes.some((a) => a.toLowerCase().startsWith('domain=')), 'host-only cookie');
        // No Expires or Max-Age: a shared computer forgets the session when the browser closes.
        assert.ok(!attributes.some((a) => /^(expires|max-age)=/i.test(a)), response.sessionCookieHeader!);
      });

      test('a successful sign-in is written to the audit log and shown as the last sign-in', async () => {
        const since = clock.now();
        clock.advance(1);
        const session = await signInOrFail(server, ADMIN.email, ADMIN.password);
        const events = await server.database.db
          .selectFrom('audit_events')
          .select(['event', 'ip', 'user_agent'])
          .where('event', '=', 'login.succeeded')
          .where('occurred_at', '>', since)
          .execute();
        assert.equal(events.length, 1);
        assert.ok(events[0]!.ip);
        const users = await get(server, '/api/admin/users', { session });
        assert.equal(users.body.data[0].lastSignInAt, clock.now());
      });
    });

    describe('failing sign-in', () => {
      test('a wrong password is refused', async () => {
        const response = await signIn(server, ADMIN.email, 'not the right password');
        assertError(response, 401, 'invalid_credentials');
        assert.equal(response.session, null);
      });

      test('a 256-character password is checked, a 257-character one is refused as too long', async () => {
        assertError(await signIn(server, ADMIN.email, 'x'.repeat(256)), 401, 'invalid_credentials');
        assertError(await signIn(server, ADMIN.email, 'x'.repeat(257)), 400, 'password_too_long');
      });

      test('an empty identifier or password is refused and named', async () => {
        const response = await signIn(server, '  ', '');
        assertError(response, 400, 'validation_failed');
        assert.deepEqual(Object.keys(response.body.error.fields).sort(), ['identifier', 'password']);
      });

      test('a missing password is refused and named', async () => {
        const response = await post(server, '/api/auth/login', { json: { identifier: ADMIN.email } });
        assertError(response, 400, 'validation_failed');
        assert.deepEqual(Object.keys(response.body.error.fields), ['password']);
      });

      test('an unknown field is refused and named', async () => {
        const response = await post(server, '/api/auth/login', { json: { identifier: ADMIN.email, password: ADMIN.password, role: 'admin' } });
        assertError(response, 400, 'validation_failed');
        assert.equal(response.body.error.fields.role, 'unknown field');
        assert.equal(response.session, null);
      });

      test('a body that is not valid JSON is refused', async () => {
        const response = await post(server, '/api/auth/login', { rawBody: '{"identifier": "ada", "password":', contentType: 'application/json' });
        assertError(response, 400, 'malformed_json');
      });

      test('a body that tries to set __proto__ is refused', async () => {
        const response = await post(server, '/api/auth/login', {
          rawBody: `{"identifier": "${ADMIN.email}", "password": "${ADMIN.password}", "__proto__": {"role": "admin"}}`,
          contentType: 'application/json',
        });
        assertError(response, 400, 'malformed_json');
        assert.equal(response.session, null);
      });

      test('a JSON body that is not an object is refused', async () => {
        for (const rawBody of ['null', '[]', '"ada"', '42']) {
          const response = await post(server, '/api/auth/login', { rawBody, contentType: 'application/json' });
          assertError(response, 400, 'validation_failed');
        }
      });

      test('an empty JSON body is refused', async () => {
        const response = await post(server, '/api/auth/login', { contentType: 'application/json' });
        assertError(response, 400, 'malformed_json');
      });

      test('a form-encoded body is refused as the wrong media type', async () => {
        const response = await post(server, '/api/auth/login', {
          rawBody: `identifier=${ADMIN.email}&password=x`,
          contentType: 'application/x-www-form-urlencoded',
        });
        assertError(response, 415, 'unsupported_media_type');
      });

      test('a text/plain body is refused as the wrong media type', async () => {
        // text/plain is what a cross-site <form enctype="text/plain"> sends without a CORS preflight.
        const response = await post(server, '/api/auth/login', {
          rawBody: JSON.stringify({ identifier: ADMIN.email, password: ADMIN.password }),
          contentType: 'text/plain',
        });
        assertError(response, 415, 'unsupported_media_type');
      });

      test('a body larger than 1 MiB is refused', async () => {
        assert.equal(BODY_LIMIT_BYTES, 1024 * 1024);
        const response = await post(server, '/api/auth/login', { json: { identifier: ADMIN.email, password: 'x'.repeat(BODY_LIMIT_BYTES) } });
        assertError(response, 413, 'payload_too_large');
      });

      test('a sign-in body larger than the 16 KiB form limit is refused', async () => {
        assert.equal(FORM_BODY_LIMIT_BYTES, 16 * 1024);
        const response = await post(server, '/api/auth/login', { json: { identifier: ADMIN.email, password: 'x'.repeat(FORM_BODY_LIMIT_BYTES) } });
        assertError(response, 413, 'payload_too_large');
      });

      test('a sign-in body just under the form limit is read (and its over-long password refused by the policy)', async () => {
        const response = await post(server, '/api/auth/login', { json: { identifier: ADMIN.email, password: 'x'.repeat(FORM_BODY_LIMIT_BYTES - 100) } });
        assertError(response, 400, 'password_too_long');
      });

      test('other API routes read bodies up to 1 MiB and refuse larger ones', async () => {
        const session = await signInOrFail(server, ADMIN.email, ADMIN.password);
        const under = await post(server, '/api/admin/users', { session, json: { email: 'x@example.com', name: 'x'.repeat(BODY_LIMIT_BYTES - 1000), role: 'sales_rep' } });
        assertError(under, 400, 'validation_failed');
        assert.ok(under.body.error.fields.name, 'the over-long name is named, so the body was read');
        const over = await post(server, '/api/admin/users', { session, json: { email: 'x@example.com', name: 'x'.repeat(BODY_LIMIT_BYTES), role: 'sales_rep' } });
        assertError(over, 413, 'payload_too_large');
      });

      test('a sign-in over GET does not exist', async () => {
        const response = await call(server, 'GET', '/api/auth/login');
        assertError(response, 404, 'not_found');
      });

      test('who-am-I without a session answers 401', async () => {
        assertError(await get(server, '/api/auth/me'), 401, 'unauthenticated');
      });
    });
  });

  describe(`the session cookie under an https public URL on ${database}`, () => {
    let server: TestServer;

    beforeEach(async () => {
      server = await startTestServer({ database, env: { PUBLIC_URL: 'https://crm.example.test' } });
      await completeSetup(server);
    });
    afterEach(() => server.close());

    test('the cookie is Secure and carries the __Host- prefix', async () => {
      const response = await signIn(server, ADMIN.email, ADMIN.password);
      assert.equal(response.status, 200);
      const attributes = response.sessionCookieHeader!.split(';').map((part) => part.trim());
      assert.match(attributes[0]!, /^__Host-cairn_session=/);
      assert.ok(attributes.includes('Secure'));
      assert.ok(attributes.includes('Path=/'));
      assert.ok(attributes.includes('HttpOnly'));
      assert.ok(!attributes.some((a) => a.toLowerCase().startsWith('domain=')), '__Host- cookies have no Domain');
      assert.equal((await get(server, '/api/auth/me', { session: response.session })).status, 200);
    });

    test('the cookie without the prefix is not accepted', async () => {
      const response = await signIn(server, ADMIN.email, ADMIN.password);
      const me = await get(server, '/api/auth/me', { headers: { cookie: `cairn_session=${response.session}` } });
      assertError(me, 401, 'unauthenticated');
    });
  });
}
