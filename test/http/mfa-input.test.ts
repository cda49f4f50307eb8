/** Malformed second-factor requests: unknown fields, wrong method names, oversized codes — always a 4xx with the error shape, never a 500. */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { assertError } from '../support/http.ts';
import { Browser, createMember, enrolTOTP, signInToSecondStep, startMFAServer, TOTP_STEP_MILLISECONDS, totpCode } from '../support/mfa.ts';
import type { MFAContext, Member } from '../support/mfa.ts';
import { DATABASES } from '../support/server.ts';

for (const database of DATABASES) {
  describe(`malformed second-factor requests on ${database}`, () => {
    let context: MFAContext;
    let member: Member;
    let secret: string;
    let pending: Browser;

    beforeEach(async () => {
      context = await startMFAServer(database);
      member = await createMember(context, { email: 'bob@example.com' });
      ({ secret } = await enrolTOTP(context, member.browser));
      ({ browser: pending } = await signInToSecondStep(context, member.email, member.password));
    });
    afterEach(() => context.close());

    describe('successful request for comparison', () => {
      test('a well-formed verification with surrounding spaces is accepted', async () => {
        context.clock.advance(TOTP_STEP_MILLISECONDS);
        const response = await pending.verify({ method: 'totp', code: ` ${await totpCode(context, secret)} ` });
        assert.equal(response.status, 200, response.text);
      });
    });

    describe('failing requests at the second step', () => {
      test('an unknown field is refused and named, and the sign-in goes on', async () => {
        const response = await pending.verify({ method: 'totp', code: await totpCode(context, secret, 1), userId: member.user.id });
        assertError(response, 400, 'validation_failed');
        assert.equal(pending.session, undefined);
        assert.equal((await pending.get('/api/auth/mfa/pending')).status, 200);
      });

      test('a method name that does not exist is refused', async () => {
        for (const method of ['carrier_pigeon', 'TOTP', '', 'password', null, 42]) {
          assertError(await pending.verify({ method, code: '123456' }), 400, 'validation_failed');
        }
      });

      test('an overly long, empty or non-string code is refused as malformed', async () => {
        for (const code of ['1'.repeat(65), '1'.repeat(10_000), '', '   ', 123456, null, ['123456'], { code: '123456' }]) {
          assertError(await pending.verify({ method: 'totp', code }), 400, 'validation_failed');
        }
      });

      test('a passkey method with a code, or a code method with a credential, is refused', async () => {
        assertError(await pending.verify({ method: 'passkey', code: '123456' }), 400, 'validation_failed');
        assertError(await pending.verify({ method: 'totp', credential: { id: 'x', type: 'public-key' } }), 400, 'validation_failed');
      });

      test('trustBrowser must be a boolean', async () => {
        assertError(await pending.verify({ method: 'totp', code: '123456', trustBrowser: 'yes' }), 400, 'validation_failed');
      });

      test('sending a code by a method that sends nothing is refused', async () => {
        for (const method of ['totp', 'passkey', 'recovery_code', 'fax']) {
          assertError(await pending.post('/api/auth/mfa/send', { method }), 400, 'validation_failed');
        }
        assertError(await pending.post('/api/auth/mfa/send', { method: 'sms', to: '+8613900000000' }), 400, 'validation_failed');
      });

      test('bodies that are not JSON objects are refused', async () => {
        for (const rawBody of ['null', '[]', '"totp"', '{"method":']) {
          const response = await pending.request('POST', '/api/auth/mfa/verify', { rawBody, contentType: 'application/json' });
          assert.equal(response.status, 400, `${rawBody}: ${response.text}`);
        }
      });
    });

    describe('failing requests on the account routes', () => {
      test('confirmation codes are checked for shape', async () => {
        await member.browser.post('/api/account/mfa/sms', { phone: '+86 138 0013 8000' });
        for (const body of [{}, { code: '' }, { code: '1'.repeat(65) }, { code: '123456', factorId: 'x' }, { code: 123456 }]) {
          assertError(await member.browser.post('/api/account/mfa/sms/confirm', body), 400, 'validation_failed');
          assertError(await member.browser.post('/api/account/mfa/totp/confirm', body), 400, 'validation_failed');
        }
      });

      test('a phone number that is too long or not a string is refused', async () => {
        assertError(await member.browser.post('/api/account/mfa/sms', { phone: '1'.repeat(33) }), 400, 'validation_failed');
        assertError(await member.browser.post('/api/account/mfa/sms', { phone: 13800138000 }), 400, 'validation_failed');
        assertError(await member.browser.post('/api/account/mfa/sms', { phone: '+86 138 0013 8000', verified: true }), 400, 'validation_failed');
      });

      test('routes that take no body refuse one with fields (strict schemas: nobody chooses the TOTP secret or the e-mail address)', async () => {
        const other = await createMember(context, { email: 'carol@example.com' });
        const accepted: string[] = [];
        for (const [path, body] of [
          ['/api/account/mfa/totp', { secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' }],
          ['/api/account/mfa/email', { email: 'eve@attacker.example' }],
          ['/api/account/mfa/passkeys/options', { userVerification: 'discouraged' }],
          // Recovery codes need a factor first; the strictness check comes before that.
        ['/api/account/mfa/recovery-codes', { count: 1000 }],
        ] as const) {
          const response = await other.browser.post(path, body);
          assert.ok(response.status < 500, `${path}: ${response.text}`);
          if (response.status !== 400 || response.body?.error?.code !== 'validation_failed') accepted.push(`POST ${path} -> ${response.status} ${response.body?.error?.code ?? ''}`.trim());
        }
        const anonymous = await new Browser(context.server).post('/api/auth/passkey/options', { rpId: 'attacker.example' });
        if (anonymous.status !== 400) accepted.push(`POST /api/auth/passkey/options -> ${anonymous.status}`);
        const reset = await context.admin.post(`/api/admin/users/${other.user.id}/mfa/reset`, { keepFactors: true });
        if (reset.status !== 400) accepted.push(`POST /api/admin/users/:id/mfa/reset -> ${reset.status}`);
        assert.deepEqual(accepted, [], 'bodies with unknown fields were accepted');
      });

      test('a passkey name that is empty or too long is refused', async () => {
        const credential = { id: 'x', type: 'public-key' };
        assertError(await member.browser.post('/api/account/mfa/passkeys', { name: '', credential }), 400, 'validation_failed');
        assertError(await member.browser.post('/api/account/mfa/passkeys', { name: 'n'.repeat(65), credential }), 400, 'validation_failed');
      });

      test('an unknown or malformed factor id answers 404', async () => {
        for (const id of ['00000000-0000-4000-8000-000000000000', 'not-an-id', "1' OR '1'='1"]) {
          const response = await member.browser.delete(`/api/account/mfa/factors/${encodeURIComponent(id)}`);
          assertError(response, 404, 'not_found');
        }
      });

      test('step-up bodies are checked for shape', async () => {
        for (const body of [{}, { password: member.password, code: '123456' }, { method: 'totp' }, { method: 'totp', code: '1'.repeat(65) }, { method: 'nope', code: '123456' }]) {
          assertError(await member.browser.post('/api/auth/reauth', body), 400, 'validation_failed');
        }
      });
    });
  });
}
