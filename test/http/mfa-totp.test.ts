/** The authenticator app (TOTP, RFC 6238): enrolment and signing in with it. */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { assertError } from '../support/http.ts';
import {
  Browser,
  cookieName,
  createMember,
  enrolSMS,
  enrolTOTP,
  MINUTE_MILLISECONDS,
  PENDING_SIGN_IN_MILLISECONDS,
  RECOVERY_CODE_COUNT,
  signInToSecondStep,
  startMFAServer,
  TOTP_STEP_MILLISECONDS,
  totpCode,
} from '../support/mfa.ts';
import type { MFAContext, Member } from '../support/mfa.ts';
import { DATABASES } from '../support/server.ts';

for (const database of DATABASES) {
  describe(`authenticator app on ${database}`, () => {
    let context: MFAContext;
    let member: Member;

    beforeEach(async () => {
      context = await startMFAServer(database);
      member = await createMember(context, { email: 'bob@example.com' });
    });
    afterEach(() => context.close());

    describe('successful enrolment', () => {
      test('starting enrolment answers a base32 secret and an otpauth URI for Cairn, SHA1, 6 digits, 30 s', async () => {
        const response = await member.browser.post('/api/account/mfa/totp');
        assert.equal(response.status, 200, response.text);
        assert.deepEqual(Object.keys(response.body).sort(), ['secret', 'uri']);
        const { secret, uri } = response.body;
        assert.match(secret, /^[A-Z2-7]{32,}$/, 'at least 160 bits, base32 (RFC 4226 section 4)');
        const parsed = new URL(uri);
        assert.equal(parsed.protocol, 'otpauth:');
        assert.equal(parsed.host, 'totp');
        assert.equal(decodeURIComponent(parsed.pathname), '/Cairn:bob@example.com');
        assert.equal(parsed.searchParams.get('secret'), secret);
        assert.equal(parsed.searchParams.get('issuer'), 'Cairn');
        // Absent parameters mean the defaults, which are the ones every authenticator app supports.
        assert.ok([null, 'SHA1'].includes(parsed.searchParams.get('algorithm')), uri);
        assert.ok([null, '6'].includes(parsed.searchParams.get('digits')), uri);
        assert.ok([null, '30'].includes(parsed.searchParams.get('period')), uri);
      });

      test('a correct code activates the app and answers ten recovery codes, shown once', async () => {
        const started = await member.browser.post('/api/account/mfa/totp');
        const confirmed = await member.browser.post('/api/account/mfa/totp/confirm', { code: await totpCode(context, started.body.secret) });
        assert.equal(confirmed.status, 200, confirmed.text);
        assert.equal(confirmed.body.factor.method, 'totp');
        assert.equal(confirmed.body.factor.label, null);
        assert.equal(confirmed.body.factor.createdAt, context.clock.now());
        const codes: string[] = confirmed.body.recoveryCodes;
        assert.equal(codes.length, RECOVERY_CODE_COUNT);
        assert.equal(new Set(codes).size, RECOVERY_CODE_COUNT, 'all different');
        for (const code of codes) assert.ok(code.replace(/[^A-Za-z0-9]/g, '').length >= 10, `enough entropy in ${code}`);
        const account = await member.browser.mfa();
        assert.equal(account.status, 200);
        assert.deepEqual(account.body.factors.map((f: { method: string }) => f.method), ['totp']);
        assert.equal(account.body.recoveryCodesRemaining, RECOVERY_CODE_COUNT);
        assert.ok(!account.text.includes(started.body.secret), 'the secret is never shown again');
        assert.ok(!codes.some((code) => account.text.includes(code)), 'nor the recovery codes');
      });

      test('a second factor added later answers no new recovery codes', async () => {
        const first = await enrolTOTP(context, member.browser);
        assert.equal(first.recoveryCodes?.length, RECOVERY_CODE_COUNT);
        const second = await enrolSMS(context, member.browser);
        assert.equal(second.recoveryCodes, undefined);
        assert.equal((await member.browser.mfa()).body.recoveryCodesRemaining, RECOVERY_CODE_COUNT);
      });

      test('starting again before confirming replaces the unconfirmed secret', async () => {
        const first = await member.browser.post('/api/account/mfa/totp');
        const second = await member.browser.post('/api/account/mfa/totp');
        assert.equal(second.status, 200, second.text);
        assert.notEqual(second.body.secret, first.body.secret);
        assertError(await member.browser.post('/api/account/mfa/totp/confirm', { code: await totpCode(context, first.body.secret) }), 401, 'mfa_code_invalid');
        const confirmed = await member.browser.post('/api/account/mfa/totp/confirm', { code: await totpCode(context, second.body.secret) });
        assert.equal(confirmed.status, 200, confirmed.text);
      });

      test('the TOTP secret is not stored in the clear', async () => {
        const { secret } = await enrolTOTP(context, member.browser);
        const rows = await context.server.database.db.selectFrom('mfa_factors').selectAll().execute();
        assert.equal(rows.length, 1);
        assert.ok(!JSON.stringify(rows).includes(secret));
      });
    });

    describe('failing enrolment', () => {
      test('an app is not active before a correct code: the sign-in asks for no second factor', async () => {
        await member.browser.post('/api/account/mfa/totp');
        const account = await member.browser.mfa();
        assert.deepEqual(account.body.factors, []);
        assert.equal(account.body.recoveryCodesRemaining, 0);
        const response = await new Browser(context.server).login(member.email, member.password);
        assert.deepEqual(response.body, { status: 'signed_in' });
      });

      test('a wrong confirmation code is refused and the app stays inactive', async () => {
        const started = await member.browser.post('/api/account/mfa/totp');
        const right = await totpCode(context, started.body.secret);
        const wrong = right === '000000' ? '111111' : '000000';
        assertError(await member.browser.post('/api/account/mfa/totp/confirm', { code: wrong }), 401, 'mfa_code_invalid');
        assert.deepEqual((await member.browser.mfa()).body.factors, []);
      });

      test('confirming without having started is refused', async () => {
        const response = await member.browser.post('/api/account/mfa/totp/confirm', { code: '123456' });
        assert.ok([400, 401].includes(response.status), response.text);
        assert.deepEqual((await member.browser.mfa()).body.factors, []);
      });

      test('a second authenticator app is refused while one is active', async () => {
        await enrolTOTP(context, member.browser);
        assertError(await member.browser.post('/api/account/mfa/totp'), 409, 'mfa_factor_exists');
      });

      test('enrolment needs a session', async () => {
        assertError(await new Browser(context.server).post('/api/account/mfa/totp'), 401, 'unauthenticated');
      });
    });

    describe('successful sign-in', () => {
      test('the password alone answers mfa_required with the methods and sets no session', async () => {
        await enrolTOTP(context, member.browser);
        const browser = new Browser(context.server);
        const response = await browser.login(member.email, member.password);
        assert.equal(response.status, 200, response.text);
        assert.equal(response.body.status, 'mfa_required');
        assert.deepEqual(response.body.methods, ['totp', 'recovery_code']);
        assert.equal(typeof response.body.trustBrowserAllowed, 'boolean');
        assert.equal(response.session, null);
        assert.equal(browser.session, undefined, 'no session cookie');
        assert.ok(browser.cookie('pending'), 'a pending sign-in cookie');
        const attributes = response.setCookies.get(cookieName(context.server, 'pending'))!.split(';').map((a) => a.trim().toLowerCase());
        assert.ok(attributes.includes('httponly'));
        assert.ok(attributes.includes('samesite=lax') || attributes.includes('samesite=strict'));
        assertError(await browser.me(), 401, 'unauthenticated');
      });

      test('the pending sign-in can be read again after a page reload', async () => {
        await enrolTOTP(context, member.browser);
        const { browser, answer } = await signInToSecondStep(context, member.email, member.password);
        const pending = await browser.get('/api/auth/mfa/pending');
        assert.equal(pending.status, 200, pending.text);
        assert.deepEqual(pending.body, answer);
      });

      test('the right code signs in, sets the session cookie and ends the pending sign-in', async () => {
        const { secret } = await enrolTOTP(context, member.browser);
        const { browser } = await signInToSecondStep(context, member.email, member.password);
        const response = await browser.verify({ method: 'totp', code: await totpCode(context, secret) });
        assert.equal(response.status, 200, response.text);
        assert.deepEqual(response.body, { status: 'signed_in' });
        assert.ok(response.session);
        assert.equal(browser.cookie('pending'), undefined, 'the pending cookie is cleared');
        const me = await browser.me();
        assert.equal(me.status, 200);
        assert.equal(me.body.user.email, member.email);
        const used = await member.browser.mfa();
        assert.equal(used.body.factors[0].lastUsedAt, context.clock.now());
      });

      test('a code from the previous time step is accepted (clock drift)', async () => {
        const { secret } = await enrolTOTP(context, member.browser);
        context.clock.advance(5 * MINUTE_MILLISECONDS);
        const { browser } = await signInToSecondStep(context, member.email, member.password);
        const response = await browser.verify({ method: 'totp', code: await totpCode(context, secret, -1) });
        assert.equal(response.status, 200, response.text);
      });

      test('a code from the next time step is accepted (clock drift)', async () => {
        const { secret } = await enrolTOTP(context, member.browser);
        context.clock.advance(5 * MINUTE_MILLISECONDS);
        const { browser } = await signInToSecondStep(context, member.email, member.password);
        const response = await browser.verify({ method: 'totp', code: await totpCode(context, secret, 1) });
        assert.equal(response.status, 200, response.text);
      });

      test('a pending sign-in just under five minutes old still verifies', async () => {
        const { secret } = await enrolTOTP(context, member.browser);
        const { browser } = await signInToSecondStep(context, member.email, member.password);
        context.clock.advance(PENDING_SIGN_IN_MILLISECONDS - 1000);
        const response = await browser.verify({ method: 'totp', code: await totpCode(context, secret) });
        assert.equal(response.status, 200, response.text);
      });

      test('a sign-in by username asks for the same second factor', async () => {
        const other = await createMember(context, { email: 'carol@example.com', username: 'carol' });
        await enrolTOTP(context, other.browser);
        const response = await new Browser(context.server).login('CAROL', other.password);
        assert.equal(response.body.status, 'mfa_required');
      });
    });

    describe('failing sign-in', () => {
      test('a wrong code is refused and gives no session', async () => {
        const { secret } = await enrolTOTP(context, member.browser);
        const { browser } = await signInToSecondStep(context, member.email, member.password);
        const right = await totpCode(context, secret);
        const response = await browser.verify({ method: 'totp', code: right === '123456' ? '654321' : '123456' });
        assertError(response, 401, 'mfa_code_invalid');
        assert.equal(browser.session, undefined);
        assertError(await browser.me(), 401, 'unauthenticated');
      });

      test('a code two time steps old is refused', async () => {
        const { secret } = await enrolTOTP(context, member.browser);
        context.clock.advance(5 * MINUTE_MILLISECONDS);
        const { browser } = await signInToSecondStep(context, member.email, member.password);
        assertError(await browser.verify({ method: 'totp', code: await totpCode(context, secret, -2) }), 401, 'mfa_code_invalid');
        assert.equal(browser.session, undefined);
      });

      test('a code two time steps ahead is refused', async () => {
        const { secret } = await enrolTOTP(context, member.browser);
        context.clock.advance(5 * MINUTE_MILLISECONDS);
        const { browser } = await signInToSecondStep(context, member.email, member.password);
        assertError(await browser.verify({ method: 'totp', code: await totpCode(context, secret, 2) }), 401, 'mfa_code_invalid');
        assert.equal(browser.session, undefined);
      });

      test('a pending sign-in expires after five minutes', async () => {
        const { secret } = await enrolTOTP(context, member.browser);
        const { browser } = await signInToSecondStep(context, member.email, member.password);
        context.clock.advance(PENDING_SIGN_IN_MILLISECONDS);
        assertError(await browser.verify({ method: 'totp', code: await totpCode(context, secret) }), 401, 'mfa_sign_in_expired');
        assert.equal(browser.session, undefined);
      });

      test('a pending sign-in that was verified cannot be verified again', async () => {
        const { secret } = await enrolTOTP(context, member.browser);
        const { browser } = await signInToSecondStep(context, member.email, member.password);
        const pendingToken = browser.cookie('pending')!;
        assert.equal((await browser.verify({ method: 'totp', code: await totpCode(context, secret) })).status, 200);
        context.clock.advance(TOTP_STEP_MILLISECONDS);
        const replay = new Browser(context.server);
        replay.setCookie('pending', pendingToken);
        assertError(await replay.verify({ method: 'totp', code: await totpCode(context, secret) }), 401, 'mfa_sign_in_expired');
        assert.equal(replay.session, undefined);
      });

      test('a method the account has not enrolled is refused', async () => {
        await enrolTOTP(context, member.browser);
        const { browser } = await signInToSecondStep(context, member.email, member.password);
        assertError(await browser.verify({ method: 'sms', code: '123456' }), 400, 'mfa_method_unavailable');
        assertError(await browser.post('/api/auth/mfa/send', { method: 'sms' }), 400, 'mfa_method_unavailable');
      });

      test('verifying without a pending sign-in is refused', async () => {
        const response = await new Browser(context.server).verify({ method: 'totp', code: '123456' });
        assert.equal(response.status, 401, response.text);
        assert.ok(['mfa_sign_in_expired', 'unauthenticated'].includes(response.body.error.code), response.text);
      });

      test('a wrong password never reaches the second step', async () => {
        await enrolTOTP(context, member.browser);
        const browser = new Browser(context.server);
        assertError(await browser.login(member.email, 'not the password at all'), 401, 'invalid_credentials');
        assert.equal(browser.cookie('pending'), undefined);
      });
    });
  });
}
