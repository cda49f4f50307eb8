import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { createPasswordHasher } from '../../src/server/auth/passwords/index.ts';
import type { PasswordHasher } from '../../src/server/auth/passwords/index.ts';
import { createUserService, createUserStore } from '../../src/server/auth/users/index.ts';
import { createTestClock } from '../../src/server/infra/clock.ts';
import type { TestClock } from '../../src/server/infra/clock.ts';
import { generateToken, hashToken, systemRandom } from '../../src/server/infra/crypto.ts';
import { SETUP_TOKEN_TTL_MILLISECONDS } from '../../src/server/setup/service.ts';
import { createSetupTokenStore } from '../../src/server/setup/store.ts';
import { ADMIN, assertError, completeSetup, get, MINUTE_MILLISECONDS, post, signIn } from '../support/http.ts';
import { DATABASES, startTestServer } from '../support/server.ts';
import type { TestServer } from '../support/server.ts';

/**
 * Holds each `hash()` until `parties` calls are waiting, so concurrent requests are known to
 * have passed every check before the hashing and meet again after it. The fallback release
 * only keeps a serialised (fixed) server from waiting forever; nothing is timed.
 */
function createRendezvousHasher(inner: PasswordHasher, parties: number): PasswordHasher {
  const waiting: Array<() => void> = [];
  const FALLBACK_RELEASE_MILLISECONDS = 2000;
  return {
    ...inner,
    hash: async (password) => {
      await new Promise<void>((resolve) => {
        waiting.push(resolve);
        if (waiting.length >= parties) waiting.splice(0).forEach((release) => release());
        else setTimeout(() => waiting.splice(0).forEach((release) => release()), FALLBACK_RELEASE_MILLISECONDS).unref();
      });
      return inner.hash(password);
    },
  };
}

for (const database of DATABASES) {
  describe(`first-run setup on ${database}`, () => {
    let server: TestServer;
    let clock: TestClock;

    beforeEach(async () => {
      clock = createTestClock();
      server = await startTestServer({ database, clock });
    });
    afterEach(() => server.close());

    const setup = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
      post(server, '/api/setup', { json: body, headers });

    async function countAdministrators(): Promise<number> {
      const rows = await server.database.db.selectFrom('users').select('id').where('role', '=', 'admin').execute();
      return rows.length;
    }

    /** A second valid link, as a restart within the hour prints one. */
    async function issueAnotherToken(): Promise<string> {
      const token = generateToken(systemRandom);
      await createSetupTokenStore(server.database.db).insert(hashToken(token), clock.now(), clock.now() + SETUP_TOKEN_TTL_MILLISECONDS);
      return token;
    }

    describe('successful setup', () => {
      test('setup is needed until the first administrator exists', async () => {
        assert.deepEqual((await get(server, '/api/setup')).body, { needed: true });
        await completeSetup(server);
        assert.deepEqual((await get(server, '/api/setup')).body, { needed: false });
      });

      test('a valid setup token creates an administrator and signs them in', async () => {
        const response = await setup({ token: server.setupToken, ...ADMIN });
        assert.equal(response.status, 201);
        assert.deepEqual(response.body, { status: 'signed_in' });
        assert.ok(response.session, 'a session cookie is set');

        const me = await get(server, '/api/auth/me', { session: response.session });
        assert.equal(me.status, 200);
        assert.equal(me.body.user.email, ADMIN.email);
        assert.equal(me.body.user.username, ADMIN.username);
        assert.equal(me.body.user.name, ADMIN.name);
        assert.equal(me.body.user.role, 'admin');
        assert.equal(me.body.passwordChangeRequired, false);
      });

      test('the new administrator can sign in again with the chosen password', async () => {
        await completeSetup(server);
        const response = await signIn(server, ADMIN.email, ADMIN.password);
        assert.equal(response.status, 200);
        assert.deepEqual(response.body, { status: 'signed_in' });
      });

      test('the administrator keeps the language the setup page was used in', async () => {
        const response = await setup({ token: server.setupToken, ...ADMIN }, { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' });
        assert.equal(response.status, 201);
        const me = await get(server, '/api/auth/me', { session: response.session });
        assert.equal(me.body.user.locale, 'zh-CN');
      });

      test('a setup token still works just before its hour is over', async () => {
        clock.advance(SETUP_TOKEN_TTL_MILLISECONDS - MINUTE_MILLISECONDS);
        const response = await setup({ token: server.setupToken, ...ADMIN });
        assert.equal(response.status, 201);
      });

      test('a completed setup is written to the audit log', async () => {
        await completeSetup(server);
        const events = await server.database.db.selectFrom('audit_events').select(['event', 'actor_id']).execute();
        const completed = events.filter((e) => e.event === 'setup.completed');
        assert.equal(completed.length, 1);
        assert.ok(completed[0]!.actor_id);
      });
    });

    describe('failing setup', () => {
      test('a reused setup token is refused', async () => {
        await completeSetup(server);
        const again = await setup({ token: server.setupToken, ...ADMIN, email: 'eve@example.com', username: 'eve' });
        assertError(again, 410, 'setup_completed');
        assert.equal(await countAdministrators(), 1);
      });

      test('a second valid token is refused once an administrator exists', async () => {
        await completeSetup(server);
        const second = await issueAnotherToken();
        const response = await setup({ token: second, ...ADMIN, email: 'eve@example.com', username: 'eve' });
        assertError(response, 410, 'setup_completed');
        assert.equal(await countAdministrators(), 1);
      });

      test('an expired setup token is refused', async () => {
        clock.advance(SETUP_TOKEN_TTL_MILLISECONDS);
        const response = await setup({ token: server.setupToken, ...ADMIN });
        assertError(response, 401, 'setup_token_invalid');
        assert.deepEqual((await get(server, '/api/setup')).body, { needed: true });
        assert.equal(await countAdministrators(), 0);
      });

      test('an unknown setup token is refused and the real one still works', async () => {
        const response = await setup({ token: generateToken(systemRandom), ...ADMIN });
        assertError(response, 401, 'setup_token_invalid');
        assert.equal(await countAdministrators(), 0);
        await completeSetup(server);
      });

      test('a refused setup token is written to the audit log', async () => {
        await setup({ token: 'not-the-token', ...ADMIN });
        const failed = await server.database.db.selectFrom('audit_events').select('event').where('event', '=', 'setup.failed').execute();
        assert.equal(failed.length, 1);
      });

      test('a too short password is refused without spending the token', async () => {
        const response = await setup({ token: server.setupToken, ...ADMIN, password: 'short pass' });
        assertError(response, 400, 'password_too_short');
        await completeSetup(server);
      });

      test('a too long password is refused without spending the token', async () => {
        const response = await setup({ token: server.setupToken, ...ADMIN, password: 'x'.repeat(257) });
        assertError(response, 400, 'password_too_long');
        await completeSetup(server);
      });

      test('missing fields are refused and named', async () => {
        const response = await setup({ token: server.setupToken });
        assertError(response, 400, 'validation_failed');
        assert.deepEqual(Object.keys(response.body.error.fields).sort(), ['email', 'name', 'password', 'username']);
      });

      test('an unknown field is refused and named', async () => {
        const response = await setup({ token: server.setupToken, ...ADMIN, role: 'read_only' });
        assertError(response, 400, 'validation_failed');
        assert.deepEqual(Object.keys(response.body.error.fields), ['role']);
        assert.equal(await countAdministrators(), 0);
      });

      test('an invalid e-mail and username are refused and named', async () => {
        const response = await setup({ token: server.setupToken, ...ADMIN, email: 'not-an-email', username: 'a@b' });
        assertError(response, 400, 'validation_failed');
        assert.ok(response.body.error.fields.email);
        assert.ok(response.body.error.fields.username);
      });

      test('two concurrent setups with one token create exactly one administrator', async () => {
        const [first, second] = await Promise.all([
          setup({ token: server.setupToken, ...ADMIN }),
          setup({ token: server.setupToken, ...ADMIN, email: 'eve@example.com', username: 'eve' }),
        ]);
        assert.equal([first, second].filter((r) => r.status === 201).length, 1);
        const refused = first.status === 201 ? second : first;
        assert.ok(refused.body.error.code === 'setup_token_invalid' || refused.body.error.code === 'setup_completed');
        assert.equal(await countAdministrators(), 1);
      });

      test('a setup refused because the e-mail is taken leaves the token usable', async () => {
        // A user created from the command line before the first administrator (e.g. a sales rep).
        const users = createUserService({
          store: createUserStore(server.database.db),
          hasher: createPasswordHasher(),
          clock,
          random: systemRandom,
        });
        await users.createWithTemporaryPassword({ email: ADMIN.email, name: 'Someone', role: 'sales_rep', locale: 'en' });

        const taken = await setup({ token: server.setupToken, ...ADMIN });
        assertError(taken, 409, 'email_taken');
        const retried = await setup({ token: server.setupToken, ...ADMIN, email: 'ada.lovelace@example.com' });
        assert.equal(retried.status, 201, `the operator can correct the e-mail with the same link: ${retried.text}`);
      });
    });

    test('two concurrent setups with two valid links create exactly one administrator', async () => {
      // Each restart within the hour prints a new link while the older one stays valid.
      const racing = await startTestServer({ database, clock, hasher: createRendezvousHasher(createPasswordHasher(), 2) });
      try {
        const second = generateToken(systemRandom);
        await createSetupTokenStore(racing.database.db).insert(hashToken(second), clock.now(), clock.now() + SETUP_TOKEN_TTL_MILLISECONDS);
        const responses = await Promise.all([
          post(racing, '/api/setup', { json: { token: racing.setupToken, ...ADMIN } }),
          post(racing, '/api/setup', { json: { token: second, ...ADMIN, email: 'eve@example.com', username: 'eve' } }),
        ]);
        const admins = await racing.database.db.selectFrom('users').select('email').where('role', '=', 'admin').execute();
        assert.equal(admins.length, 1, `statuses ${responses.map((r) => r.status).join(', ')}; administrators ${admins.map((a) => a.email).join(', ')}`);
      } finally {
        await racing.close();
      }
    });
  });
}
