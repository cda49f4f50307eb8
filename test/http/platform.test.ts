import { randomBytes } from 'node:crypto';
/** What every route shares: health, the API description, security headers, route declarations, the web app. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { buildApp } from '../../src/server/app.ts';
import type { AuthLevel } from '../../src/server/http/route-config.ts';
import { openTestDatabase } from '../support/database.ts';
import type { TestDatabase } from '../support/database.ts';
import { assertError, call, get } from '../support/http.ts';
import type { ApiResponse } from '../support/http.ts';
import { DATABASES, startTestServer } from '../support/server.ts';
import type { TestServer } from '../support/server.ts';

/** The routes anyone may call; every other API route must answer 401 without a session. */
const PUBLIC_ROUTES = new Set([
  'GET /api/setup',
  'POST /api/setup',
  'POST /api/auth/login',
  'POST /api/auth/logout',
  'POST /api/auth/passkey/options',
  'POST /api/auth/passkey/login',
  // Getting back in (docs/recovery-api.md): the way in for people who cannot sign in.
  ...[
    'request',
    'check',
    'mfa/send',
    'mfa/passkey-options',
    'reset',
    'backup',
    'backup/verify',
    'questions',
    'questions/answer',
    'assisted',
    'assisted/status',
  ].map((route) => `POST /api/auth/recovery/${route}`),
]);
/** The second sign-in step: only with the pending sign-in cookie a correct password gave. */
const PENDING_SIGN_IN_ROUTES = new Set(['GET /api/auth/mfa/pending', 'POST /api/auth/mfa/send', 'POST /api/auth/mfa/passkey/options', 'POST /api/auth/mfa/verify']);

function cspDirectives(response: ApiResponse): Map<string, string[]> {
  const header = response.headers.get('content-security-policy');
  assert.ok(header, 'a Content-Security-Policy is sent');
  const directives = new Map<string, string[]>();
  for (const part of header.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) directives.set(name.toLowerCase(), values);
  }
  return directives;
}

/** Scripts may come from this origin only (or from nowhere): no inline script, no eval. */
function assertStrictScriptPolicy(response: ApiResponse): void {
  const directives = cspDirectives(response);
  const scriptSources = directives.get('script-src') ?? directives.get('default-src');
  assert.ok(scriptSources, 'script-src or default-src is set');
  assert.ok(
    scriptSources.every((source) => source === "'self'" || source === "'none'"),
    `script sources: ${scriptSources.join(' ')}`,
  );
  const framing = directives.get('frame-ancestors');
  const xFrameOptions = response.headers.get('x-frame-options');
  assert.ok(framing?.includes("'none'") || xFrameOptions === 'DENY' || xFrameOptions === 'SAMEORIGIN', 'framing is refused');
  assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
}

function writeFakeWebApp(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-web-'));
  fs.mkdirSync(path.join(dir, 'assets'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><html><head><script type="module" src="/assets/app-1a2b.js"></script></head><body><div id="root"></div></body></html>');
  fs.writeFileSync(path.join(dir, 'assets', 'app-1a2b.js'), 'console.log("cairn");');
  return dir;
}

for (const database of DATABASES) {
  describe(`platform routes on ${database}`, () => {
    let server: TestServer;
    let webDir: string;

    before(async () => {
      webDir = writeFakeWebApp();
      server = await startTestServer({ database, webDistDir: webDir });
    });
    after(async () => {
      await server.close();
      fs.rmSync(webDir, { recursive: true, force: true });
    });

    test('/healthz answers 200 while the database answers', async () => {
      const response = await get(server, '/healthz');
      assert.equal(response.status, 200);
      assert.deepEqual(response.body, { status: 'ok' });
    });

    test('the OpenAPI document lists the sign-in route', async () => {
      const response = await get(server, '/api/openapi.json');
      assert.equal(response.status, 200);
      assert.match(response.body.openapi, /^3\./);
      assert.ok(response.body.paths['/api/auth/login']?.post, 'POST /api/auth/login is described');
      assert.ok(response.body.paths['/api/admin/users']?.post, 'POST /api/admin/users is described');
    });

    test('the API documentation page is served', async () => {
      const response = await get(server, '/api/docs');
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
    });

    test('every described API route other than the public ones refuses a caller without a session or pending sign-in', async () => {
      const document = (await get(server, '/api/openapi.json')).body;
      const checked: string[] = [];
      for (const [routePath, operations] of Object.entries(document.paths as Record<string, Record<string, unknown>>)) {
        for (const method of Object.keys(operations).map((m) => m.toUpperCase())) {
          const route = `${method} ${routePath}`;
          if (PUBLIC_ROUTES.has(route)) continue;
          const concretePath = routePath.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
          const response = await call(server, method, concretePath, method === 'GET' ? {} : { json: {} });
          assertError(response, 401, PENDING_SIGN_IN_ROUTES.has(route) ? 'mfa_sign_in_expired' : 'unauthenticated');
          checked.push(route);
        }
      }
      assert.ok(checked.includes('GET /api/admin/users') && checked.includes('GET /api/auth/me'), `checked: ${checked.join(', ')}`);
    });

    describe('security headers', () => {
      test('API answers forbid scripts, framing and sniffing and are not cached', async () => {
        for (const response of [await get(server, '/api/auth/me'), await get(server, '/api/nothing'), await get(server, '/api/setup')]) {
          assertStrictScriptPolicy(response);
          assert.equal(response.headers.get('cache-control'), 'no-store');
          assert.equal(response.headers.get('x-powered-by'), null);
        }
      });

      test("pages allow scripts from 'self' only, never inline", async () => {
        const response = await get(server, '/index.html');
        assert.equal(response.status, 200);
        assertStrictScriptPolicy(response);
        assert.deepEqual(cspDirectives(response).get('script-src'), ["'self'"]);
        assert.ok(response.headers.get('referrer-policy'));
      });

      test('no HSTS is sent over http', async () => {
        assert.equal((await get(server, '/healthz')).headers.get('strict-transport-security'), null);
        assert.equal((await get(server, '/api/setup')).headers.get('strict-transport-security'), null);
      });
    });

    describe('the web app', () => {
      test('index.html is served and must be revalidated', async () => {
        const response = await get(server, '/index.html');
        assert.equal(response.status, 200);
        assert.match(response.text, /<div id="root">/);
        assert.equal(response.headers.get('cache-control'), 'no-cache');
      });

      test('hashed assets are cached for a year', async () => {
        const response = await get(server, '/assets/app-1a2b.js');
        assert.equal(response.status, 200);
        assert.match(response.headers.get('cache-control') ?? '', /max-age=31536000.*immutable/);
      });

      test('a client-side route such as /login is answered with index.html', async () => {
        for (const page of ['/', '/login', '/setup', '/app/contacts/42']) {
          const response = await get(server, page);
          assert.equal(response.status, 200, `${page}: ${response.text}`);
          assert.match(response.text, /<div id="root">/);
          assert.equal(response.headers.get('cache-control'), 'no-cache');
          assertStrictScriptPolicy(response);
        }
      });

      test('an unknown API route is still answered with JSON, not the page', async () => {
        assertError(await get(server, '/api/contacts'), 404, 'not_found');
      });
    });
  });

  describe(`platform routes under an https public URL on ${database}`, () => {
    let server: TestServer;

    beforeEach(async () => {
      server = await startTestServer({ database, env: { PUBLIC_URL: 'https://crm.example.test' } });
    });
    afterEach(() => server.close());

    test('HSTS is sent on pages and API answers', async () => {
      for (const response of [await get(server, '/healthz'), await get(server, '/api/setup')]) {
        assert.match(response.headers.get('strict-transport-security') ?? '', /max-age=31536000/);
      }
    });
  });

  describe(`route declarations on ${database}`, () => {
    let testDatabase: TestDatabase;

    beforeEach(async () => {
      testDatabase = await openTestDatabase(database);
    });
    afterEach(() => testDatabase.close());

    async function buildTestApp() {
      const { app } = await buildApp({
        config: testDatabase.config,
        database: testDatabase.database,
        logger: false,
        secretsKey: randomBytes(32),
        webDistDir: path.join(os.tmpdir(), 'cairn-no-web-app'),
      });
      return app;
    }

    test('the app becomes ready when every route declares who may call it', async () => {
      const app = await buildTestApp();
      app.get('/api/declared', { config: { auth: 'session' } }, async () => ({ ok: true }));
      await app.ready();
      const response = await app.inject({ method: 'GET', url: '/api/declared' });
      assert.equal(response.statusCode, 401);
      await app.close();
    });

    test('the app refuses to become ready when a route lacks config.auth', async () => {
      const app = await buildTestApp();
      app.get('/api/undeclared', async () => ({ leaked: true }));
      await assert.rejects(async () => {
        await app.ready();
      }, /config\.auth.*GET \/api\/undeclared/);
      await app.close().catch(() => {});
    });

    test('the app refuses to become ready when a plugin adds an undeclared route', async () => {
      const app = await buildTestApp();
      await app.register(async (plugin) => {
        plugin.post('/api/plugin-route', async () => ({}));
      });
      await assert.rejects(async () => {
        await app.ready();
      }, /POST \/api\/plugin-route/);
      await app.close().catch(() => {});
    });

    test('the app refuses to become ready when a route declares an unknown level', async () => {
      const app = await buildTestApp();
      app.get('/api/misdeclared', { config: { auth: 'admin' as AuthLevel } }, async () => ({}));
      await assert.rejects(async () => {
        await app.ready();
      }, /GET \/api\/misdeclared/);
      await app.close().catch(() => {});
    });
  });
}
