/**
 * What an administrator does for a person who cannot get in (docs/recovery-api.md,
 * "Administrators"): mail a reset link, issue a temporary password (step-up), unlock,
 * disable / enable, end every session. Refusals: no users.manage (403), unknown user (404),
 * malformed ids and bodies (400), oneself (409). Every action is in the audit log.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { assertError } from '../support/http.ts';
import { Browser, createMember, MINUTE_MILLISECONDS, REAUTH_WINDOW_MILLISECONDS } from '../support/mfa.ts';
import type { BrowserResponse, Member } from '../support/mfa.ts';
import {
  adminUserId,
  auditRows,
  checkLink,
  failSignIns,
  listedUser,
  NEW_PASSWORD,
  nextResetMail,
  requestReset,
  resetPassword,
  setRecoverySettings,
  settle,
  startRecoveryServer,
  stepUp,
  tableText,
  TEMPORARY_PASSWORD_MILLISECONDS,
  TEMPORARY_PASSWORD_PATTERN,
} from '../support/recovery.ts';
import type { RecoveryContext } from '../support/recovery.ts';
import { DATABASES } from '../support/server.ts';

const BOB = { email: 'bob@example.com', username: 'bob', name: 'Bob' };
const CAROL = { email: 'carol@example.com', name: 'Carol' };
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

type Action = { name: string; method: 'POST' | 'DELETE'; path: (id: string) => string; ok: number };

const ACTIONS: readonly Action[] = [
  { name: 'send a reset link', method: 'POST', path: (id) => `/api/admin/users/${id}/reset-link`, ok: 202 },
  { name: 'issue a temporary password', method: 'POST', path: (id) => `/api/admin/users/${id}/temporary-password`, ok: 200 },
  { name: 'unlock', method: 'POST', path: (id) => `/api/admin/users/${id}/unlock`, ok: 204 },
  { name: 'disable', method: 'POST', path: (id) => `/api/admin/users/${id}/disable`, ok: 204 },
  { name: 'enable', method: 'POST', path: (id) => `/api/admin/users/${id}/enable`, ok: 204 },
  { name: 'end all sessions', method: 'DELETE', path: (id) => `/api/admin/users/${id}/sessions`, ok: 204 },
];

for (const database of DATABASES) {
  describe(`administrators' account actions on ${database}`, () => {
    let context: RecoveryContext;
    let member: Member;

    beforeEach(async () => {
      context = await startRecoveryServer(database);
      member = await createMember(context, BOB);
      await settle(context);
    });
    afterEach(() => context.close());

    const act = (browser: Browser, action: Action, id: string, options: { json?: unknown; origin?: string | null } = {}): Promise<BrowserResponse> =>
      browser.request(action.method, action.path(id), options);
    const action = (name: string): Action => ACTIONS.find((a) => a.name === name)!;
    const signIn = (identifier: string, password: string) => new Browser(context.server).login(identifier, password);

    describe('reset link', () => {
      test("mails a working reset link to the user's stored e-mail", async () => {
        const since = context.mailbox.messages.length;
        const sent = await act(context.admin, action('send a reset link'), member.user.id);
        assert.equal(sent.status, 202, sent.text);
        const { mail, token } = await nextResetMail(context, BOB.email, since);
        assert.deepEqual(mail.to, [BOB.email]);
        assert.equal((await checkLink(context, token)).status, 200);
        assert.equal((await signIn(BOB.email, member.password)).status, 200, 'the password is unchanged until the reset');
        const [row] = await context.server.database.db.selectFrom('password_reset_tokens').selectAll().where('user_id', '=', member.user.id).execute();
        assert.equal(row?.issued_by, 'admin');
        assert.equal(row?.sent_to, BOB.email);
        const reset = await resetPassword(context, token, NEW_PASSWORD);
        assert.equal(reset.status, 200, reset.text);
        assert.equal((await signIn(BOB.email, NEW_PASSWORD)).status, 200);
      });

      test("a newer link from the administrator voids the person's own", async () => {
        let since = context.mailbox.messages.length;
        assert.equal((await requestReset(context, BOB.email)).status, 202);
        const own = (await nextResetMail(context, BOB.email, since)).token;
        since = context.mailbox.messages.length;
        assert.equal((await act(context.admin, action('send a reset link'), member.user.id)).status, 202);
        const admins = (await nextResetMail(context, BOB.email, since)).token;
        assertError(await checkLink(context, own), 410, 'reset_link_invalid');
        assert.equal((await checkLink(context, admins)).status, 200);
      });
    });

    describe('temporary password', () => {
      test('is shown once, valid 72 hours, ends the sessions and must be changed at sign-in', async () => {
        const issuedAt = context.clock.now();
        const issued = await act(context.admin, action('issue a temporary password'), member.user.id);
        assert.equal(issued.status, 200, issued.text);
        assert.deepEqual(Object.keys(issued.body).sort(), ['temporaryPassword', 'temporaryPasswordExpiresAt']);
        const { temporaryPassword, temporaryPasswordExpiresAt } = issued.body;
        assert.match(temporaryPassword, TEMPORARY_PASSWORD_PATTERN);
        assert.equal(temporaryPasswordExpiresAt, issuedAt + TEMPORARY_PASSWORD_MILLISECONDS);

        assertError(await member.browser.me(), 401, 'unauthenticated');
        assertError(await signIn(BOB.email, member.password), 401, 'invalid_credentials');
        const browser = new Browser(context.server);
        const first = await browser.login(BOB.email, temporaryPassword);
        assert.equal(first.status, 200, first.text);
        assert.deepEqual(first.body, { status: 'password_change_required' });
        const changed = await browser.post('/api/auth/password/change', { currentPassword: temporaryPassword, newPassword: NEW_PASSWORD });
        assert.equal(changed.status, 200, changed.text);
        assert.deepEqual((await signIn(BOB.email, NEW_PASSWORD)).body, { status: 'signed_in' });

        // Shown once: nowhere to read it again.
        const list = await context.admin.get('/api/admin/users');
        assert.ok(!list.text.includes(temporaryPassword), 'not in the user list');
        assert.ok(!(await tableText(context, 'audit_events')).includes(temporaryPassword), 'not in the audit log');
        assert.ok(!(await tableText(context, 'messages')).includes(temporaryPassword), 'not mailed or kept in the outbox');
      });

      test('works until 72 hours are over, then answers 401 temporary_password_expired', async () => {
        const issued = await act(context.admin, action('issue a temporary password'), member.user.id);
        const { temporaryPassword } = issued.body;
        context.clock.advance(TEMPORARY_PASSWORD_MILLISECONDS - MINUTE_MILLISECONDS);
        assert.deepEqual((await signIn(BOB.email, temporaryPassword)).body, { status: 'password_change_required' });
        context.clock.advance(MINUTE_MILLISECONDS);
        assertError(await signIn(BOB.email, temporaryPassword), 401, 'temporary_password_expired');
      });

      test('needs a fresh proof: 403 reauth_required without one, then it works after re-authenticating', async () => {
        context.clock.advance(REAUTH_WINDOW_MILLISECONDS + MINUTE_MILLISECONDS);
        const refused = await act(context.admin, action('issue a temporary password'), member.user.id);
        assertError(refused, 403, 'reauth_required');
        assert.equal((await member.browser.me()).status, 200, 'nothing happened to the user');
        assert.equal((await signIn(BOB.email, member.password)).status, 200);
        await stepUp(context.admin);
        assert.equal((await act(context.admin, action('issue a temporary password'), member.user.id)).status, 200);
      });
    });

    describe('unlock', () => {
      test('clears the hard lock; the list shows lockedAt until then', async () => {
        await setRecoverySettings(context, { pauseAfterFailures: 3, lockAfterFailures: 5 });
        await failSignIns(context, BOB.email, 5);
        assertError(await signIn(BOB.email, member.password), 423, 'account_locked');
        assert.equal(typeof (await listedUser(context, BOB.email)).lockedAt, 'number');
        const unlocked = await act(context.admin, action('unlock'), member.user.id);
        assert.equal(unlocked.status, 204, unlocked.text);
        assert.equal(unlocked.text, '');
        assert.equal((await listedUser(context, BOB.email)).lockedAt, null);
        assert.equal((await signIn(BOB.email, member.password)).status, 200);
        await settle(context);
        assert.ok(
          context.mailbox.messages.some((m) => m.to.includes(BOB.email) && m.subject === 'Cairn: your account was unlocked'),
          'the owner is told',
        );
      });

      test('unlocking an account that is not locked answers 204, changes nothing and mails nobody', async () => {
        await settle(context);
        const since = context.mailbox.messages.length;
        assert.equal((await act(context.admin, action('unlock'), member.user.id)).status, 204);
        assert.equal((await member.browser.me()).status, 200);
        await settle(context);
        assert.deepEqual(context.mailbox.messages.slice(since).map((m) => m.subject), []);
      });
    });

    describe('disable and enable', () => {
      test('disabling ends every session at once and refuses sign-in with account_disabled; enabling lets the person in again', async () => {
        const second = new Browser(context.server);
        assert.equal((await second.login(BOB.email, member.password)).status, 200);
        const disabled = await act(context.admin, action('disable'), member.user.id);
        assert.equal(disabled.status, 204, disabled.text);
        assertError(await member.browser.me(), 401, 'unauthenticated');
        assertError(await second.me(), 401, 'unauthenticated');
        const refused = await signIn(BOB.email, member.password);
        assertError(refused, 403, 'account_disabled');
        assert.equal(refused.session, null);
        assertError(await signIn(BOB.email, 'a wrong password'), 401, 'invalid_credentials');
        assert.equal((await listedUser(context, BOB.email)).status, 'disabled');

        const enabled = await act(context.admin, action('enable'), member.user.id);
        assert.equal(enabled.status, 204, enabled.text);
        assert.equal((await listedUser(context, BOB.email)).status, 'active');
        assert.deepEqual((await signIn(BOB.email, member.password)).body, { status: 'signed_in' });
      });

      test('the owner is told of a disabled account, which then gets no reset mail', async () => {
        const told = context.mailbox.messages.length;
        assert.equal((await act(context.admin, action('disable'), member.user.id)).status, 204);
        await settle(context);
        const notices = context.mailbox.messages.slice(told).filter((m) => m.to.includes(BOB.email));
        assert.deepEqual(notices.map((m) => m.subject), ['Cairn: your account was disabled']);
        const since = context.mailbox.messages.length;
        assert.equal((await requestReset(context, BOB.email)).status, 202);
        // The sentinel: the administrator's own reset mail.
        const before = context.mailbox.messages.length;
        const adminEmail = (await context.admin.me()).body.user.email;
        assert.equal((await requestReset(context, adminEmail)).status, 202);
        const sentinel = await nextResetMail(context, adminEmail, before);
        await settle(context);
        assert.deepEqual(context.mailbox.messages.slice(since).filter((m) => m !== sentinel.mail).map((m) => m.to), []);
      });

      test('an administrator cannot disable themselves (409 cannot_change_own_account)', async () => {
        const self = await adminUserId(context);
        assertError(await act(context.admin, action('disable'), self), 409, 'cannot_change_own_account');
        assert.equal((await context.admin.me()).status, 200, 'still signed in');
        assert.equal((await listedUser(context, (await context.admin.me()).body.user.email)).status, 'active');
      });
    });

    describe('end all sessions', () => {
      test("ends every session of the user and no one else's; the person can sign in again", async () => {
        const second = new Browser(context.server);
        assert.equal((await second.login(BOB.email, member.password)).status, 200);
        const ended = await act(context.admin, action('end all sessions'), member.user.id);
        assert.equal(ended.status, 204, ended.text);
        assertError(await member.browser.me(), 401, 'unauthenticated');
        assertError(await second.me(), 401, 'unauthenticated');
        assert.equal((await context.admin.me()).status, 200);
        assert.equal((await signIn(BOB.email, member.password)).status, 200);
      });
    });

    describe('refusals', () => {
      test('a person without users.manage gets 403 forbidden for every action, and nothing happens', async () => {
        const carol = await createMember(context, { ...CAROL, role: 'sales_manager' });
        for (const each of ACTIONS) {
          const response = await act(carol.browser, each, member.user.id);
          assertError(response, 403, 'forbidden');
          assert.equal(response.body.error.permission, 'users.manage', each.name);
        }
        assert.equal((await member.browser.me()).status, 200, 'Bob is still signed in');
        assert.equal((await listedUser(context, BOB.email)).status, 'active');
      });

      test('signed out, every action answers 401', async () => {
        for (const each of ACTIONS) assertError(await act(new Browser(context.server), each, member.user.id), 401, 'unauthenticated');
      });

      test('an unknown user answers 404 for every action', async () => {
        for (const each of ACTIONS) assertError(await act(context.admin, each, UNKNOWN_ID), 404, 'not_found');
      });

      test('a malformed id answers 400 for every action', async () => {
        for (const each of ACTIONS) assertError(await act(context.admin, each, 'x'.repeat(65)), 400, 'validation_failed');
      });

      test('a body with fields answers 400 and nothing happens', async () => {
        // DESIGN.md: request schemas are strict, for actions without parameters too (an empty object or no body).
        for (const each of ACTIONS) {
          const response = await act(context.admin, each, member.user.id, { json: { userId: member.user.id, force: true } });
          assert.equal(response.status, 400, `${each.name}: ${response.status} ${response.text}`);
          assertError(response, 400, 'validation_failed');
        }
        assert.equal((await member.browser.me()).status, 200);
        assertError(
          await context.admin.request('POST', action('disable').path(member.user.id), { rawBody: '{"not json', contentType: 'application/json' }),
          400,
          'malformed_json',
        );
        assert.equal((await listedUser(context, BOB.email)).status, 'active');
      });

      test('every action needs the Origin header (403 csrf_rejected)', async () => {
        for (const each of ACTIONS) assertError(await act(context.admin, each, member.user.id, { origin: null }), 403, 'csrf_rejected');
        assert.equal((await member.browser.me()).status, 200);
      });
    });

    describe('audit', () => {
      test('every action is in the audit log with the administrator as actor and the user as target', async () => {
        const adminId = await adminUserId(context);
        for (const each of ACTIONS) {
          const response = await act(context.admin, each, member.user.id);
          assert.equal(response.status, each.ok, `${each.name}: ${response.text}`);
        }
        await settle(context);
        const expected = [
          'password.reset_link_sent',
          'password.temporary_issued',
          'account.unlocked',
          'account.disabled',
          'account.enabled',
          'sessions.revoked_by_admin',
        ];
        const rows = await auditRows(context, expected);
        for (const event of expected) {
          const row = rows.find((r) => r.event === event && r.target_id === member.user.id);
          assert.ok(row, `${event} is audited: ${JSON.stringify(rows.map((r) => [r.event, r.target_id]))}`);
          assert.equal(row.actor_id, adminId, `${event} names the administrator`);
          assert.ok(row.ip, `${event} has the client address`);
        }
      });
    });
  });
}
