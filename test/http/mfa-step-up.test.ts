/**
 * Step-up (re-authentication): removing a factor or making new recovery codes needs a proof
 * from the last ten minutes; a fresh proof rotates the session token. The owner is e-mailed
 * when a factor is added or removed.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { assertError } from '../support/http.ts';
import {
  Browser,
  createMember,
  enrolEmail,
  enrolTOTP,
  mailCodeFrom,
  mailTo,
  nextMessage,
  REAUTH_WINDOW_MILLISECONDS,
  settleOutbox,
  signInWithTOTP,
  startMFAServer,
  TOTP_STEP_MILLISECONDS,
  totpCode,
} from '../support/mfa.ts';
import type { MFAContext, Member } from '../support/mfa.ts';
import { DATABASES } from '../support/server.ts';

for (const database of DATABASES) {
  describe(`step-up on ${database}`, () => {
    let context: MFAContext;
    let member: Member;
    let secret: string;
    let factorId: string;
    /** Signed in with password and authenticator code, then left alone for more than ten minutes. */
    let stale: Browser;

    beforeEach(async () => {
      context = await startMFAServer(database);
      member = await createMember(context, { email: 'bob@example.com' });
      const enrolment = await enrolTOTP(context, member.browser);
      secret = enrolment.secret;
      factorId = enrolment.factor.id;
      stale = await signInWithTOTP(context, member.email, member.password, secret);
      context.clock.advance(REAUTH_WINDOW_MILLISECONDS + 1000);
    });
    afterEach(() => context.close());

    const removeFactor = (browser: Browser, id = factorId) => browser.delete(`/api/account/mfa/factors/${id}`);

    describe('successful step-up', () => {
      test('within ten minutes of signing in, a factor is removed without a new proof', async () => {
        const fresh = await signInWithTOTP(context, member.email, member.password, secret);
        const response = await removeFactor(fresh);
        assert.equal(response.status, 204, response.text);
        assert.deepEqual((await fresh.mfa()).body.factors, []);
      });

      test('the password gives a fresh proof, a new session token, and the removal then works', async () => {
        const oldToken = stale.session!;
        const reauth = await stale.post('/api/auth/reauth', { password: member.password });
        assert.equal(reauth.status, 200, reauth.text);
        assert.equal(reauth.body.reauthenticatedUntil, context.clock.now() + REAUTH_WINDOW_MILLISECONDS);
        assert.ok(reauth.session, 'a fresh session cookie');
        assert.notEqual(reauth.session, oldToken);
        const old = new Browser(context.server);
        old.setCookie('session', oldToken);
        assertError(await old.me(), 401, 'unauthenticated');
        assert.equal((await stale.mfa()).body.reauthenticatedUntil, reauth.body.reauthenticatedUntil);
        assert.equal((await removeFactor(stale)).status, 204);
      });

      test('an authenticator code gives a fresh proof', async () => {
        context.clock.advance(TOTP_STEP_MILLISECONDS);
        const reauth = await stale.post('/api/auth/reauth', { method: 'totp', code: await totpCode(context, secret) });
        assert.equal(reauth.status, 200, reauth.text);
        assert.ok(reauth.session);
        assert.equal((await stale.post('/api/account/mfa/recovery-codes')).status, 200);
      });

      test('an e-mailed code gives a fresh proof', async () => {
        const fresh = await signInWithTOTP(context, member.email, member.password, secret);
        await enrolEmail(context, fresh, member.email);
        context.clock.advance(REAUTH_WINDOW_MILLISECONDS + 1000);
        const { code } = await mailCodeFrom(context, member.email, () => fresh.post('/api/auth/reauth/send', { method: 'email' }));
        const reauth = await fresh.post('/api/auth/reauth', { method: 'email', code });
        assert.equal(reauth.status, 200, reauth.text);
        assert.equal((await removeFactor(fresh)).status, 204);
      });

      test('the owner is e-mailed when a factor is added and when it is removed', async () => {
        await settleOutbox(context);
        // enrolTOTP in beforeEach sent the "added" mail already; check it is there.
        assert.ok(context.mailbox.messages.some(mailTo(member.email)), 'a mail about the added factor');
        const since = context.mailbox.messages.length;
        await stale.post('/api/auth/reauth', { password: member.password });
        assert.equal((await removeFactor(stale)).status, 204);
        const removed = await nextMessage(context.mailbox, since, mailTo(member.email));
        assert.ok(removed.subject.length > 0);
      });

      test('adding and removing a factor are audited', async () => {
        await stale.post('/api/auth/reauth', { password: member.password });
        await removeFactor(stale);
        const events = await context.server.database.db
          .selectFrom('audit_events')
          .select(['event', 'target_id'])
          .where('event', 'in', ['mfa.factor_added', 'mfa.factor_removed', 'reauth.succeeded'])
          .orderBy('id')
          .execute();
        assert.deepEqual(events.map((e) => e.event), ['mfa.factor_added', 'reauth.succeeded', 'mfa.factor_removed']);
        assert.ok(events.every((e) => e.target_id === member.user.id));
      });
    });

    describe('failing step-up', () => {
      test('more than ten minutes after signing in, removing a factor answers 403 reauth_required', async () => {
        assertError(await removeFactor(stale), 403, 'reauth_required');
        assert.equal((await stale.mfa()).body.factors.length, 1);
        assert.equal((await stale.mfa()).body.reauthenticatedUntil, null);
      });

      test('more than ten minutes after signing in, new recovery codes answer 403 reauth_required', async () => {
        assertError(await stale.post('/api/account/mfa/recovery-codes'), 403, 'reauth_required');
      });

      test('a wrong password gives no proof and keeps the session token', async () => {
        const token = stale.session;
        const response = await stale.post('/api/auth/reauth', { password: 'not my password at all' });
        assert.equal(response.status, 401, response.text);
        assert.equal(response.session, null);
        assert.equal(stale.session, token);
        assertError(await removeFactor(stale), 403, 'reauth_required');
      });

      test('a wrong authenticator code gives no proof', async () => {
        context.clock.advance(TOTP_STEP_MILLISECONDS);
        const right = await totpCode(context, secret);
        assertError(await stale.post('/api/auth/reauth', { method: 'totp', code: right === '000000' ? '111111' : '000000' }), 401, 'mfa_code_invalid');
        assertError(await removeFactor(stale), 403, 'reauth_required');
      });

      test('the proof lasts ten minutes', async () => {
        await stale.post('/api/auth/reauth', { password: member.password });
        context.clock.advance(REAUTH_WINDOW_MILLISECONDS + 1000);
        assertError(await removeFactor(stale), 403, 'reauth_required');
      });

      test('the proof belongs to its session: another session of the same person still needs one', async () => {
        const other = await signInWithTOTP(context, member.email, member.password, secret);
        context.clock.advance(REAUTH_WINDOW_MILLISECONDS + 1000);
        await stale.post('/api/auth/reauth', { password: member.password });
        assertError(await removeFactor(other), 403, 'reauth_required');
      });

      test('re-authenticating needs a session', async () => {
        assertError(await new Browser(context.server).post('/api/auth/reauth', { password: member.password }), 401, 'unauthenticated');
      });

      test("a factor of another person cannot be removed (404), even with a fresh proof", async () => {
        const other = await createMember(context, { email: 'carol@example.com' });
        const { factor } = await enrolTOTP(context, other.browser);
        await stale.post('/api/auth/reauth', { password: member.password });
        assertError(await removeFactor(stale, factor.id), 404, 'not_found');
        assert.equal((await other.browser.mfa()).body.factors.length, 1);
      });
    });
  });
}
