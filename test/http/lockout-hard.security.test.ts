/**
 * Threat: online password guessing against one account, against many (credential stuffing),
 * and locking a person out on purpose. docs/recovery-api.md, "Lockout": after
 * `pauseAfterFailures` wrong passwords each further failure pauses the identifier 1, 5, 15,
 * then 60 minutes; after `lockAfterFailures` the account is locked (423) until an
 * administrator unlocks it or a reset succeeds; unknown identifiers go through the same
 * answers; sign-in, re-authentication and password change share the count; second-factor
 * failures never count; an address failing 50 times in 15 minutes is paused on its own.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { ADMIN, assertError } from '../support/http.ts';
import { Browser, createMember, enrolTOTP, MINUTE_MILLISECONDS, REAUTH_WINDOW_MILLISECONDS, totpCode } from '../support/mfa.ts';
import type { BrowserResponse, Member } from '../support/mfa.ts';
import {
  ADDRESS_FAILURES_PER_WINDOW,
  ADDRESS_WINDOW_MILLISECONDS,
  adminUserId,
  auditRows,
  checkLink,
  DEFAULT_LOCK_AFTER_FAILURES,
  DEFAULT_PAUSE_AFTER_FAILURES,
  failSignIns,
  freshAdmin,
  getRecoverySettings,
  LIMITS_FORGOTTEN_MILLISECONDS,
  listedUser,
  lockBySignIn,
  MAX_LOCK_AFTER_FAILURES,
  NEW_PASSWORD,
  nextResetMail,
  PAUSE_STEPS_SECONDS,
  putRecoverySettings,
  requestReset,
  resetPassword,
  retryAfterSeconds,
  setRecoverySettings,
  settle,
  startRecoveryServer,
  stepUp,
  waitOutPause,
} from '../support/recovery.ts';
import type { RecoveryContext } from '../support/recovery.ts';
import { DATABASES } from '../support/server.ts';

const BOB = { email: 'bob@example.com', username: 'bob', name: 'Bob' };
const NOBODY = 'nobody@example.com';

/** The full-width forms (U+FF01..U+FF5E) of printable ASCII; NFKC maps them back. */
function fullWidth(text: string): string {
  return text.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
}

/** What a client can observe of a sign-in answer, apart from the request id and date. */
function observable(response: BrowserResponse): unknown {
  return {
    status: response.status,
    body: response.body,
    retryAfter: response.headers.get('retry-after'),
    setCookie: response.headers.getSetCookie(),
    contentLength: response.headers.get('content-length'),
  };
}

function assertPaused(response: BrowserResponse, seconds: number): void {
  assertError(response, 429, 'too_many_attempts');
  assert.equal(response.headers.get('retry-after'), String(seconds));
  assert.equal(response.body.error.retryAfterSeconds, seconds);
  assert.equal(response.session, null);
}

for (const database of DATABASES) {
  describe(`pauses and hard lockout on ${database}`, () => {
    let context: RecoveryContext;
    let member: Member;

    beforeEach(async () => {
      context = await startRecoveryServer(database);
      member = await createMember(context, BOB);
      await settle(context);
    });
    afterEach(() => context.close());

    const signIn = (identifier: string, password: string) => new Browser(context.server).login(identifier, password);
    const wrong = (identifier: string, n = 0) => signIn(identifier, `a wrong guess, number ${n}`);

    describe('pauses', () => {
      test('five wrong passwords pause the identifier for 60 s, even for the right password', async () => {
        const failures = await failSignIns(context, BOB.email, DEFAULT_PAUSE_AFTER_FAILURES);
        assert.deepEqual(failures.map((r) => r.status), new Array(DEFAULT_PAUSE_AFTER_FAILURES).fill(401));
        assertPaused(await signIn(BOB.email, member.password), PAUSE_STEPS_SECONDS[0]);
        context.clock.advance(PAUSE_STEPS_SECONDS[0] * 1000);
        assert.equal((await signIn(BOB.email, member.password)).status, 200);
      });

      test('each further failure waits longer: 1, 5, 15, 60 and again 60 minutes', async () => {
        await failSignIns(context, BOB.email, DEFAULT_PAUSE_AFTER_FAILURES);
        const waits = [...PAUSE_STEPS_SECONDS, PAUSE_STEPS_SECONDS[3]];
        for (const [index, seconds] of waits.entries()) {
          assertPaused(await wrong(BOB.email, index), seconds);
          context.clock.advance(seconds * 1000 - 1000);
          assert.equal((await wrong(BOB.email, index)).status, 429, 'a second before the end it is still paused');
          context.clock.advance(1000);
          assertError(await wrong(BOB.email, index), 401, 'invalid_credentials');
        }
      });

      test('an administrator may pause earlier (pauseAfterFailures 3)', async () => {
        await setRecoverySettings(context, { pauseAfterFailures: 3 });
        await failSignIns(context, BOB.email, 3);
        assertPaused(await signIn(BOB.email, member.password), PAUSE_STEPS_SECONDS[0]);
      });
    });

    describe('hard lock', () => {
      test('nineteen wrong passwords do not lock the account', async () => {
        await failSignIns(context, BOB.email, DEFAULT_LOCK_AFTER_FAILURES - 1);
        const answer = await waitOutPause(context, () => signIn(BOB.email, member.password));
        assert.equal(answer.status, 200, answer.text);
      });

      test('after twenty wrong passwords: 423 account_locked even with the right password, by any identifier, a day later too', async () => {
        const failures = await failSignIns(context, BOB.email, DEFAULT_LOCK_AFTER_FAILURES);
        assert.equal(failures.length, DEFAULT_LOCK_AFTER_FAILURES);
        assert.ok(failures.slice(0, -1).every((r) => r.status === 401));
        const locked = await signIn(BOB.email, member.password);
        assertError(locked, 423, 'account_locked');
        assert.equal(locked.session, null);
        assertError(await signIn(BOB.username, member.password), 423, 'account_locked');
        assertError(await signIn(fullWidth(BOB.email.toUpperCase()), member.password), 423, 'account_locked');
        context.clock.advance(LIMITS_FORGOTTEN_MILLISECONDS);
        assertError(await signIn(BOB.email, member.password), 423, 'account_locked');

        await freshAdmin(context);
        const listed = await listedUser(context, BOB.email);
        assert.equal(typeof listed.lockedAt, 'number');
        const events = await auditRows(context, ['login.locked']);
        assert.equal(events.length, 1);
        assert.equal(events[0]!.target_id, member.user.id);
      });

      test('a locked account refuses re-authentication with the right password too (423)', async () => {
        // Locked without long pauses, so that Bob's session is still open.
        await setRecoverySettings(context, { pauseAfterFailures: 10, lockAfterFailures: 11 });
        await failSignIns(context, BOB.email, 11);
        assertError(await signIn(BOB.email, member.password), 423, 'account_locked');
        assertError(await member.browser.post('/api/auth/reauth', { password: member.password }), 423, 'account_locked');
      });

      test('a successful sign-in clears the count', async () => {
        await failSignIns(context, BOB.email, DEFAULT_LOCK_AFTER_FAILURES - 1);
        assert.equal((await waitOutPause(context, () => signIn(BOB.email, member.password))).status, 200);
        await failSignIns(context, BOB.email, DEFAULT_LOCK_AFTER_FAILURES - 1);
        assert.equal((await waitOutPause(context, () => signIn(BOB.email, member.password))).status, 200);
      });

      test('an administrator may lock earlier (lockAfterFailures 7, set with step-up)', async () => {
        await setRecoverySettings(context, { lockAfterFailures: 7 });
        await failSignIns(context, BOB.email, 6);
        assert.equal((await waitOutPause(context, () => signIn(BOB.email, member.password))).status, 200, 'six do not lock');
        await failSignIns(context, BOB.email, 7);
        assertError(await signIn(BOB.email, member.password), 423, 'account_locked');
      });

      test('lockAfterFailures above 100 (NIST SP 800-63B) or below the schema is refused with 400', async () => {
        await stepUp(context.admin);
        const current = await getRecoverySettings(context);
        assert.deepEqual(current, { securityQuestionsEnabled: false, pauseAfterFailures: 5, lockAfterFailures: 20 });
        for (const lockAfterFailures of [MAX_LOCK_AFTER_FAILURES + 1, 1000, 0, -1, 20.5]) {
          assertError(await putRecoverySettings(context, { ...current, lockAfterFailures }), 400, 'validation_failed');
        }
        assertError(await putRecoverySettings(context, { ...current, lockAfterFailures: '50' }), 400, 'validation_failed');
        assertError(await putRecoverySettings(context, { ...current, unlockAfterMinutes: 5 }), 400, 'validation_failed');
        // The shared schema: the lock comes after the pauses begin.
        assertError(await putRecoverySettings(context, { ...current, pauseAfterFailures: 10, lockAfterFailures: 10 }), 400, 'validation_failed');
        assertError(await putRecoverySettings(context, { ...current, pauseAfterFailures: 20, lockAfterFailures: 5 }), 400, 'validation_failed');
        assert.deepEqual(await getRecoverySettings(context), current, 'nothing changed');
        const atLimit = await putRecoverySettings(context, { ...current, lockAfterFailures: MAX_LOCK_AFTER_FAILURES });
        assert.ok(atLimit.status === 200 || atLimit.status === 204, atLimit.text);
      });

      test('changing the lockout settings needs a fresh proof (403 reauth_required) and settings.manage', async () => {
        const current = await getRecoverySettings(context);
        context.clock.advance(REAUTH_WINDOW_MILLISECONDS + MINUTE_MILLISECONDS);
        assertError(await putRecoverySettings(context, { ...current, lockAfterFailures: 10 }), 403, 'reauth_required');
        assertError(await member.browser.put('/api/admin/settings/recovery', { ...current, lockAfterFailures: 100 }), 403, 'forbidden');
        assertError(await member.browser.get('/api/admin/settings/recovery'), 403, 'forbidden');
        assert.deepEqual(await getRecoverySettings(context), current);
        const audited = await auditRows(context, ['settings.recovery_changed']);
        assert.equal(audited.length, 0);
        await stepUp(context.admin);
        const changed = await putRecoverySettings(context, { ...current, lockAfterFailures: 10 });
        assert.ok(changed.status === 200 || changed.status === 204, changed.text);
        assert.equal((await auditRows(context, ['settings.recovery_changed'])).length, 1);
      });

      test('an unknown identifier goes through exactly the same answers, up to 423', async () => {
        const known: unknown[] = [];
        const unknown: unknown[] = [];
        for (let i = 0; i < 80; i++) {
          const k = await wrong(BOB.email, i);
          const u = await wrong(NOBODY, i);
          known.push(observable(k));
          unknown.push(observable(u));
          if (k.status === 423 || u.status === 423) {
            // One more of each: locked stays locked.
            known.push(observable(await signIn(BOB.email, member.password)));
            unknown.push(observable(await signIn(NOBODY, member.password)));
            break;
          }
          if (k.status === 429) context.clock.advance(retryAfterSeconds(k) * 1000);
        }
        assert.deepEqual(unknown, known);
        assert.equal((known.at(-1) as { status: number }).status, 423, 'the known account ended locked');
      });
    });

    describe('getting back in', () => {
      test('the owner of a locked account is mailed a reset link, which resets and unlocks', async () => {
        const since = context.mailbox.messages.length;
        await lockBySignIn(context, BOB.email);
        const { mail, token } = await nextResetMail(context, BOB.email, since);
        assert.deepEqual(mail.to, [BOB.email]);
        assert.equal((await checkLink(context, token)).status, 200);
        const reset = await resetPassword(context, token, NEW_PASSWORD);
        assert.equal(reset.status, 200, reset.text);
        const signedIn = await signIn(BOB.email, NEW_PASSWORD);
        assert.equal(signedIn.status, 200, signedIn.text);
        assert.deepEqual(signedIn.body, { status: 'signed_in' });
      });

      test('nothing is mailed when an unknown identifier gets locked', async () => {
        const since = context.mailbox.messages.length;
        await failSignIns(context, NOBODY, DEFAULT_LOCK_AFTER_FAILURES);
        assertError(await signIn(NOBODY, 'any password'), 423, 'account_locked');
        // The sentinel: a real account's reset mail; once it is in and the outbox is idle, nothing else came.
        await settle(context);
        const before = context.mailbox.messages.length;
        assert.equal((await requestReset(context, ADMIN.email)).status, 202);
        const sentinel = await nextResetMail(context, ADMIN.email, before);
        await settle(context);
        assert.deepEqual(
          context.mailbox.messages.slice(since).filter((m) => m !== sentinel.mail).map((m) => m.to),
          [],
          'no mail about the unknown identifier',
        );
      });

      test('an administrator unlocks the account: failures, pauses and the lock are cleared', async () => {
        await lockBySignIn(context, BOB.email);
        const admin = await freshAdmin(context);
        assert.equal(typeof (await listedUser(context, BOB.email)).lockedAt, 'number');
        const unlocked = await admin.post(`/api/admin/users/${member.user.id}/unlock`);
        assert.equal(unlocked.status, 204, unlocked.text);
        assert.equal((await listedUser(context, BOB.email)).lockedAt, null);
        // No wait on the clock: the pause the last failure started is cleared too.
        const signedIn = await signIn(BOB.email, member.password);
        assert.equal(signedIn.status, 200, signedIn.text);
        // The count starts again: four failures do not pause.
        await failSignIns(context, BOB.email, DEFAULT_PAUSE_AFTER_FAILURES - 1);
        assert.equal((await signIn(BOB.email, member.password)).status, 200);
        const events = await auditRows(context, ['account.unlocked']);
        assert.equal(events.length, 1);
        assert.equal(events[0]!.actor_id, await adminUserId(context));
        assert.equal(events[0]!.target_id, member.user.id);
      });
    });

    describe('what counts', () => {
      test('second-factor failures do not count toward the password lockout', async () => {
        const { secret } = await enrolTOTP(context, member.browser);
        const wrongCode = async (): Promise<string> => {
          const valid = new Set([await totpCode(context, secret, -1), await totpCode(context, secret), await totpCode(context, secret, 1)]);
          return ['000000', '111111', '222222', '333333'].find((c) => !valid.has(c))!;
        };
        /** Moves the clock on without letting the session's idle timeout end it. */
        const wait = async (milliseconds: number): Promise<void> => {
          for (let left = milliseconds; left > 0; left -= 20 * MINUTE_MILLISECONDS) {
            context.clock.advance(Math.min(left, 20 * MINUTE_MILLISECONDS));
            assert.equal((await member.browser.me()).status, 200, 'the session is still open');
          }
        };
        // Wrong codes at re-authentication (no password is checked there), every code pause
        // waited out, so that each answer is a checked wrong code: more than lockAfterFailures.
        const answers: number[] = [];
        while (answers.length <= DEFAULT_LOCK_AFTER_FAILURES) {
          const answer = await member.browser.post('/api/auth/reauth', { method: 'totp', code: await wrongCode() });
          answers.push(answer.status);
          if (answer.status === 401) {
            assertError(answer, 401, 'mfa_code_invalid');
            continue;
          }
          assertError(answer, 429, 'mfa_attempts_exceeded');
          await wait(retryAfterSeconds(answer) * 1000);
        }
        const password = await signIn(BOB.email, member.password);
        assert.equal(password.status, 200, `the password still works after ${answers.length} wrong codes: ${password.text}`);
        assert.equal(password.body.status, 'mfa_required');
        await freshAdmin(context);
        assert.equal((await listedUser(context, BOB.email)).lockedAt, null);
      });

      // No pause before the lock (pauseAfterFailures 10, lockAfterFailures 11), so Bob's session stays open throughout.
      async function failEverywhere(signInFailures: number): Promise<void> {
        await setRecoverySettings(context, { pauseAfterFailures: 10, lockAfterFailures: 11 });
        for (let i = 0; i < 4; i++) {
          assertError(await member.browser.post('/api/auth/reauth', { password: `wrong reauth ${i}` }), 401, 'password_incorrect');
        }
        for (let i = 0; i < 4; i++) {
          const answer = await member.browser.post('/api/auth/password/change', { currentPassword: `wrong current ${i}`, newPassword: 'a new passphrase, never set' });
          assertError(answer, 400, 'current_password_invalid');
        }
        assert.equal((await failSignIns(context, BOB.email, signInFailures)).length, signInFailures);
      }

      test('wrong passwords at re-authentication and password change count toward the same lock', async () => {
        await failEverywhere(3);
        assertError(await signIn(BOB.email, member.password), 423, 'account_locked');
      });

      test('ten failures in all (four re-authentications, four password changes, two sign-ins) do not lock at eleven', async () => {
        await failEverywhere(2);
        // The tenth failure starts a pause (pauseAfterFailures 10), not the lock.
        const answer = await waitOutPause(context, () => signIn(BOB.email, member.password));
        assert.equal(answer.status, 200, answer.text);
      });

      test('the e-mail in any case, with spaces, full-width, and the username share one count', async () => {
        const variants = [BOB.email.toUpperCase(), `  ${BOB.email}  `, fullWidth(BOB.email), BOB.username, BOB.username.toUpperCase()];
        for (const [i, variant] of variants.entries()) assertError(await wrong(variant, i), 401, 'invalid_credentials');
        assertPaused(await signIn(BOB.email, member.password), PAUSE_STEPS_SECONDS[0]);
      });

      test('an unknown e-mail in any case, with spaces or full-width shares one count', async () => {
        const variants = [NOBODY.toUpperCase(), `  ${NOBODY}  `, fullWidth(NOBODY), 'Nobody@Example.COM', NOBODY];
        for (const [i, variant] of variants.entries()) assertError(await wrong(variant, i), 401, 'invalid_credentials');
        assertPaused(await wrong(NOBODY, 99), PAUSE_STEPS_SECONDS[0]);
      });

      test('one address failing 50 times in 15 minutes across identifiers is paused, whatever the account', async () => {
        for (let i = 0; i < ADDRESS_FAILURES_PER_WINDOW; i++) {
          assertError(await wrong(`visitor${i}@example.com`, i), 401, 'invalid_credentials');
        }
        const refused = await signIn(BOB.email, member.password);
        assertError(refused, 429, 'too_many_attempts');
        assert.ok(retryAfterSeconds(refused) <= ADDRESS_WINDOW_MILLISECONDS / 1000);
        assertError(await wrong('one-more@example.com'), 429, 'too_many_attempts');
        context.clock.advance(ADDRESS_WINDOW_MILLISECONDS);
        const later = await signIn(BOB.email, member.password);
        assert.equal(later.status, 200, `the address pause ends and Bob's own count was never touched: ${later.text}`);
      });
    });
  });
}
