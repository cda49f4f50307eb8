/**
 * Threat: cross-site request forgery, sign-in included (login CSRF). DESIGN.md: every
 * request that changes state must carry an Origin equal to the public URL's.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { ADMIN, assertError, call, completeSetup, get, post, signIn } from '../support/http.ts';
import type { ApiResponse, CallOptions } from '../support/http.ts';
import { DATABASES, startTestServer } from '../support/server.ts';
import type { TestServer } from '../support/server.ts';

interface StateChangingRoute {
  method: string;
  path: string;
  body: (server: TestServer) => unknown;
}

const STATE_CHANGING_ROUTES: StateChangingRoute[] = [
  { method: 'POST', path: '/api/auth/login', body: () => ({ identifier: ADMIN.email, password: ADMIN.password }) },
  { method: 'POST', path: '/api/auth/logout', body: () => undefined },
  { method: 'POST', path: '/api/auth/password/change', body: () => ({ currentPassword: ADMIN.password, newPassword: 'a brand new password' }) },
  { method: 'POST', path: '/api/setup', body: (server) => ({ token: server.setupToken, ...ADMIN }) },
  { method: 'POST', path: '/api/admin/users', body: () => ({ email: 'mallory@example.com', name: 'Mallory', role: 'admin' }) },
  { method: 'PATCH', path: '/api/account', body: () => ({ locale: 'zh-CN' }) },
];

for (const database of DATABASES) {
  describe(`cross-site request forgery on ${database}`, () => {
    let server: TestServer;
    let adminSession: string;

    beforeEach(async () => {
      server = await startTestServer({ database });
      adminSession = await completeSetup(server);
    });
    afterEach(() => server.close());

    const foreignOrigins = (): Array<[string, string | null]> => {
      const port = new URL(server.url).port;
      return [
        ['no Origin', null],
        ['a foreign Origin', 'https://evil.example'],
        ['the opaque Origin "null"', 'null'],
        ['the same host on another port', `http://localhost:${Number(port) + 1}`],
        ['the same port under another host name', `http://127.0.0.1:${port}`],
        ['the https variant of the origin', `https://localhost:${port}`],
        ['a look-alike suffix', `${server.origin}.evil.example`],
      ];
    };

    function send(route: StateChangingRoute, origin: string | null): Promise<ApiResponse> {
      const body = route.body(server);
      const options: CallOptions = { session: adminSession, origin };
      if (body !== undefined) options.json = body;
      return call(server, route.method, route.path, options);
    }

    for (const route of STATE_CHANGING_ROUTES) {
      test(`${route.method} ${route.path} without a matching Origin is refused, even with a session cookie`, async () => {
        for (const [label, origin] of foreignOrigins()) {
          const response = await send(route, origin);
          assert.equal(response.status, 403, `${label}: ${response.text}`);
          assertError(response, 403, 'csrf_rejected');
        }
      });
    }

    test('a sign-in with the right Origin succeeds, one without an Origin sets no cookie', async () => {
      const refused = await signIn(server, ADMIN.email, ADMIN.password, { origin: null });
      assertError(refused, 403, 'csrf_rejected');
      assert.equal(refused.session, null);
      const accepted = await signIn(server, ADMIN.email, ADMIN.password);
      assert.equal(accepted.status, 200);
      assert.ok(accepted.session);
    });

    test('a forged user creation creates nobody', async () => {
      const response = await post(server, '/api/admin/users', {
        session: adminSession,
        origin: 'https://evil.example',
        json: { email: 'mallory@example.com', name: 'Mallory', role: 'admin' },
      });
      assertError(response, 403, 'csrf_rejected');
      const users = await get(server, '/api/admin/users', { session: adminSession });
      assert.deepEqual(users.body.data.map((u: { email: string }) => u.email), [ADMIN.email]);
    });

    test('a forged password change leaves the password unchanged', async () => {
      await post(server, '/api/auth/password/change', {
        session: adminSession,
        origin: 'https://evil.example',
        json: { currentPassword: ADMIN.password, newPassword: 'chosen by the attacker' },
      });
      assert.equal((await signIn(server, ADMIN.email, ADMIN.password)).status, 200);
      assertError(await signIn(server, ADMIN.email, 'chosen by the attacker'), 401, 'invalid_credentials');
    });

    test('a forged logout leaves the session open', async () => {
      assertError(await post(server, '/api/auth/logout', { session: adminSession, origin: 'https://evil.example' }), 403, 'csrf_rejected');
      assert.equal((await get(server, '/api/auth/me', { session: adminSession })).status, 200);
    });

    test('the Origin is checked before the body is read', async () => {
      const response = await post(server, '/api/auth/login', { origin: 'https://evil.example', rawBody: '{not json', contentType: 'application/json' });
      assertError(response, 403, 'csrf_rejected');
    });

    test('a refused request is written to the audit log with its Origin', async () => {
      await signIn(server, ADMIN.email, ADMIN.password, { origin: 'https://evil.example' });
      const rows = await server.database.db.selectFrom('audit_events').selectAll().where('event', '=', 'request.csrf_rejected').execute();
      assert.equal(rows.length, 1);
      assert.deepEqual(JSON.parse(rows[0]!.details), { method: 'POST', url: '/api/auth/login', origin: 'https://evil.example' });
    });

    test('reading needs no Origin', async () => {
      assert.equal((await get(server, '/api/auth/me', { session: adminSession, origin: null })).status, 200);
      assert.equal((await get(server, '/api/setup', { origin: null })).status, 200);
    });
  });
}
