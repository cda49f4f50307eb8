/**
 * "I can't get in": requests filed by anyone (stored whether or not an account matches, the
 * owner of a real account mailed), their status by token, and the administrators' queue:
 * approve with a reset link to a chosen address or a temporary password (step-up, optionally
 * resetting second factors), reject with a reason, and a decision made only once.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { ADMIN, assertError } from '../support/http.ts';
import { auditEvents, Browser, createMember, DAY_MILLISECONDS, enrolTOTP, mailTo, MINUTE_MILLISECONDS, nextMessage, settleOutbox, startMFAServer } from '../support/mfa.ts';
import type { BrowserResponse, MFAContext, Member } from '../support/mfa.ts';
import { answersFor, setAnswers, setSecurityQuestionsEnabled, STEP_UP_EXPIRED_MILLISECONDS, stepUp } from '../support/recovery-extras.ts';
import { DATABASES } from '../support/server.ts';

const CONTACT = 'Call me on +86 139 0000 0000 or at frank.home@example.net';
const REQUESTS_PER_IDENTIFIER_PER_DAY = 3;
const REQUESTS_PER_ADDRESS_PER_DAY = 10;

for (const database of DATABASES) {
  describe(`assisted recovery on ${database}`, () => {
    let context: MFAContext;
    let member: Member;

    beforeEach(async () => {
      context = await startMFAServer(database);
      member = await createMember(context, { email: 'frank@example.com', username: 'frank' });
    });
    afterEach(() => context.close());

    const file = (identifier: unknown, extra: Record<string, unknown> = {}) =>
      new Browser(context.server).post('/api/auth/recovery/assisted', { identifier, message: 'I lost my phone and forgot my password.', contact: CONTACT, ...extra });
    const status = (statusToken: unknown) => new Browser(context.server).post('/api/auth/recovery/assisted/status', { statusToken });
    const list = async (query = '') => {
      const response = await context.admin.get(`/api/admin/recovery-requests${query}`);
      assert.equal(response.status, 200, response.text);
      return response.body.data;
    };
    const approve = (id: string, body: unknown, browser = context.admin) => browser.post(`/api/admin/recovery-requests/${id}/approve`, body);
    const reject = (id: string, body: unknown, browser = context.admin) => browser.post(`/api/admin/recovery-requests/${id}/reject`, body);

    /** Files a request (expects 202), waits for the work after the answer; answers its status token and the queued request. */
    async function filed(identifier: string, extra: Record<string, unknown> = {}): Promise<{ statusToken: string; request: any; response: BrowserResponse }> {
      const before = new Set((await list('?status=all')).map((r: { id: string }) => r.id));
      const response = await file(identifier, extra);
      assert.equal(response.status, 202, response.text);
      await context.server.whenIdle();
      const request = (await list('?status=all')).find((r: { id: string }) => !before.has(r.id));
      assert.ok(request, 'the new request is queued');
      assert.equal(request.identifier, identifier);
      return { statusToken: response.body.statusToken, request, response };
    }

    describe('filing', () => {
      test('a request for a real account is queued with the account, and its owner is mailed at the stored address', async () => {
        await settleOutbox(context);
        const since = context.mailbox.messages.length;
        const { statusToken, request, response } = await filed(member.email);
        assert.deepEqual(Object.keys(response.body).sort(), ['status', 'statusToken']);
        assert.equal(response.body.status, 'accepted');
        assert.equal(request.user.id, member.user.id);
        assert.equal(request.user.email, member.email);
        assert.equal(request.contact, CONTACT);
        assert.equal(request.status, 'pending');
        assert.equal(request.questionsPassed, false);
        assert.equal(typeof request.ip, 'string');
        assert.equal(request.decision, null);
        const mail = await nextMessage(context.mailbox, since, mailTo(member.email));
        assert.ok(!mail.text.includes(statusToken));
        assert.deepEqual((await status(statusToken)).body, { status: 'pending', decidedAt: null });
        assert.equal((await auditEvents(context, 'recovery.request_filed')).length, 1);
      });

      test('a request for no account gets the same answer, is stored with no account, and mails nobody', async () => {
        const known = await file(member.email);
        await context.server.whenIdle();
        await settleOutbox(context);
        const since = context.mailbox.messages.length;
        const { request, response } = await filed('nobody@example.com');
        assert.equal(response.status, known.status);
        assert.deepEqual(Object.keys(response.body).sort(), Object.keys(known.body).sort());
        assert.equal(response.body.statusToken.length, known.body.statusToken.length);
        assert.equal(request.user, null);
        await settleOutbox(context);
        assert.equal(context.mailbox.messages.length, since);
      });

      test('the queue lists pending requests newest first; all includes decided ones', async () => {
        const first = await filed(member.email);
        context.clock.advance(MINUTE_MILLISECONDS);
        const second = await filed('someone@example.com');
        assert.deepEqual((await list()).map((r: { id: string }) => r.id), [second.request.id, first.request.id]);
        assert.equal((await reject(second.request.id, { reason: 'Unknown person' })).status, 204);
        assert.deepEqual((await list('?status=pending')).map((r: { id: string }) => r.id), [first.request.id]);
        assert.deepEqual((await list('?status=all')).map((r: { id: string }) => r.id), [second.request.id, first.request.id]);
      });

      test('an unknown status token answers 404', async () => {
        assertError(await status('A'.repeat(43)), 404, 'not_found');
      });
    });

    describe('approving', () => {
      test('with a reset link: the link goes to the address stored on the account, the owner is told, the status says approved', async () => {
        const { statusToken, request } = await filed(member.email);
        await settleOutbox(context);
        const since = context.mailbox.messages.length;
        const approved = await approve(request.id, { action: 'reset_link', sendTo: member.email.toUpperCase(), resetMFA: false });
        assert.equal(approved.status, 200, approved.text);
        assert.deepEqual(approved.body, {});
        const link = await nextMessage(context.mailbox, since, (m) => mailTo(member.email)(m) && /reset-password#token=/.test(m.text));
        const token = /reset-password#token=([A-Za-z0-9_-]+)/.exec(link.text)![1];
        assert.equal((await new Browser(context.server).post('/api/auth/recovery/check', { token })).status, 200);
        const now = context.clock.now();
        assert.deepEqual((await status(statusToken)).body, { status: 'approved', decidedAt: now });
        const decided = (await list('?status=all'))[0];
        assert.equal(decided.status, 'approved');
        assert.equal(decided.decidedBy, (await context.admin.me()).body.user.id);
        assert.deepEqual(decided.decision, { action: 'reset_link', sentTo: member.email.toUpperCase(), mfaReset: false });
        assert.equal((await auditEvents(context, 'recovery.request_approved')).length, 1);
      });

      test('a reset link never goes to an address the account does not have (the impostor asks for their own)', async () => {
        const { statusToken, request } = await filed(member.email);
        assertError(
          await approve(request.id, { action: 'reset_link', sendTo: 'frank.home@example.net', resetMFA: false }),
          400,
          'recovery_send_to_not_stored',
        );
        assert.equal((await status(statusToken)).body.status, 'pending');
        assert.equal((await auditEvents(context, 'recovery.request_approved')).length, 0);
      });

      test('with a temporary password: answered once, and signing in with it asks for a new password', async () => {
        const { request } = await filed(member.email);
        const approved = await approve(request.id, { action: 'temporary_password', resetMFA: false });
        assert.equal(approved.status, 200, approved.text);
        assert.equal(typeof approved.body.temporaryPassword, 'string');
        assert.ok(approved.body.temporaryPasswordExpiresAt > context.clock.now());
        const signedIn = await new Browser(context.server).login(member.email, approved.body.temporaryPassword);
        assert.equal(signedIn.status, 200, signedIn.text);
        assert.equal(signedIn.body.status, 'password_change_required');
        assertError(await new Browser(context.server).login(member.email, member.password), 401, 'invalid_credentials');
      });

      test('with resetMFA the second factors are removed too', async () => {
        await enrolTOTP(context, member.browser);
        const { request } = await filed(member.email);
        assert.equal((await approve(request.id, { action: 'temporary_password', resetMFA: true })).status, 200);
        const users = await context.admin.get('/api/admin/users');
        const listed = users.body.data.find((u: { email: string }) => u.email === member.email);
        assert.deepEqual(listed.mfaMethods, []);
        assert.equal((await list('?status=all'))[0].decision.mfaReset, true);
      });

      test('approving needs a recent proof of identity', async () => {
        const { request } = await filed(member.email);
        context.clock.advance(STEP_UP_EXPIRED_MILLISECONDS);
        assertError(await approve(request.id, { action: 'temporary_password', resetMFA: false }), 403, 'reauth_required');
        assert.equal((await list())[0].status, 'pending');
        await stepUp(context.admin, ADMIN.password);
        assert.equal((await approve(request.id, { action: 'temporary_password', resetMFA: false })).status, 200);
      });

      test('a decided request answers 409 to a second approval or a rejection', async () => {
        const { request } = await filed(member.email);
        assert.equal((await approve(request.id, { action: 'temporary_password', resetMFA: false })).status, 200);
        assertError(await approve(request.id, { action: 'temporary_password', resetMFA: false }), 409, 'recovery_request_decided');
        assertError(await reject(request.id, { reason: 'too late' }), 409, 'recovery_request_decided');
      });

      test('two administrators approving at once: one wins, the other gets 409', async () => {
        const { request } = await filed(member.email);
        const answers = await Promise.all([
          approve(request.id, { action: 'temporary_password', resetMFA: false }),
          approve(request.id, { action: 'temporary_password', resetMFA: false }),
        ]);
        assert.deepEqual(answers.map((r) => r.status).sort(), [200, 409]);
        assert.equal((await auditEvents(context, 'password.temporary_issued')).length, 1);
      });

      test('a request that matched no account cannot be approved, only rejected', async () => {
        const { statusToken, request } = await filed('nobody@example.com');
        assertError(await approve(request.id, { action: 'reset_link', sendTo: 'nobody@example.com', resetMFA: false }), 409, 'recovery_request_no_account');
        assert.equal((await reject(request.id, { reason: 'No such colleague' })).status, 204);
        assert.equal((await status(statusToken)).body.status, 'rejected');
      });
    });

    describe('rejecting', () => {
      test('the reason is kept, the owner is told, the account does not change', async () => {
        const { statusToken, request } = await filed(member.email);
        await settleOutbox(context);
        const since = context.mailbox.messages.length;
        assert.equal((await reject(request.id, { reason: 'Could not confirm who called' })).status, 204);
        assert.deepEqual((await list('?status=all'))[0].decision, { reason: 'Could not confirm who called' });
        assert.deepEqual((await status(statusToken)).body, { status: 'rejected', decidedAt: context.clock.now() });
        await nextMessage(context.mailbox, since, mailTo(member.email));
        assert.equal((await new Browser(context.server).login(member.email, member.password)).status, 200);
        assert.equal((await auditEvents(context, 'recovery.request_rejected')).length, 1);
      });
    });

    describe('security questions first', () => {
      test('a request filed with an attempt whose answers were right shows it, once', async () => {
        await setSecurityQuestionsEnabled(context, true);
        await setAnswers(member);
        const started = await new Browser(context.server).post('/api/auth/recovery/questions', { identifier: member.email });
        const answered = await new Browser(context.server).post('/api/auth/recovery/questions/answer', {
          attempt: started.body.attempt,
          answers: answersFor(started.body.questions),
        });
        assert.deepEqual(answered.body, { status: 'assisted_request_needed' });
        assert.equal((await filed(member.email, { attempt: started.body.attempt })).request.questionsPassed, true);
        assert.equal((await filed(member.email, { attempt: started.body.attempt })).request.questionsPassed, false, 'an attempt vouches for one request');
      });

      test('an attempt with wrong answers, or for another identifier, vouches for nothing', async () => {
        await setSecurityQuestionsEnabled(context, true);
        await setAnswers(member);
        const started = await new Browser(context.server).post('/api/auth/recovery/questions', { identifier: member.email });
        await new Browser(context.server).post('/api/auth/recovery/questions/answer', { attempt: started.body.attempt, answers: answersFor(started.body.questions, { wrong: true }) });
        assert.equal((await filed(member.email, { attempt: started.body.attempt })).request.questionsPassed, false);
        const other = await new Browser(context.server).post('/api/auth/recovery/questions', { identifier: member.email });
        await new Browser(context.server).post('/api/auth/recovery/questions/answer', { attempt: other.body.attempt, answers: answersFor(other.body.questions) });
        assert.equal((await filed('frank', { attempt: other.body.attempt })).request.questionsPassed, false);
      });
    });

    describe('limits', () => {
      test('three requests a day per identifier, known or not', async () => {
        for (const identifier of [member.email, 'nobody@example.com']) {
          for (let i = 0; i < REQUESTS_PER_IDENTIFIER_PER_DAY; i++) assert.equal((await file(identifier)).status, 202);
          const limited = await file(identifier.toUpperCase());
          assertError(limited, 429, 'too_many_attempts');
          assert.ok(Number(limited.headers.get('retry-after')) > 0);
        }
        context.clock.advance(DAY_MILLISECONDS);
        assert.equal((await file(member.email)).status, 202);
      });

      test('ten requests a day per address', async () => {
        for (let i = 0; i < REQUESTS_PER_ADDRESS_PER_DAY; i++) assert.equal((await file(`person${i}@example.com`)).status, 202);
        assertError(await file('person-next@example.com'), 429, 'too_many_attempts');
      });
    });

    describe('who may decide', () => {
      test('a colleague without the right gets 403 on the queue and on decisions', async () => {
        const { request } = await filed(member.email);
        assertError(await member.browser.get('/api/admin/recovery-requests'), 403, 'forbidden');
        assertError(await approve(request.id, { action: 'temporary_password', resetMFA: false }, member.browser), 403, 'forbidden');
        assertError(await reject(request.id, { reason: 'x' }, member.browser), 403, 'forbidden');
        assertError(await new Browser(context.server).get('/api/admin/recovery-requests'), 401, 'unauthenticated');
      });
    });

    describe('malformed input', () => {
      test('answers 400 (or 404 for an unknown request), never 500', async () => {
        const bodies: unknown[] = [
          {},
          { identifier: member.email, contact: CONTACT },
          { identifier: member.email, message: 'help', contact: 'x' },
          { identifier: member.email, message: '', contact: CONTACT },
          { identifier: member.email, message: 'm'.repeat(2001), contact: CONTACT },
          { identifier: member.email, message: 'help', contact: CONTACT, userId: member.user.id },
          { identifier: member.email, message: 'help', contact: CONTACT, attempt: '' },
        ];
        for (const json of bodies) assertError(await new Browser(context.server).post('/api/auth/recovery/assisted', json), 400, 'validation_failed');
        for (const json of [{}, { statusToken: '' }, { statusToken: 'x', extra: 1 }]) {
          assertError(await new Browser(context.server).post('/api/auth/recovery/assisted/status', json), 400, 'validation_failed');
        }
        const { request } = await filed(member.email);
        const approvals: unknown[] = [
          {},
          { action: 'reset_link', resetMFA: false },
          { action: 'reset_link', sendTo: 'not an address', resetMFA: false },
          { action: 'temporary_password', resetMFA: false, sendTo: 'a@example.com' },
          { action: 'delete_account', resetMFA: false },
          { action: 'temporary_password', resetMFA: 'yes' },
        ];
        for (const json of approvals) assertError(await approve(request.id, json), 400, 'validation_failed');
        for (const json of [{}, { reason: '' }, { reason: 'x'.repeat(501) }]) assertError(await reject(request.id, json), 400, 'validation_failed');
        assertError(await context.admin.get('/api/admin/recovery-requests?status=bogus'), 400, 'validation_failed');
        assertError(await approve('no-such-request', { action: 'temporary_password', resetMFA: false }), 404, 'not_found');
        assertError(await reject('no-such-request', { reason: 'x' }), 404, 'not_found');
        assert.equal((await list())[0].status, 'pending');
      });
    });
  });
}
