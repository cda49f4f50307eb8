/**
 * Passkeys over HTTP, driven by a software authenticator (test/support/mfa.ts): the option
 * shapes, registration, the second step, passwordless sign-in and step-up; forged, replayed or
 * garbage credentials answer 401 passkey_invalid, never 500. Chromium's virtual authenticator
 * covers the browser side in the e2e tests.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { assertError } from '../support/http.ts';
import {
  Browser,
  createMember,
  enrolPasskey,
  REAUTH_WINDOW_MILLISECONDS,
  RECOVERY_CODE_COUNT,
  signInToSecondStep,
  SoftwarePasskey,
  startMFAServer,
} from '../support/mfa.ts';
import type { MFAContext, Member } from '../support/mfa.ts';
import { DATABASES } from '../support/server.ts';

const GARBAGE_CREDENTIALS = [
  { id: 'x', type: 'public-key' },
  { id: 'x', type: 'public-key', response: 'nope' },
  { id: 'x', type: 'public-key', response: { clientDataJSON: 'not base64 json', attestationObject: '!!', authenticatorData: '', signature: 'AA' } },
  { id: 'AAAA', rawId: 'AAAA', type: 'public-key', response: { clientDataJSON: Buffer.from('{"type":"webauthn.get","challenge":"abc"}').toString('base64url'), authenticatorData: 'AAAA', signature: 'AAAA' }, clientExtensionResults: {} },
  { id: 'x'.repeat(1024), type: 'public-key', response: { clientDataJSON: Buffer.from('[]').toString('base64url') } },
];

for (const database of DATABASES) {
  describe(`passkeys on ${database}`, () => {
    let context: MFAContext;
    let member: Member;

    beforeEach(async () => {
      context = await startMFAServer(database);
      member = await createMember(context, { email: 'bob@example.com', name: 'Bob Builder' });
    });
    afterEach(() => context.close());

    describe('options', () => {
      test('registration options name this site and the person, and require a discoverable, user-verified ES256 or RS256 key', async () => {
        const response = await member.browser.post('/api/account/mfa/passkeys/options');
        assert.equal(response.status, 200, response.text);
        const { options } = response.body;
        assert.match(options.challenge, /^[A-Za-z0-9_-]{22,}$/, 'at least 128 random bits, base64url');
        assert.equal(options.rp.id, 'localhost');
        assert.equal(typeof options.rp.name, 'string');
        assert.equal(options.user.name, member.email);
        assert.equal(options.user.displayName, 'Bob Builder');
        assert.ok(!options.user.id.includes(member.email), 'the user handle is not the e-mail');
        assert.ok(options.pubKeyCredParams.some((p: { alg: number }) => p.alg === -7));
        assert.equal(options.authenticatorSelection.residentKey, 'required');
        assert.equal(options.authenticatorSelection.userVerification, 'required');
        assert.deepEqual(options.excludeCredentials, []);
      });

      test('registration options exclude the passkeys already registered', async () => {
        const { passkey } = await enrolPasskey(context, member.browser);
        const { options } = (await member.browser.post('/api/account/mfa/passkeys/options')).body;
        assert.deepEqual(options.excludeCredentials.map((c: { id: string }) => c.id), [passkey.id]);
      });

      test('passwordless options name no account and carry a new challenge each time', async () => {
        const first = await new Browser(context.server).post('/api/auth/passkey/options');
        const second = await new Browser(context.server).post('/api/auth/passkey/options');
        assert.equal(first.status, 200, first.text);
        assert.equal(first.body.options.rpId, 'localhost');
        assert.equal(first.body.options.userVerification, 'required');
        assert.ok(!first.body.options.allowCredentials || first.body.options.allowCredentials.length === 0);
        assert.notEqual(first.body.options.challenge, second.body.options.challenge);
      });

      test('registration options need a session; second-step options need a pending sign-in', async () => {
        assertError(await new Browser(context.server).post('/api/account/mfa/passkeys/options'), 401, 'unauthenticated');
        const response = await new Browser(context.server).post('/api/auth/mfa/passkey/options');
        assert.equal(response.status, 401, response.text);
      });
    });

    describe('successful registration and use', () => {
      test('a passkey registers under its name and, as the first factor, brings ten recovery codes', async () => {
        const { factor, recoveryCodes } = await enrolPasskey(context, member.browser, 'Work laptop');
        assert.equal(factor.method, 'passkey');
        assert.equal(factor.label, 'Work laptop');
        assert.equal(recoveryCodes?.length, RECOVERY_CODE_COUNT);
      });

      test('the passkey is the second step after the password', async () => {
        const { passkey } = await enrolPasskey(context, member.browser);
        const { browser, answer } = await signInToSecondStep(context, member.email, member.password);
        assert.ok(answer.methods.includes('passkey'));
        const options = await browser.post('/api/auth/mfa/passkey/options');
        assert.equal(options.status, 200, options.text);
        assert.deepEqual(options.body.options.allowCredentials.map((c: { id: string }) => c.id), [passkey.id]);
        const verified = await browser.verify({ method: 'passkey', credential: passkey.authenticate(options.body.options) });
        assert.equal(verified.status, 200, verified.text);
        assert.deepEqual(verified.body, { status: 'signed_in' });
        assert.equal((await browser.me()).body.user.email, member.email);
      });

      test('a passkey signs in without a password', async () => {
        const { passkey } = await enrolPasskey(context, member.browser);
        const browser = new Browser(context.server);
        const options = await browser.post('/api/auth/passkey/options');
        const response = await browser.post('/api/auth/passkey/login', { credential: passkey.authenticate(options.body.options) });
        assert.equal(response.status, 200, response.text);
        assert.deepEqual(response.body, { status: 'signed_in' });
        assert.equal((await browser.me()).body.user.email, member.email);
      });

      test('a passkey gives a fresh proof for a sensitive action', async () => {
        const { passkey, factor } = await enrolPasskey(context, member.browser);
        context.clock.advance(REAUTH_WINDOW_MILLISECONDS + 1000);
        assertError(await member.browser.post('/api/account/mfa/recovery-codes'), 403, 'reauth_required');
        const options = await member.browser.post('/api/auth/reauth/passkey/options');
        assert.equal(options.status, 200, options.text);
        const reauth = await member.browser.post('/api/auth/reauth', { method: 'passkey', credential: passkey.authenticate(options.body.options) });
        assert.equal(reauth.status, 200, reauth.text);
        assert.equal((await member.browser.delete(`/api/account/mfa/factors/${factor.id}`)).status, 204);
      });
    });

    describe('failing registration', () => {
      test('garbage credentials are refused with 401 passkey_invalid, never 500', async () => {
        await member.browser.post('/api/account/mfa/passkeys/options');
        for (const credential of GARBAGE_CREDENTIALS) {
          assertError(await member.browser.post('/api/account/mfa/passkeys', { name: 'Laptop', credential }), 401, 'passkey_invalid');
        }
        assert.deepEqual((await member.browser.mfa()).body.factors, []);
      });

      test('an answer to a challenge this server never issued is refused', async () => {
        const { options } = (await member.browser.post('/api/account/mfa/passkeys/options')).body;
        const credential = new SoftwarePasskey(context.server.origin).register(options, { challenge: Buffer.from('forged challenge!').toString('base64url') });
        assertError(await member.browser.post('/api/account/mfa/passkeys', { name: 'Laptop', credential }), 401, 'passkey_invalid');
      });

      test('an answer made for another origin (phishing site) is refused', async () => {
        const { options } = (await member.browser.post('/api/account/mfa/passkeys/options')).body;
        const credential = new SoftwarePasskey('https://cairn.attacker.example').register(options);
        assertError(await member.browser.post('/api/account/mfa/passkeys', { name: 'Laptop', credential }), 401, 'passkey_invalid');
      });

      test("a registration challenge issued to another person's session is refused", async () => {
        const other = await createMember(context, { email: 'carol@example.com' });
        const { options } = (await other.browser.post('/api/account/mfa/passkeys/options')).body;
        const credential = new SoftwarePasskey(context.server.origin).register(options);
        assertError(await member.browser.post('/api/account/mfa/passkeys', { name: 'Laptop', credential }), 401, 'passkey_invalid');
      });

      test('a registration answer is used once', async () => {
        const passkey = new SoftwarePasskey(context.server.origin);
        const { options } = (await member.browser.post('/api/account/mfa/passkeys/options')).body;
        const credential = passkey.register(options);
        assert.equal((await member.browser.post('/api/account/mfa/passkeys', { name: 'Laptop', credential })).status, 201);
        const again = await member.browser.post('/api/account/mfa/passkeys', { name: 'Laptop', credential });
        assert.ok([401, 409].includes(again.status), again.text);
        assert.equal((await member.browser.mfa()).body.factors.length, 1);
      });
    });

    describe('failing use', () => {
      test('garbage credentials at the second step are refused with 401 passkey_invalid and give no session', async () => {
        await enrolPasskey(context, member.browser);
        const { browser } = await signInToSecondStep(context, member.email, member.password);
        await browser.post('/api/auth/mfa/passkey/options');
        for (const credential of GARBAGE_CREDENTIALS) {
          const response = await browser.verify({ method: 'passkey', credential });
          // Each wrong answer counts as a failed try; once the sign-in ends the answer is 429.
          if (response.status === 429) break;
          assertError(response, 401, 'passkey_invalid');
        }
        assert.equal(browser.session, undefined);
      });

      test('garbage credentials at passwordless sign-in are refused with 401 passkey_invalid', async () => {
        const browser = new Browser(context.server);
        await browser.post('/api/auth/passkey/options');
        for (const credential of GARBAGE_CREDENTIALS) {
          assertError(await browser.post('/api/auth/passkey/login', { credential }), 401, 'passkey_invalid');
        }
        assert.equal(browser.session, undefined);
      });

      test('an unregistered passkey does not sign in', async () => {
        const browser = new Browser(context.server);
        const options = await browser.post('/api/auth/passkey/options');
        const stranger = new SoftwarePasskey(context.server.origin);
        assertError(await browser.post('/api/auth/passkey/login', { credential: stranger.authenticate(options.body.options) }), 401, 'passkey_invalid');
      });

      test('a signature made with another key is refused', async () => {
        const { passkey } = await enrolPasskey(context, member.browser);
        const impostor = new SoftwarePasskey(context.server.origin);
        Object.assign(impostor, { credentialId: passkey.credentialId, userHandle: passkey.userHandle });
        const browser = new Browser(context.server);
        const options = await browser.post('/api/auth/passkey/options');
        assertError(await browser.post('/api/auth/passkey/login', { credential: impostor.authenticate(options.body.options) }), 401, 'passkey_invalid');
      });

      test('an assertion is used once: replaying it is refused', async () => {
        const { passkey } = await enrolPasskey(context, member.browser);
        const options = await new Browser(context.server).post('/api/auth/passkey/options');
        const credential = passkey.authenticate(options.body.options);
        assert.equal((await new Browser(context.server).post('/api/auth/passkey/login', { credential })).status, 200);
        assertError(await new Browser(context.server).post('/api/auth/passkey/login', { credential }), 401, 'passkey_invalid');
      });

      test('a passwordless challenge cannot complete a second step (challenges are bound to their purpose)', async () => {
        const { passkey } = await enrolPasskey(context, member.browser);
        const { browser } = await signInToSecondStep(context, member.email, member.password);
        const passwordless = await new Browser(context.server).post('/api/auth/passkey/options');
        assertError(await browser.verify({ method: 'passkey', credential: passkey.authenticate(passwordless.body.options) }), 401, 'passkey_invalid');
        assert.equal(browser.session, undefined);
      });

      test('a sign counter that goes backwards (a cloned authenticator) is refused', async () => {
        const { passkey } = await enrolPasskey(context, member.browser);
        const first = await new Browser(context.server).post('/api/auth/passkey/options');
        passkey.signCount = 10;
        assert.equal((await new Browser(context.server).post('/api/auth/passkey/login', { credential: passkey.authenticate(first.body.options) })).status, 200);
        const second = await new Browser(context.server).post('/api/auth/passkey/options');
        const clone = passkey.authenticate(second.body.options, { signCount: 5 });
        assertError(await new Browser(context.server).post('/api/auth/passkey/login', { credential: clone }), 401, 'passkey_invalid');
      });

      test('an assertion without user verification is refused', async () => {
        const { passkey } = await enrolPasskey(context, member.browser);
        const options = await new Browser(context.server).post('/api/auth/passkey/options');
        const credential = passkey.authenticate(options.body.options, { userVerified: false });
        assertError(await new Browser(context.server).post('/api/auth/passkey/login', { credential }), 401, 'passkey_invalid');
      });

      test('an expired challenge is refused', async () => {
        const { passkey } = await enrolPasskey(context, member.browser);
        const options = await new Browser(context.server).post('/api/auth/passkey/options');
        context.clock.advance(REAUTH_WINDOW_MILLISECONDS);
        assertError(await new Browser(context.server).post('/api/auth/passkey/login', { credential: passkey.authenticate(options.body.options) }), 401, 'passkey_invalid');
      });

      test('a removed passkey no longer signs in', async () => {
        const { passkey, factor } = await enrolPasskey(context, member.browser);
        assert.equal((await member.browser.delete(`/api/account/mfa/factors/${factor.id}`)).status, 204);
        const options = await new Browser(context.server).post('/api/auth/passkey/options');
        assertError(await new Browser(context.server).post('/api/auth/passkey/login', { credential: passkey.authenticate(options.body.options) }), 401, 'passkey_invalid');
      });
    });
  });
}
