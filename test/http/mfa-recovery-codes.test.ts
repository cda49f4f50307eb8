/** Recovery codes: signing in with one, each once; regenerating them (with a fresh proof) ends the old ones. */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { assertError } from '../support/http.ts';
import {
  createMember,
  enrolTOTP,
  RECOVERY_CODE_COUNT,
  REAUTH_WINDOW_MILLISECONDS,
  signInToSecondStep,
  startMFAServer,
} from '../support/mfa.ts';
import type { MFAContext, Member, TOTPEnrolment } from '../support/mfa.ts';
import { DATABASES } from '../support/server.ts';

for (const database of DATABASES) {
  describe(`recovery codes on ${database}`, () => {
    let context: MFAContext;
    let member: Member;
    let enrolment: TOTPEnrolment;
    let codes: string[];

    beforeEach(async () => {
      context = await startMFAServer(database);
      member = await createMember(context, { email: 'bob@example.com' });
      enrolment = await enrolTOTP(context, member.browser);
      codes = enrolment.recoveryCodes!;
    });
    afterEach(() => context.close());

    const signInWithCode = async (code: string) => {
      const { browser } = await signInToSecondStep(context, member.email, member.password);
      return { browser, response: await browser.verify({ method: 'recovery_code', code }) };
    };

    describe('successful use', () => {
      test('a recovery code signs in and the remaining count goes down by one', async () => {
        const { browser, response } = await signInWithCode(codes[0]!);
        assert.equal(response.status, 200, response.text);
        assert.deepEqual(response.body, { status: 'signed_in' });
        assert.ok(browser.session);
        assert.equal((await browser.mfa()).body.recoveryCodesRemaining, RECOVERY_CODE_COUNT - 1);
      });

      test('every one of the ten codes works once', async () => {
        for (const [index, code] of codes.entries()) {
          const { response } = await signInWithCode(code);
          assert.equal(response.status, 200, `code ${index}: ${response.text}`);
        }
        assert.equal((await member.browser.mfa()).body.recoveryCodesRemaining, 0);
      });

      test('the code may be typed with spaces, in lower case, without its separator', async () => {
        const code = codes[1]!;
        const typed = code.toLowerCase().replace(/[-\s]/g, '').replace(/(.{4})/g, '$1 ').trim();
        const { response } = await signInWithCode(typed);
        assert.equal(response.status, 200, `${code} typed as ${typed}: ${response.text}`);
      });

      test('using a recovery code is audited', async () => {
        await signInWithCode(codes[0]!);
        const events = await context.server.database.db.selectFrom('audit_events').select(['event', 'target_id']).where('event', '=', 'mfa.recovery_code_used').execute();
        assert.equal(events.length, 1);
        assert.equal(events[0]!.target_id, member.user.id);
      });

      test('when every code is used, recovery_code is no longer offered', async () => {
        for (const code of codes) await signInWithCode(code);
        const { answer } = await signInToSecondStep(context, member.email, member.password);
        assert.deepEqual(answer.methods, ['totp']);
      });

      test('regenerating with a fresh sign-in answers ten new codes and the old ones stop working', async () => {
        const response = await member.browser.post('/api/account/mfa/recovery-codes');
        assert.equal(response.status, 200, response.text);
        const fresh: string[] = response.body.recoveryCodes;
        assert.equal(fresh.length, RECOVERY_CODE_COUNT);
        assert.ok(!fresh.some((code) => codes.includes(code)));
        assertError((await signInWithCode(codes[2]!)).response, 401, 'mfa_code_invalid');
        assert.equal((await signInWithCode(fresh[0]!)).response.status, 200);
        assert.equal((await member.browser.mfa()).body.recoveryCodesRemaining, RECOVERY_CODE_COUNT - 1);
      });

      test('the codes are stored only as hashes', async () => {
        const rows = await context.server.database.db.selectFrom('recovery_codes').selectAll().execute();
        assert.equal(rows.length, RECOVERY_CODE_COUNT);
        const dump = JSON.stringify(rows);
        for (const code of codes) {
          assert.ok(!dump.includes(code));
          assert.ok(!dump.includes(code.replace(/[^A-Za-z0-9]/g, '')));
        }
      });
    });

    describe('failing use', () => {
      test('a used code cannot be used twice', async () => {
        assert.equal((await signInWithCode(codes[0]!)).response.status, 200);
        const again = await signInWithCode(codes[0]!);
        assertError(again.response, 401, 'mfa_code_invalid');
        assert.equal(again.browser.session, undefined);
      });

      test('two concurrent sign-ins with one code give exactly one session', async () => {
        const attempts = await Promise.all([0, 1, 2].map(() => signInToSecondStep(context, member.email, member.password)));
        const responses = await Promise.all(attempts.map(({ browser }) => browser.verify({ method: 'recovery_code', code: codes[3]! })));
        assert.deepEqual(responses.map((r) => r.status).sort(), [200, 401, 401]);
      });

      test('a made-up code is refused', async () => {
        const { response, browser } = await signInWithCode('AAAA-BBBB-CCCC');
        assertError(response, 401, 'mfa_code_invalid');
        assert.equal(browser.session, undefined);
      });

      test("another person's code is refused", async () => {
        const other = await createMember(context, { email: 'carol@example.com' });
        const otherCodes = (await enrolTOTP(context, other.browser)).recoveryCodes!;
        assertError((await signInWithCode(otherCodes[0]!)).response, 401, 'mfa_code_invalid');
      });

      test('regenerating more than ten minutes after signing in needs a fresh proof', async () => {
        context.clock.advance(REAUTH_WINDOW_MILLISECONDS + 1000);
        assertError(await member.browser.post('/api/account/mfa/recovery-codes'), 403, 'reauth_required');
        assert.equal((await signInWithCode(codes[0]!)).response.status, 200, 'the old codes still work');
      });

      test('regenerating needs a session', async () => {
        const { browser } = await signInToSecondStep(context, member.email, member.password);
        assertError(await browser.post('/api/account/mfa/recovery-codes'), 401, 'unauthenticated');
      });
    });
  });
}
