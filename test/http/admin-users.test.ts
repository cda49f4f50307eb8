import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { TEMPORARY_PASSWORD_TTL_MILLISECONDS } from '../../src/server/auth/passwords/temporary.ts';
import { createTestClock } from '../../src/server/infra/clock.ts';
import type { TestClock } from '../../src/server/infra/clock.ts';
import { ADMIN, assertError, completeSetup, createActiveUser, createUser, get, post, signIn } from '../support/http.ts';
import { DATABASES, startTestServer } from '../support/server.ts';
import type { TestServer } from '../support/server.ts';

const TEMPORARY_PASSWORD_FORMAT = /^[A-HJKMNP-Z2-9]{4}(-[A-HJKMNP-Z2-9]{4}){3}$/;
const BOB = { email: 'bob@example.com', name: 'Bob Builder', username: 'bob', role: 'sales_rep' };

for (const database of DATABASES) {
  describe(`user administration on ${database}`, () => {
    let server: TestServer;
    let clock: TestClock;
    let adminSession: string;

    beforeEach(async () => {
      clock = createTestClock();
      server = await startTestServer({ database, clock });
      adminSession = await completeSetup(server);
    });
    afterEach(() => server.close());

    const createRequest = (body: Record<string, unknown>, session = adminSession) => post(server, '/api/admin/users', { session, json: body });
    const userCount = async () => (await server.database.db.selectFrom('users').select('id').execute()).length;

    describe('successful user creation', () => {
      test('an administrator creates a user and receives a generated initial password once', async () => {
        const response = await createRequest(BOB);
        assert.equal(response.status, 201);
        const { user, temporaryPassword, temporaryPasswordExpiresAt } = response.body;
        assert.match(temporaryPassword, TEMPORARY_PASSWORD_FORMAT);
        assert.equal(temporaryPasswordExpiresAt, clock.now() + TEMPORARY_PASSWORD_TTL_MILLISECONDS);
        assert.equal(user.email, BOB.email);
        assert.equal(user.username, BOB.username);
        assert.equal(user.name, BOB.name);
        assert.equal(user.role, 'sales_rep');
        assert.equal(user.status, 'active');
        assert.equal(user.passwordChangeRequired, true);
        assert.equal(user.lastSignInAt, null);
        assert.equal(user.createdAt, clock.now());
        assert.match(user.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      });

      test('the initial password is never stored or shown again', async () => {
        const { temporaryPassword } = await createUser(server, adminSession, BOB);
        const list = await get(server, '/api/admin/users', { session: adminSession });
        assert.equal(list.status, 200);
        assert.ok(!list.text.includes(temporaryPassword));
        const row = await server.database.db.selectFrom('users').select('password_hash').where('email_normalized', '=', BOB.email).executeTakeFirstOrThrow();
        assert.match(row.password_hash, /^\$argon2id\$/);
        assert.ok(!row.password_hash.includes(temporaryPassword));
      });

      test('the user list shows every user, oldest first, without password hashes', async () => {
        clock.advance(1000);
        await createUser(server, adminSession, BOB);
        const list = await get(server, '/api/admin/users', { session: adminSession });
        assert.equal(list.status, 200);
        assert.deepEqual(list.body.data.map((u: { email: string }) => u.email), [ADMIN.email, BOB.email]);
        assert.doesNotMatch(list.text, /argon2|password_hash|passwordHash/);
      });

      test('a user without a username signs in by e-mail', async () => {
        const { temporaryPassword } = await createUser(server, adminSession, { email: 'carol@example.com', name: 'Carol', role: 'read_only' });
        const response = await signIn(server, 'carol@example.com', temporaryPassword);
        assert.equal(response.status, 200);
        assert.deepEqual(response.body, { status: 'password_change_required' });
      });

      test('every built-in role can be given', async () => {
        for (const role of ['admin', 'sales_manager', 'sales_rep', 'read_only']) {
          const response = await createRequest({ email: `${role}@example.com`, name: role, role });
          assert.equal(response.status, 201, response.text);
          assert.equal(response.body.user.role, role);
        }
      });

      test('a new user gets the language of the administrator who created them', async () => {
        await server.database.db.updateTable('users').set({ locale: 'zh-CN' }).where('email_normalized', '=', ADMIN.email).execute();
        const { user } = await createUser(server, adminSession, BOB);
        assert.equal(user.locale, 'zh-CN');
      });

      test('a user creation is written to the audit log with the administrator as actor', async () => {
        const { user } = await createUser(server, adminSession, BOB);
        const row = await server.database.db.selectFrom('audit_events').selectAll().where('event', '=', 'user.created').executeTakeFirstOrThrow();
        assert.equal(row.target_id, user.id);
        const admin = await server.database.db.selectFrom('users').select('id').where('email_normalized', '=', ADMIN.email).executeTakeFirstOrThrow();
        assert.equal(row.actor_id, admin.id);
      });
    });

    describe('failing user creation', () => {
      test('an e-mail already in use is refused, whatever its case', async () => {
        await createUser(server, adminSession, BOB);
        const response = await createRequest({ ...BOB, email: 'BOB@Example.com', username: 'bobby' });
        assertError(response, 409, 'email_taken');
        assert.deepEqual(response.body.error.fields, { email: 'taken' });
      });

      test("the administrator's own e-mail is refused", async () => {
        assertError(await createRequest({ ...BOB, email: ADMIN.email }), 409, 'email_taken');
      });

      test('a username already in use is refused, whatever its case', async () => {
        await createUser(server, adminSession, BOB);
        const response = await createRequest({ ...BOB, email: 'other@example.com', username: 'BOB' });
        assertError(response, 409, 'username_taken');
        assert.deepEqual(response.body.error.fields, { username: 'taken' });
        assert.equal(await userCount(), 2);
      });

      test('two concurrent creations of one e-mail create one user and refuse the other', async () => {
        const responses = await Promise.all([createRequest(BOB), createRequest({ ...BOB, username: 'bobby' })]);
        assert.deepEqual(responses.map((r) => r.status).sort(), [201, 409]);
        assertError(responses.find((r) => r.status === 409)!, 409, 'email_taken');
        assert.equal(await userCount(), 2);
      });

      test('an administrator cannot choose the password', async () => {
        const response = await createRequest({ ...BOB, password: 'chosen by the admin' });
        assertError(response, 400, 'validation_failed');
        assert.equal(response.body.error.fields.password, 'unknown field');
        assert.equal(await userCount(), 1);
      });

      test('fields outside the schema such as status are refused', async () => {
        const response = await createRequest({ ...BOB, status: 'active', mustChangePassword: false });
        assertError(response, 400, 'validation_failed');
        assert.equal(response.body.error.fields.status, 'unknown field');
        assert.equal(response.body.error.fields.mustChangePassword, 'unknown field');
        assert.equal(await userCount(), 1);
      });

      test('an unknown role is refused', async () => {
        const response = await createRequest({ ...BOB, role: 'superuser' });
        assertError(response, 400, 'validation_failed');
        assert.ok(response.body.error.fields.role);
      });

      test('a missing or invalid e-mail and name are refused and named', async () => {
        const response = await createRequest({ email: 'not an e-mail', name: '  ', role: 'sales_rep' });
        assertError(response, 400, 'validation_failed');
        assert.deepEqual(Object.keys(response.body.error.fields).sort(), ['email', 'name']);
      });

      test('a username that looks like an e-mail is refused', async () => {
        const response = await createRequest({ ...BOB, username: 'bob@example.com' });
        assertError(response, 400, 'validation_failed');
        assert.ok(response.body.error.fields.username);
      });

      test('without a session the user API answers 401', async () => {
        assertError(await get(server, '/api/admin/users'), 401, 'unauthenticated');
        assertError(await post(server, '/api/admin/users', { json: BOB }), 401, 'unauthenticated');
      });
    });

    describe('non-administrators', () => {
      for (const role of ['sales_manager', 'sales_rep', 'read_only']) {
        test(`a ${role} may neither list nor create users, and each refusal is audited`, async () => {
          const { session, user } = await createActiveUser(server, adminSession, { email: `${role}@example.com`, name: role, role }, 'a long enough password');

          const list = await get(server, '/api/admin/users', { session });
          assertError(list, 403, 'forbidden');
          assert.equal(list.body.error.permission, 'users.read');

          const create = await createRequest({ email: 'mallory@example.com', name: 'Mallory', role: 'admin' }, session);
          assertError(create, 403, 'forbidden');
          assert.equal(create.body.error.permission, 'users.manage');
          assert.equal(await userCount(), 2);

          const rows = await server.database.db
            .selectFrom('audit_events')
            .selectAll()
            .where('event', '=', 'request.forbidden')
            .orderBy('id')
            .execute();
          assert.deepEqual(
            rows.map((row) => [row.actor_id, JSON.parse(row.details).permission, JSON.parse(row.details).method]),
            [
              [user.id, 'users.read', 'GET'],
              [user.id, 'users.manage', 'POST'],
            ],
          );
        });
      }
    });
  });
}
