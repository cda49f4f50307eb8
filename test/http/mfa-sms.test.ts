/** Codes by SMS (the generic webhook provider): enrolment, signing in, expiry, tries, sends and provider failures. */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { assertError } from '../support/http.ts';
import {
  Browser,
  createMember,
  DAY_MILLISECONDS,
  enrolSMS,
  PHONE,
  RECOVERY_CODE_COUNT,
  RESEND_GAP_MILLISECONDS,
  SENT_CODE_MILLISECONDS,
  signInToSecondStep,
  smsCodeFrom,
  startMFAServer,
} from '../support/mfa.ts';
import type { MFAContext, Member } from '../support/mfa.ts';
import { DATABASES } from '../support/server.ts';

/** Five wrong tries end a sent code (DESIGN.md: limited attempts per code). */
const TRIES_PER_CODE = 5;

function wrongCode(right: string): string {
  return right === '000000' ? '111111' : '0'.repeat(right.length);
}

for (const database of DATABASES) {
  describe(`SMS codes on ${database}`, () => {
    let context: MFAContext;
    let member: Member;

    beforeEach(async () => {
      context = await startMFAServer(database);
      member = await createMember(context, { email: 'bob@example.com' });
    });
    afterEach(() => context.close());

    const startEnrolment = (phone: string) => member.browser.post('/api/account/mfa/sms', { phone });
    const send = (browser: Browser) => browser.post('/api/auth/mfa/send', { method: 'sms' });

    describe('successful enrolment', () => {
      test('a national number is normalised to E.164 and the code goes to it', async () => {
        const { response, code } = await smsCodeFrom(context, PHONE.e164, () => startEnrolment(PHONE.entered));
        assert.equal(response.body.expiresInSeconds, SENT_CODE_MILLISECONDS / 1000);
        assert.ok(response.body.resendAfterSeconds > 0);
        assert.ok(!response.body.destination.replace(/\D/g, '').includes('13800138000'), 'masked');
        assert.match(code, /^\d{6,8}$/);
        const confirmed = await member.browser.post('/api/account/mfa/sms/confirm', { code });
        assert.equal(confirmed.status, 200, confirmed.text);
        assert.equal(confirmed.body.factor.method, 'sms');
        assert.ok(confirmed.body.factor.label && !confirmed.body.factor.label.replace(/\D/g, '').includes('13800138000'), confirmed.body.factor.label);
        assert.equal(confirmed.body.recoveryCodes.length, RECOVERY_CODE_COUNT);
        assert.deepEqual((await member.browser.mfa()).body.factors.map((f: { method: string }) => f.method), ['sms']);
      });

      test('an international number with spaces is normalised to E.164', async () => {
        await smsCodeFrom(context, '+447911123456', () => startEnrolment('+44 7911 123456'));
      });

      test('a code just under ten minutes old confirms the phone', async () => {
        const { code } = await smsCodeFrom(context, PHONE.e164, () => startEnrolment(PHONE.entered));
        context.clock.advance(SENT_CODE_MILLISECONDS - 1000);
        assert.equal((await member.browser.post('/api/account/mfa/sms/confirm', { code })).status, 200);
      });

      test('the phone is told nothing but the code: no account name or e-mail in the SMS', async () => {
        const since = context.sms.messages.length;
        await smsCodeFrom(context, PHONE.e164, () => startEnrolment(PHONE.entered));
        const text = context.sms.messages[since]!.text;
        assert.ok(!text.includes(member.email));
      });
    });

    describe('failing enrolment', () => {
      test('an invalid phone number is refused and nothing is sent', async () => {
        for (const phone of ['12345', '+86 123', 'not a phone', '+999 1234 5678']) {
          const since = context.sms.messages.length;
          assertError(await startEnrolment(phone), 400, 'phone_invalid');
          assert.equal(context.sms.messages.length, since, phone);
        }
      });

      test('a wrong code is refused and the phone stays unconfirmed', async () => {
        const { code } = await smsCodeFrom(context, PHONE.e164, () => startEnrolment(PHONE.entered));
        assertError(await member.browser.post('/api/account/mfa/sms/confirm', { code: wrongCode(code) }), 401, 'mfa_code_invalid');
        assert.deepEqual((await member.browser.mfa()).body.factors, []);
      });

      test('a code ten minutes old has expired', async () => {
        const { code } = await smsCodeFrom(context, PHONE.e164, () => startEnrolment(PHONE.entered));
        context.clock.advance(SENT_CODE_MILLISECONDS);
        assertError(await member.browser.post('/api/account/mfa/sms/confirm', { code }), 401, 'mfa_code_expired');
        assert.deepEqual((await member.browser.mfa()).body.factors, []);
      });

      test('five wrong tries end the code: the right one is then refused', async () => {
        const { code } = await smsCodeFrom(context, PHONE.e164, () => startEnrolment(PHONE.entered));
        for (let i = 0; i < TRIES_PER_CODE; i++) {
          const response = await member.browser.post('/api/account/mfa/sms/confirm', { code: wrongCode(code) });
          assert.equal(response.status, 401, response.text);
        }
        assertError(await member.browser.post('/api/account/mfa/sms/confirm', { code }), 401, 'mfa_code_expired');
        assert.deepEqual((await member.browser.mfa()).body.factors, []);
      });

      test('four wrong tries leave the code usable', async () => {
        const { code } = await smsCodeFrom(context, PHONE.e164, () => startEnrolment(PHONE.entered));
        for (let i = 0; i < TRIES_PER_CODE - 1; i++) await member.browser.post('/api/account/mfa/sms/confirm', { code: wrongCode(code) });
        assert.equal((await member.browser.post('/api/account/mfa/sms/confirm', { code })).status, 200);
      });

      test('a code is used once: confirming twice does not work twice', async () => {
        const { code } = await smsCodeFrom(context, PHONE.e164, () => startEnrolment(PHONE.entered));
        assert.equal((await member.browser.post('/api/account/mfa/sms/confirm', { code })).status, 200);
        const again = await member.browser.post('/api/account/mfa/sms/confirm', { code });
        assert.ok([400, 401].includes(again.status), again.text);
      });

      test('when the SMS provider fails the enrolment answers 503 delivery_failed', async () => {
        context.sms.failNext(1);
        assertError(await startEnrolment(PHONE.entered), 503, 'delivery_failed');
        assert.deepEqual((await member.browser.mfa()).body.factors, []);
      });
    });

    describe('successful sign-in', () => {
      test('the password answers mfa_required with sms and a masked phone; the sent code signs in', async () => {
        await enrolSMS(context, member.browser);
        const { browser, answer } = await signInToSecondStep(context, member.email, member.password);
        assert.deepEqual(answer.methods, ['sms', 'recovery_code']);
        assert.ok(answer.destinations.sms);
        const { response, code } = await smsCodeFrom(context, PHONE.e164, () => send(browser));
        assert.equal(response.status, 202);
        assert.ok(response.body.resendAfterSeconds > 0);
        assert.ok(response.body.expiresInSeconds > 0);
        const verified = await browser.verify({ method: 'sms', code });
        assert.equal(verified.status, 200, verified.text);
        assert.deepEqual(verified.body, { status: 'signed_in' });
        assert.ok(browser.session);
        assert.equal((await browser.me()).status, 200);
      });

      test('after the resend pause a new code can be sent', async () => {
        await enrolSMS(context, member.browser);
        const { browser } = await signInToSecondStep(context, member.email, member.password);
        const first = await smsCodeFrom(context, PHONE.e164, () => send(browser));
        context.clock.advance(first.response.body.resendAfterSeconds * 1000);
        const second = await smsCodeFrom(context, PHONE.e164, () => send(browser));
        assert.equal((await browser.verify({ method: 'sms', code: second.code })).status, 200);
      });
    });

    describe('failing sign-in', () => {
      test('a wrong code is refused', async () => {
        await enrolSMS(context, member.browser);
        const { browser } = await signInToSecondStep(context, member.email, member.password);
        const { code } = await smsCodeFrom(context, PHONE.e164, () => send(browser));
        assertError(await browser.verify({ method: 'sms', code: wrongCode(code) }), 401, 'mfa_code_invalid');
        assert.equal(browser.session, undefined);
      });

      test('a code before any was sent is refused', async () => {
        await enrolSMS(context, member.browser);
        const { browser } = await signInToSecondStep(context, member.email, member.password);
        const response = await browser.verify({ method: 'sms', code: '123456' });
        assert.equal(response.status, 401, response.text);
        assert.equal(browser.session, undefined);
      });

      test('five wrong tries end the code: the right one no longer signs in', async () => {
        await enrolSMS(context, member.browser);
        const { browser } = await signInToSecondStep(context, member.email, member.password);
        const { code } = await smsCodeFrom(context, PHONE.e164, () => send(browser));
        for (let i = 0; i < TRIES_PER_CODE; i++) await browser.verify({ method: 'sms', code: wrongCode(code) });
        const response = await browser.verify({ method: 'sms', code });
        // The code is dead, and five wrong codes may also have ended the whole sign-in.
        assert.ok([401, 429].includes(response.status), response.text);
        assert.ok(['mfa_code_expired', 'mfa_attempts_exceeded', 'mfa_sign_in_expired'].includes(response.body.error.code), response.text);
        assert.equal(browser.session, undefined);
      });

      test('a second send too soon is refused with Retry-After', async () => {
        await enrolSMS(context, member.browser);
        const { browser } = await signInToSecondStep(context, member.email, member.password);
        const first = await smsCodeFrom(context, PHONE.e164, () => send(browser));
        const since = context.sms.messages.length;
        const again = await send(browser);
        assertError(again, 429, 'mfa_send_limited');
        const retryAfter = Number(again.headers.get('retry-after'));
        assert.ok(retryAfter > 0 && retryAfter <= first.response.body.resendAfterSeconds, `Retry-After ${retryAfter}`);
        assert.equal(again.body.error.retryAfterSeconds, retryAfter);
        assert.equal(context.sms.messages.length, since, 'nothing sent');
      });

      test('sends per account are limited with 429 and Retry-After, and the limit lifts the next day', async () => {
        await enrolSMS(context, member.browser);
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
        assert.ok(Number(limited.headers.get('retry-after')) > RESEND_GAP_MILLISECONDS / 1000, `Retry-After ${limited.headers.get('retry-after')}`);
        assert.ok(sent >= 3, `at least a few codes a day (${sent})`);
        context.clock.advance(DAY_MILLISECONDS);
        const { browser } = await signInToSecondStep(context, member.email, member.password);
        assert.equal((await send(browser)).status, 202);
      });

      test('codes spread over the hours are still limited per day', async () => {
        await enrolSMS(context, member.browser);
        // Seven minutes apart: under any hourly limit, so only a daily one can stop them.
        const gapMilliseconds = 7 * 60 * 1000;
        let limited = null;
        let sent = 0;
        for (let i = 0; i < 80 && !limited; i++) {
          const { browser } = await signInToSecondStep(context, member.email, member.password);
          const response = await send(browser);
          if (response.status === 202) sent += 1;
          else limited = response;
          context.clock.advance(gapMilliseconds);
        }
        assert.ok(limited, `still sending after ${sent} codes over ${(sent * 7) / 60} hours`);
        assertError(limited, 429, 'mfa_send_limited');
        assert.ok(Number(limited.headers.get('retry-after')) > 3600, `Retry-After ${limited.headers.get('retry-after')} is the rest of the day`);
      });

      test('a provider failure answers 503 delivery_failed and the sign-in still needs the second factor', async () => {
        await enrolSMS(context, member.browser);
        const { browser } = await signInToSecondStep(context, member.email, member.password);
        context.sms.failNext(1);
        const failed = await send(browser);
        assertError(failed, 503, 'delivery_failed');
        assert.equal(browser.session, undefined);
        assertError(await browser.me(), 401, 'unauthenticated');
        assert.equal((await browser.get('/api/auth/mfa/pending')).status, 200, 'the pending sign-in goes on');
        context.clock.advance(RESEND_GAP_MILLISECONDS);
        const { code } = await smsCodeFrom(context, PHONE.e164, () => send(browser));
        assert.equal((await browser.verify({ method: 'sms', code })).status, 200);
      });
    });
  });
}
