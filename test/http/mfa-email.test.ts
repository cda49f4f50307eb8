/** Codes by e-mail (real SMTP): enrolment, signing in, expiry, tries, sends and mail-server failures. */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { assertError } from '../support/http.ts';
import {
  Browser,
  createMember,
  DAY_MILLISECONDS,
  enrolEmail,
  enrolTOTP,
  mailCodeFrom,
  mailTo,
  nextMessage,
  RECOVERY_CODE_COUNT,
  RESEND_GAP_MILLISECONDS,
  SENT_CODE_MILLISECONDS,
  settleOutbox,
  signInToSecondStep,
  startMFAServer,
} from '../support/mfa.ts';
import type { MFAContext, Member } from '../support/mfa.ts';
import { DATABASES } from '../support/server.ts';

const TRIES_PER_CODE = 5;

function wrongCode(right: string): string {
  return right === '000000' ? '111111' : '0'.repeat(right.length);
}

for (const database of DATABASES) {
  describe(`e-mail codes on ${database}`, () => {
    let context: MFAContext;
    let member: Member;

    beforeEach(async () => {
      context = await startMFAServer(database);
      member = await createMember(context, { email: 'bob@example.com' });
    });
    afterEach(() => context.close());

    const startEnrolment = () => member.browser.post('/api/account/mfa/email');
    const confirm = (code: string) => member.browser.post('/api/account/mfa/email/confirm', { code });
    const send = (browser: Browser) => browser.post('/api/auth/mfa/send', { method: 'email' });

    describe('successful enrolment', () => {
      test("the code goes to the account's own address and confirms the factor", async () => {
        const { response, code, message } = await mailCodeFrom(context, member.email, startEnrolment);
        assert.equal(response.body.expiresInSeconds, SENT_CODE_MILLISECONDS / 1000);
        assert.ok(response.body.resendAfterSeconds > 0);
        assert.notEqual(response.body.destination, member.email, 'masked');
        assert.deepEqual(message.to.map((to) => to.toLowerCase()), [member.email]);
        assert.ok(message.subject.length > 0);
        const confirmed = await confirm(code);
        assert.equal(confirmed.status, 200, confirmed.text);
        assert.equal(confirmed.body.factor.method, 'email');
        assert.notEqual(confirmed.body.factor.label, member.email, 'masked');
        assert.equal(confirmed.body.recoveryCodes.length, RECOVERY_CODE_COUNT);
      });

      test('a code just under ten minutes old confirms the address', async () => {
        const { code } = await mailCodeFrom(context, member.email, startEnrolment);
        context.clock.advance(SENT_CODE_MILLISECONDS - 1000);
        assert.equal((await confirm(code)).status, 200);
      });
    });

    describe('failing enrolment', () => {
      test("the code is only ever mailed to the account's own address, whatever the body names", async () => {
        const response = await member.browser.post('/api/account/mfa/email', { email: 'eve@attacker.example' });
        // Strict schemas refuse the field (see mfa-input.test.ts); in no case may the code go to Eve.
        assert.ok([202, 400].includes(response.status), response.text);
        if (response.status === 202) await nextMessage(context.mailbox, 0, mailTo(member.email));
        await settleOutbox(context);
        assert.ok(!context.mailbox.messages.some(mailTo('eve@attacker.example')), 'nothing mailed to the address in the body');
      });

      test('a wrong code is refused and the factor stays unconfirmed', async () => {
        const { code } = await mailCodeFrom(context, member.email, startEnrolment);
        assertError(await confirm(wrongCode(code)), 401, 'mfa_code_invalid');
        assert.deepEqual((await member.browser.mfa()).body.factors, []);
      });

      test('a code ten minutes old has expired', async () => {
        const { code } = await mailCodeFrom(context, member.email, startEnrolment);
        context.clock.advance(SENT_CODE_MILLISECONDS);
        assertError(await confirm(code), 401, 'mfa_code_expired');
      });

      test('five wrong tries end the code: the right one is then refused', async () => {
        const { code } = await mailCodeFrom(context, member.email, startEnrolment);
        for (let i = 0; i < TRIES_PER_CODE; i++) assert.equal((await confirm(wrongCode(code))).status, 401);
        assertError(await confirm(code), 401, 'mfa_code_expired');
        assert.deepEqual((await member.browser.mfa()).body.factors, []);
      });

      test('when the mail server refuses the message the enrolment answers 503 delivery_failed', async () => {
        await settleOutbox(context);
        context.mailbox.failNext(1);
        assertError(await startEnrolment(), 503, 'delivery_failed');
      });

      test('a second e-mail factor is refused while one is active', async () => {
        await enrolEmail(context, member.browser, member.email);
        assertError(await startEnrolment(), 409, 'mfa_factor_exists');
      });
    });

    describe('successful sign-in', () => {
      test('the sent code signs in', async () => {
        await enrolEmail(context, member.browser, member.email);
        const { browser, answer } = await signInToSecondStep(context, member.email, member.password);
        assert.deepEqual(answer.methods, ['email', 'recovery_code']);
        assert.ok(answer.destinations.email && answer.destinations.email !== member.email, JSON.stringify(answer.destinations));
        const { code } = await mailCodeFrom(context, member.email, () => send(browser));
        const verified = await browser.verify({ method: 'email', code });
        assert.equal(verified.status, 200, verified.text);
        assert.deepEqual(verified.body, { status: 'signed_in' });
        assert.ok(browser.session);
      });

      test('with an authenticator app as well, both are offered, the app first', async () => {
        await enrolEmail(context, member.browser, member.email);
        await enrolTOTP(context, member.browser);
        const { answer } = await signInToSecondStep(context, member.email, member.password);
        assert.deepEqual([...answer.methods].sort(), ['email', 'recovery_code', 'totp']);
        assert.equal(answer.methods.at(-1), 'recovery_code', 'recovery codes are the last resort');
      });
    });

    describe('failing sign-in', () => {
      test('a wrong code is refused', async () => {
        await enrolEmail(context, member.browser, member.email);
        const { browser } = await signInToSecondStep(context, member.email, member.password);
        const { code } = await mailCodeFrom(context, member.email, () => send(browser));
        assertError(await browser.verify({ method: 'email', code: wrongCode(code) }), 401, 'mfa_code_invalid');
        assert.equal(browser.session, undefined);
      });

      test('five wrong tries end the code: the right one no longer signs in', async () => {
        await enrolEmail(context, member.browser, member.email);
        const { browser } = await signInToSecondStep(context, member.email, member.password);
        const { code } = await mailCodeFrom(context, member.email, () => send(browser));
        for (let i = 0; i < TRIES_PER_CODE; i++) await browser.verify({ method: 'email', code: wrongCode(code) });
        const response = await browser.verify({ method: 'email', code });
        // The code is dead, and five wrong codes may also have ended the whole sign-in.
        assert.ok(['mfa_code_expired', 'mfa_attempts_exceeded', 'mfa_sign_in_expired'].includes(response.body?.error?.code), response.text);
        assert.equal(browser.session, undefined);
      });

      test('a second send too soon is refused with Retry-After', async () => {
        await enrolEmail(context, member.browser, member.email);
        const { browser } = await signInToSecondStep(context, member.email, member.password);
        await mailCodeFrom(context, member.email, () => send(browser));
        const again = await send(browser);
        assertError(again, 429, 'mfa_send_limited');
        assert.ok(Number(again.headers.get('retry-after')) > 0);
      });

      test('sends per account and day are limited, and the limit lifts the next day', async () => {
        await enrolEmail(context, member.browser, member.email);
        let limited = null;
        let sent = 0;
        for (let i = 0; i < 60 && !limited; i++) {
          const { browser } = await signInToSecondStep(context, member.email, member.password);
          const response = await send(browser);
          if (response.status === 202) sent += 1;
          else limited = response;
          context.clock.advance(RESEND_GAP_MILLISECONDS);
        }
        assert.ok(limited, `still sending after ${sent} codes in one day`);
        assertError(limited, 429, 'mfa_send_limited');
        assert.ok(Number(limited.headers.get('retry-after')) > 0);
        context.clock.advance(DAY_MILLISECONDS);
        const { browser } = await signInToSecondStep(context, member.email, member.password);
        assert.equal((await send(browser)).status, 202);
      });

      test('a mail-server failure answers 503 delivery_failed and gives no session', async () => {
        await enrolEmail(context, member.browser, member.email);
        const { browser } = await signInToSecondStep(context, member.email, member.password);
        // The "factor added" notice goes out in the background; let it pass before the failure is armed.
        await settleOutbox(context);
        context.mailbox.failNext(1);
        assertError(await send(browser), 503, 'delivery_failed');
        assert.equal(browser.session, undefined);
        assertError(await browser.me(), 401, 'unauthenticated');
        assert.equal((await browser.get('/api/auth/mfa/pending')).status, 200, 'the pending sign-in goes on');
      });
    });
  });
}
