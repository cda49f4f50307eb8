/**
 * Recovery from the administrator's command line (docs/recovery-api.md, last line):
 * `user:unlock --email E`, `user:reset-password --email E [--send-link]`, run as processes
 * against the database a running test server uses, the results checked over HTTP and mail.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { createTestClock } from '../../src/server/infra/clock.ts';
import type { TestClock } from '../../src/server/infra/clock.ts';
import { openTestDatabase } from '../support/database.ts';
import type { TestDatabase } from '../support/database.ts';
import { assertError } from '../support/http.ts';
import { Browser, createMember, mailTo, MINUTE_MILLISECONDS } from '../support/mfa.ts';
import type { Member } from '../support/mfa.ts';
import { runCLI } from '../support/processes.ts';
import type { ProcessResult } from '../support/processes.ts';
import {
  auditRows,
  checkLink,
  failSignIns,
  freshAdmin,
  listedUser,
  NEW_PASSWORD,
  nextResetMail,
  PUBLIC_URL,
  requestLink,
  resetPassword,
  resetTokenIn,
  setRecoverySettings,
  settle,
  startRecoveryServer,
  TEMPORARY_PASSWORD_MILLISECONDS,
  TEMPORARY_PASSWORD_PATTERN,
  waitOutPause,
} from '../support/recovery.ts';
import type { RecoveryContext } from '../support/recovery.ts';
import { DATABASES } from '../support/server.ts';

const BOB = { email: 'bob@example.com', username: 'bob', name: 'Bob' };

function assertNoStackTrace(result: ProcessResult): void {
  assert.doesNotMatch(result.stderr, /^\s+at /m, `no stack trace: ${result.stderr}`);
}

for (const database of DATABASES) {
  describe(`recovery from the command line on ${database}`, () => {
    let target: TestDatabase;
    let clock: TestClock;
    let context: RecoveryContext;
    let member: Member;

    beforeEach(async () => {
      target = await openTestDatabase(database);
      // The command line runs on the system clock: the server's test clock starts at the same time.
      clock = createTestClock(Date.now());
      context = await startRecoveryServer(database, { env: target.env, clock });
      member = await createMember(context, BOB);
      await settle(context);
    });
    afterEach(async () => {
      await context.close();
      await target.close();
    });

    const cli = (args: string[]): Promise<ProcessResult> =>
      runCLI(args, { env: { ...target.env, PUBLIC_URL, SMTP_URL: context.mailbox.url }, stdin: null });
    const signIn = (identifier: string, password: string) => new Browser(context.server).login(identifier, password);

    describe('user:unlock', () => {
      test('unlocks a locked account; the person signs in with their password', async () => {
        await setRecoverySettings(context, { pauseAfterFailures: 3, lockAfterFailures: 5 });
        await failSignIns(context, BOB.email, 5);
        assertError(await signIn(BOB.email, member.password), 423, 'account_locked');

        const result = await cli(['user:unlock', '--email', BOB.email]);
        assert.equal(result.code, 0, result.stderr);
        assertNoStackTrace(result);

        // A short pause kept in this server's memory may still run out; the lock itself is gone.
        const answer = await waitOutPause(context, () => signIn(BOB.email, member.password));
        assert.equal(answer.status, 200, answer.text);
        await freshAdmin(context);
        assert.equal((await listedUser(context, BOB.email)).lockedAt, null);
        const events = await auditRows(context, ['account.unlocked']);
        assert.equal(events.length, 1);
        assert.equal(events[0]!.target_id, member.user.id);
      });

      test('finds the account whatever the case of the e-mail', async () => {
        await setRecoverySettings(context, { pauseAfterFailures: 3, lockAfterFailures: 5 });
        await failSignIns(context, BOB.email, 5);
        const result = await cli(['user:unlock', '--email', BOB.email.toUpperCase()]);
        assert.equal(result.code, 0, result.stderr);
        assert.notEqual((await waitOutPause(context, () => signIn(BOB.email, member.password))).status, 423);
      });
    });

    describe('user:reset-password', () => {
      test('prints a temporary password that must be changed; sessions end; earlier links die', async () => {
        const token = await requestLink(context, BOB.email, BOB.email);
        const result = await cli(['user:reset-password', '--email', BOB.email]);
        assert.equal(result.code, 0, result.stderr);
        const temporaryPassword = TEMPORARY_PASSWORD_PATTERN.exec(result.stdout)?.[1];
        assert.ok(temporaryPassword, `a temporary password in ${JSON.stringify(result.stdout)}`);

        assertError(await member.browser.me(), 401, 'unauthenticated');
        assertError(await signIn(BOB.email, member.password), 401, 'invalid_credentials');
        assertError(await checkLink(context, token), 410, 'reset_link_invalid');
        const browser = new Browser(context.server);
        const first = await browser.login(BOB.email, temporaryPassword);
        assert.equal(first.status, 200, first.text);
        assert.deepEqual(first.body, { status: 'password_change_required' });
        const changed = await browser.post('/api/auth/password/change', { currentPassword: temporaryPassword, newPassword: NEW_PASSWORD });
        assert.equal(changed.status, 200, changed.text);
        assert.deepEqual((await signIn(BOB.email, NEW_PASSWORD)).body, { status: 'signed_in' });

        const events = await auditRows(context, ['password.temporary_issued']);
        assert.equal(events.length, 1);
        assert.equal(events[0]!.target_id, member.user.id);
        assert.ok(!events[0]!.details.includes(temporaryPassword), 'the password is not in the audit log');
      });

      test('the printed temporary password expires after 72 hours', async () => {
        const result = await cli(['user:reset-password', '--email', BOB.email]);
        assert.equal(result.code, 0, result.stderr);
        const temporaryPassword = TEMPORARY_PASSWORD_PATTERN.exec(result.stdout)![1]!;
        clock.set(Date.now() + TEMPORARY_PASSWORD_MILLISECONDS + MINUTE_MILLISECONDS);
        assertError(await signIn(BOB.email, temporaryPassword), 401, 'temporary_password_expired');
      });

      test('with --send-link, mails a working link built from PUBLIC_URL and prints no password', async () => {
        const since = context.mailbox.messages.length;
        const result = await cli(['user:reset-password', '--email', BOB.email, '--send-link']);
        assert.equal(result.code, 0, result.stderr);
        assert.doesNotMatch(result.stdout, TEMPORARY_PASSWORD_PATTERN);
        if (!context.mailbox.messages.slice(since).some((m) => mailTo(BOB.email)(m) && resetTokenIn(m.text))) {
          // Left queued for the server to send: its worker picks it up.
          clock.set(Date.now());
          await context.server.messenger.runDueRetries();
        }
        const { mail, token } = await nextResetMail(context, BOB.email, since);
        assert.deepEqual(mail.to, [BOB.email]);
        assert.match(token, /^[A-Za-z0-9_-]{43}$/);
        assert.equal((await signIn(BOB.email, member.password)).status, 200, 'the password is unchanged until the link is used');
        assert.equal((await checkLink(context, token)).status, 200);
        assert.equal((await resetPassword(context, token, NEW_PASSWORD)).status, 200);
        assert.deepEqual((await signIn(BOB.email, NEW_PASSWORD)).body, { status: 'signed_in' });
      });
    });

    describe('failing commands', () => {
      for (const command of [['user:unlock'], ['user:reset-password'], ['user:reset-password', '--send-link']]) {
        test(`${command.join(' ')} with an unknown e-mail exits non-zero, says so, and changes nothing`, async () => {
          const result = await cli([...command, '--email', 'nobody@example.com']);
          assert.notEqual(result.code, 0);
          assert.ok(result.stderr.length > 0, 'a message on standard error');
          assertNoStackTrace(result);
          assert.equal((await member.browser.me()).status, 200);
        });

        test(`${command.join(' ')} without --email exits with status 2 and the usage`, async () => {
          const result = await cli(command);
          assert.equal(result.code, 2, result.stderr);
          assertNoStackTrace(result);
        });
      }
    });
  });
}
