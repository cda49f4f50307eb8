/**
 * Threat: guessing second-factor codes once the password is known, and using those wrong
 * guesses to lock the owner out of the password sign-in (Keycloak issue 46164). Code
 * failures are counted apart from password failures; the owner is warned by e-mail.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { assertError } from '../support/http.ts';
import {
  Browser,
  createMember,
  enrolTOTP,
  mailTo,
  nextMessage,
  settleOutbox,
  signInToSecondStep,
  startMFAServer,
  totpCode,
} from '../support/mfa.ts';
import type { BrowserResponse, MFAContext, Member } from '../support/mfa.ts';
import { DATABASES } from '../support/server.ts';

/** More wrong codes than any pending sign-in accepts. */
const GUESS_CEILING = 30;
/** NIST SP 800-63B section 5.2.2: at most 100 consecutive failed attempts on one account. */
const NIST_CONSECUTIVE_FAILURE_LIMIT = 100;

for (const database of DATABASES) {
  describe(`second-factor guessing on ${database}`, () => {
    let context: MFAContext;
    let member: Member;
    let secret: string;

    beforeEach(async () => {
      context = await startMFAServer(database);
      member = await createMember(context, { email: 'bob@example.com' });
      ({ secret } = await enrolTOTP(context, member.browser));
    });
    afterEach(() => context.close());

    /** A code the authenticator does not show now, nor one step either side. */
    async function wrongCode(): Promise<string> {
      const valid = new Set([await totpCode(context, secret, -1), await totpCode(context, secret), await totpCode(context, secret, 1)]);
      for (let candidate = 0; ; candidate++) {
        const code = String(candidate).padStart(6, '0');
        if (!valid.has(code)) return code;
      }
    }

    /** Guesses wrong until the sign-in ends; answers the guesses refused as wrong and the final answer. */
    async function guessUntilEnded(browser: Browser): Promise<{ wrong: number; ended: BrowserResponse | null }> {
      const code = await wrongCode();
      for (let wrong = 0; wrong < GUESS_CEILING; wrong++) {
        const response = await browser.verify({ method: 'totp', code });
        if (response.status !== 401 || response.body.error.code !== 'mfa_code_invalid') return { wrong, ended: response };
      }
      return { wrong: GUESS_CEILING, ended: null };
    }

    describe('successful sign-in around code failures', () => {
      test('a few wrong codes still let the right one in', async () => {
        const { browser } = await signInToSecondStep(context, member.email, member.password);
        for (let i = 0; i < 3; i++) assertError(await browser.verify({ method: 'totp', code: await wrongCode() }), 401, 'mfa_code_invalid');
        assert.equal((await browser.verify({ method: 'totp', code: await totpCode(context, secret) })).status, 200);
      });

      test('after a sign-in ended by wrong codes, the password still signs in to the second step (not 429)', async () => {
        const { browser } = await signInToSecondStep(context, member.email, member.password);
        await guessUntilEnded(browser);
        const fresh = await new Browser(context.server).login(member.email, member.password);
        assert.equal(fresh.status, 200, fresh.text);
        assert.equal(fresh.body.status, 'mfa_required');
      });

      test('code failures do not count as password failures: wrong passwords are still answered 401, not 429', async () => {
        for (let round = 0; round < 3; round++) {
          const { browser } = await signInToSecondStep(context, member.email, member.password);
          await guessUntilEnded(browser);
        }
        assertError(await new Browser(context.server).login(member.email, 'a wrong password, once'), 401, 'invalid_credentials');
        const fresh = await new Browser(context.server).login(member.email, member.password);
        assert.equal(fresh.status, 200, fresh.text);
      });
    });

    describe('failing sign-in', () => {
      test('repeated wrong codes end the pending sign-in with 429 mfa_attempts_exceeded', async () => {
        const { browser } = await signInToSecondStep(context, member.email, member.password);
        const { wrong, ended } = await guessUntilEnded(browser);
        assert.ok(ended, `still guessing after ${GUESS_CEILING} wrong codes`);
        assertError(ended, 429, 'mfa_attempts_exceeded');
        assert.ok(wrong >= 3 && wrong <= 10, `${wrong} wrong codes before the end`);
        const right = await browser.verify({ method: 'totp', code: await totpCode(context, secret) });
        assert.ok(right.status === 401 || right.status === 429, right.text);
        assert.equal(browser.session, undefined, 'the right code no longer helps');
        assertError(await browser.me(), 401, 'unauthenticated');
      });

      test('the ended sign-in is audited', async () => {
        const { browser } = await signInToSecondStep(context, member.email, member.password);
        await guessUntilEnded(browser);
        const events = await context.server.database.db.selectFrom('audit_events').select(['event', 'target_id']).where('event', 'in', ['mfa.verify_failed', 'mfa.attempt_ended']).execute();
        assert.ok(events.some((e) => e.event === 'mfa.attempt_ended' && e.target_id === member.user.id), JSON.stringify(events));
        assert.ok(events.some((e) => e.event === 'mfa.verify_failed'));
      });

      test('the owner is e-mailed a warning about the repeated second-factor failures', async () => {
        await settleOutbox(context);
        const since = context.mailbox.messages.length;
        const { browser } = await signInToSecondStep(context, member.email, member.password);
        const code = await wrongCode();
        await guessUntilEnded(browser);
        const warning = await nextMessage(context.mailbox, since, mailTo(member.email));
        assert.ok(warning.subject.length > 0);
        assert.ok(!warning.text.includes(code), 'the guessed code is not repeated in the mail');
        assert.ok(!warning.text.includes(member.password));
      });

      test('fresh sign-ins do not give unlimited guesses: at most 100 wrong codes in a row are checked (NIST SP 800-63B 5.2.2)', async () => {
        let checked = 0;
        for (let round = 0; round < 40 && checked <= NIST_CONSECUTIVE_FAILURE_LIMIT; round++) {
          const browser = new Browser(context.server);
          const login = await browser.login(member.email, member.password);
          if (login.status !== 200 || login.body.status !== 'mfa_required') break;
          const { wrong } = await guessUntilEnded(browser);
          checked += wrong;
          if (wrong === 0) break;
        }
        assert.ok(checked <= NIST_CONSECUTIVE_FAILURE_LIMIT, `${checked} wrong codes were checked in a row`);
        // And the password is still not locked by them.
        assertError(await new Browser(context.server).login(member.email, 'a wrong password, once'), 401, 'invalid_credentials');
      });
    });
  });
}
