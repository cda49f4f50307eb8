/**
 * Threat: a second-factor code or a half-finished sign-in used for something it was not made
 * for — a replayed authenticator code, a code sent for one sign-in or purpose used in another,
 * a pending sign-in cookie used as if it were a session, codes readable in the database.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { assertError } from '../support/http.ts';
import {
  Browser,
  cookieName,
  createMember,
  enrolEmail,
  enrolSMS,
  enrolTOTP,
  mailCodeFrom,
  PHONE,
  signInToSecondStep,
  smsCodeFrom,
  startMFAServer,
  TOTP_STEP_MILLISECONDS,
  totpCode,
} from '../support/mfa.ts';
import type { MFAContext, Member } from '../support/mfa.ts';
import { DATABASES } from '../support/server.ts';

for (const database of DATABASES) {
  describe(`second-factor code misuse on ${database}`, () => {
    let context: MFAContext;
    let member: Member;

    beforeEach(async () => {
      context = await startMFAServer(database);
      member = await createMember(context, { email: 'bob@example.com' });
    });
    afterEach(() => context.close());

    describe('authenticator code replay', () => {
      test('an authenticator code that signed in once is refused for a second sign-in in the same time step', async () => {
        const { secret } = await enrolTOTP(context, member.browser);
        const code = await totpCode(context, secret);
        const first = await signInToSecondStep(context, member.email, member.password);
        const second = await signInToSecondStep(context, member.email, member.password);
        assert.equal((await first.browser.verify({ method: 'totp', code })).status, 200);
        assertError(await second.browser.verify({ method: 'totp', code }), 401, 'mfa_code_invalid');
        assert.equal(second.browser.session, undefined);
      });

      test('an older code is refused once a newer one was used', async () => {
        const { secret } = await enrolTOTP(context, member.browser);
        const older = await totpCode(context, secret);
        context.clock.advance(TOTP_STEP_MILLISECONDS);
        const first = await signInToSecondStep(context, member.email, member.password);
        assert.equal((await first.browser.verify({ method: 'totp', code: await totpCode(context, secret) })).status, 200);
        const second = await signInToSecondStep(context, member.email, member.password);
        assertError(await second.browser.verify({ method: 'totp', code: older }), 401, 'mfa_code_invalid');
      });

      test('the code that confirmed the enrolment cannot sign in', async () => {
        const started = await member.browser.post('/api/account/mfa/totp');
        const code = await totpCode(context, started.body.secret);
        assert.equal((await member.browser.post('/api/account/mfa/totp/confirm', { code })).status, 200);
        const { browser } = await signInToSecondStep(context, member.email, member.password);
        assertError(await browser.verify({ method: 'totp', code }), 401, 'mfa_code_invalid');
      });

      test('two concurrent verifications of one code give exactly one session', async () => {
        const { secret } = await enrolTOTP(context, member.browser);
        const attempts = await Promise.all([0, 1, 2, 3].map(() => signInToSecondStep(context, member.email, member.password)));
        const code = await totpCode(context, secret);
        const responses = await Promise.all(attempts.map(({ browser }) => browser.verify({ method: 'totp', code })));
        assert.deepEqual(responses.map((r) => r.status).sort(), [200, 401, 401, 401], responses.map((r) => r.text).join('\n'));
      });
    });

    describe('the pending sign-in grants nothing else', () => {
      test('with only the pending cookie, account and admin routes answer 401', async () => {
        // The administrator enrols, so the pending sign-in belongs to someone with every right.
        const { secret } = await enrolTOTP(context, context.admin);
        assert.ok(secret);
        const { browser } = await signInToSecondStep(context, 'ada@example.com', 'correct horse battery staple');
        assertError(await browser.me(), 401, 'unauthenticated');
        assertError(await browser.mfa(), 401, 'unauthenticated');
        assertError(await browser.post('/api/account/mfa/totp'), 401, 'unauthenticated');
        assertError(await browser.post('/api/account/mfa/recovery-codes'), 401, 'unauthenticated');
        assertError(await browser.get('/api/admin/users'), 401, 'unauthenticated');
        assertError(await browser.post('/api/admin/users', { email: 'eve@example.com', name: 'Eve', role: 'admin' }), 401, 'unauthenticated');
        assertError(await browser.get('/api/admin/settings/mfa'), 401, 'unauthenticated');
        assertError(await browser.post('/api/auth/reauth', { password: 'correct horse battery staple' }), 401, 'unauthenticated');
        assertError(await browser.post('/api/auth/password/change', { currentPassword: 'correct horse battery staple', newPassword: 'a brand new password here' }), 401, 'unauthenticated');
      });

      test('the pending token presented as a session cookie is refused', async () => {
        await enrolTOTP(context, member.browser);
        const { browser } = await signInToSecondStep(context, member.email, member.password);
        const forged = new Browser(context.server, { [cookieName(context.server, 'session')]: browser.cookie('pending')! });
        assertError(await forged.me(), 401, 'unauthenticated');
        assertError(await forged.mfa(), 401, 'unauthenticated');
      });

      test('a session token presented as a pending cookie is refused', async () => {
        const { secret } = await enrolTOTP(context, member.browser);
        const forged = new Browser(context.server, { [cookieName(context.server, 'pending')]: member.browser.session! });
        const response = await forged.verify({ method: 'totp', code: await totpCode(context, secret) });
        assertError(response, 401, 'mfa_sign_in_expired');
        assert.equal(forged.session, undefined);
      });

      test('the database keeps only a hash of the pending sign-in token', async () => {
        await enrolTOTP(context, member.browser);
        const { browser } = await signInToSecondStep(context, member.email, member.password);
        const rows = await context.server.database.db.selectFrom('pending_sign_ins').select('id').execute();
        assert.equal(rows.length, 1);
        assert.notEqual(rows[0]!.id, browser.cookie('pending'));
        assert.ok(!JSON.stringify(rows).includes(browser.cookie('pending')!));
      });

      test('verifying the second step without the Origin header is refused', async () => {
        const { secret } = await enrolTOTP(context, member.browser);
        const { browser } = await signInToSecondStep(context, member.email, member.password);
        const response = await browser.post('/api/auth/mfa/verify', { method: 'totp', code: await totpCode(context, secret) }, { origin: null });
        assertError(response, 403, 'csrf_rejected');
        assert.equal(browser.session, undefined);
      });
    });

    describe('codes sent by SMS and e-mail are bound to one sign-in and one purpose', () => {
      // A sign-in with no live code of its own answers mfa_code_expired ("send a new one"); one
      // with its own code answers mfa_code_invalid. Either way the foreign code opens nothing.
      test('a code sent for one pending sign-in does not work for another', async () => {
        await enrolSMS(context, member.browser);
        const first = await signInToSecondStep(context, member.email, member.password);
        const second = await signInToSecondStep(context, member.email, member.password);
        const { code } = await smsCodeFrom(context, PHONE.e164, () => first.browser.post('/api/auth/mfa/send', { method: 'sms' }));
        assertError(await second.browser.verify({ method: 'sms', code }), 401, 'mfa_code_expired');
        const own = await smsCodeFrom(context, PHONE.e164, () => second.browser.post('/api/auth/mfa/send', { method: 'sms' }));
        if (own.code !== code) assertError(await second.browser.verify({ method: 'sms', code }), 401, 'mfa_code_invalid');
        assert.equal(second.browser.session, undefined);
        const response = await first.browser.verify({ method: 'sms', code });
        assert.equal(response.status, 200, 'the code still works where it was sent');
      });

      test('a code sent to confirm a new phone does not sign in', async () => {
        await enrolTOTP(context, member.browser);
        // The phone is being set up, not confirmed: its code is for the enrolment only.
        const { code } = await smsCodeFrom(context, PHONE.e164, () => member.browser.post('/api/account/mfa/sms', { phone: PHONE.entered }));
        const { browser, answer } = await signInToSecondStep(context, member.email, member.password);
        assert.ok(!answer.methods.includes('sms'), 'an unconfirmed phone is not offered');
        const response = await browser.verify({ method: 'sms', code });
        assert.ok([400, 401].includes(response.status), response.text);
        assert.equal(browser.session, undefined);
      });

      test('a code sent to confirm a replaced phone does not sign in', async () => {
        await enrolSMS(context, member.browser);
        // A fresh session may replace its phone (here with the same number) without a step-up.
        const { code } = await smsCodeFrom(context, PHONE.e164, () => member.browser.post('/api/account/mfa/sms', { phone: PHONE.entered }));
        const { browser } = await signInToSecondStep(context, member.email, member.password);
        const own = await smsCodeFrom(context, PHONE.e164, () => browser.post('/api/auth/mfa/send', { method: 'sms' }));
        if (own.code !== code) assertError(await browser.verify({ method: 'sms', code }), 401, 'mfa_code_invalid');
        assert.equal(browser.session, undefined);
      });

      test('a sign-in code does not confirm an enrolment', async () => {
        await enrolEmail(context, member.browser, member.email);
        const { browser } = await signInToSecondStep(context, member.email, member.password);
        const { code } = await mailCodeFrom(context, member.email, () => browser.post('/api/auth/mfa/send', { method: 'email' }));
        const own = await smsCodeFrom(context, PHONE.e164, () => member.browser.post('/api/account/mfa/sms', { phone: PHONE.entered }));
        if (own.code !== code) assertError(await member.browser.post('/api/account/mfa/sms/confirm', { code }), 401, 'mfa_code_invalid');
        assert.deepEqual((await member.browser.mfa()).body.factors.map((f: { method: string }) => f.method), ['email']);
      });

      test('a step-up code does not sign in, and a sign-in code does not step up', async () => {
        await enrolEmail(context, member.browser, member.email);
        const stepUp = await mailCodeFrom(context, member.email, () => member.browser.post('/api/auth/reauth/send', { method: 'email' }));
        const { browser } = await signInToSecondStep(context, member.email, member.password);
        assertError(await browser.verify({ method: 'email', code: stepUp.code }), 401, 'mfa_code_expired');
        const signInCode = await mailCodeFrom(context, member.email, () => browser.post('/api/auth/mfa/send', { method: 'email' }));
        if (signInCode.code !== stepUp.code) {
          assertError(await browser.verify({ method: 'email', code: stepUp.code }), 401, 'mfa_code_invalid');
          assertError(await member.browser.post('/api/auth/reauth', { method: 'email', code: signInCode.code }), 401, 'mfa_code_invalid');
        }
        assert.equal(browser.session, undefined);
      });

      test('a code sent to one person does not sign in another', async () => {
        await enrolSMS(context, member.browser);
        const other = await createMember(context, { email: 'carol@example.com' });
        const carolPhone = { entered: '+86 139 0013 9000', e164: '+8613900139000' };
        await enrolSMS(context, other.browser, carolPhone);
        const bob = await signInToSecondStep(context, member.email, member.password);
        const carol = await signInToSecondStep(context, other.email, other.password);
        const { code } = await smsCodeFrom(context, PHONE.e164, () => bob.browser.post('/api/auth/mfa/send', { method: 'sms' }));
        assertError(await carol.browser.verify({ method: 'sms', code }), 401, 'mfa_code_expired');
        const own = await smsCodeFrom(context, carolPhone.e164, () => carol.browser.post('/api/auth/mfa/send', { method: 'sms' }));
        if (own.code !== code) assertError(await carol.browser.verify({ method: 'sms', code }), 401, 'mfa_code_invalid');
        assert.equal(carol.browser.session, undefined);
      });

      test('sent codes are stored only as keyed hashes and never kept in the message log', async () => {
        await enrolSMS(context, member.browser);
        const { browser } = await signInToSecondStep(context, member.email, member.password);
        const { code } = await smsCodeFrom(context, PHONE.e164, () => browser.post('/api/auth/mfa/send', { method: 'sms' }));
        const codes = await context.server.database.db.selectFrom('one_time_codes').selectAll().execute();
        assert.ok(codes.length >= 1);
        assert.ok(!JSON.stringify(codes).includes(code));
        const messages = await context.server.database.db.selectFrom('messages').selectAll().execute();
        assert.ok(!JSON.stringify(messages).includes(code), 'a provider-sent code is not kept (DESIGN.md: outbox shows status only)');
      });

      test('the send answer and the pending answer show masked destinations only', async () => {
        await enrolSMS(context, member.browser);
        const { browser, answer } = await signInToSecondStep(context, member.email, member.password);
        assert.ok(answer.destinations.sms, JSON.stringify(answer));
        assert.ok(!answer.destinations.sms.replace(/\D/g, '').includes('13800138000'), answer.destinations.sms);
        const { response } = await smsCodeFrom(context, PHONE.e164, () => browser.post('/api/auth/mfa/send', { method: 'sms' }));
        assert.ok(!response.body.destination.replace(/\D/g, '').includes('13800138000'), response.body.destination);
      });
    });
  });
}
