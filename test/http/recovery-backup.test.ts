/**
 * Backup e-mail and phone: adding them in the account (codes, step-up, notices to the primary
 * address) and getting back in with them (POST /api/auth/recovery/backup and /backup/verify),
 * with the same answers for unknown identifiers, attempt limits and request limits.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { assertError } from '../support/http.ts';
import { auditEvents, Browser, createMember, DAY_MILLISECONDS, mailTo, MINUTE_MILLISECONDS, nextMessage, settleOutbox, startMFAServer } from '../support/mfa.ts';
import type { MFAContext, Member } from '../support/mfa.ts';
import {
  addBackupEmail,
  addBackupPhone,
  ATTEMPT_MILLISECONDS,
  BACKUP_PHONE,
  mailedCode,
  STEP_UP_EXPIRED_MILLISECONDS,
  stepUp,
  textedCode,
  WRONG_CODES_PER_ATTEMPT,
  wrongCode,
} from '../support/recovery-extras.ts';
import { DATABASES } from '../support/server.ts';

const BACKUP_ADDRESS = 'bob.private@example.net';
const NEW_PASSWORD = 'a new passphrase found through the backup phone';

for (const database of DATABASES) {
  describe(`backup channels on ${database}`, () => {
    let context: MFAContext;
    let member: Member;

    beforeEach(async () => {
      context = await startMFAServer(database);
      member = await createMember(context, { email: 'bob@example.com', username: 'bob' });
    });
    afterEach(() => context.close());

    const overview = async (browser = member.browser) => {
      const response = await browser.get('/api/account/recovery');
      assert.equal(response.status, 200, response.text);
      return response.body;
    };
    const startBackup = (identifier: unknown, channel: unknown, browser = new Browser(context.server)) =>
      browser.post('/api/auth/recovery/backup', { identifier, channel });
    const verify = (attempt: unknown, code: unknown, browser = new Browser(context.server)) => browser.post('/api/auth/recovery/backup/verify', { attempt, code });

    /** Starts a backup-phone recovery and answers the attempt and the texted code. */
    async function phoneAttempt(identifier = member.email): Promise<{ attempt: string; code: string }> {
      const { response, code } = await textedCode(context, BACKUP_PHONE.e164, () => startBackup(identifier, 'phone'), 202);
      return { attempt: response.body.attempt, code };
    }

    describe('the account page', () => {
      test('a new account has no backup channel and no security questions', async () => {
        const body = await overview();
        assert.equal(body.backupEmail, null);
        assert.equal(body.backupPhone, null);
        assert.deepEqual(body.securityQuestions, { enabled: false, configured: [] });
        assert.equal(typeof body.reauthenticatedUntil, 'number');
      });

      test('nobody signed in gets 401', async () => {
        assertError(await new Browser(context.server).get('/api/account/recovery'), 401, 'unauthenticated');
        assertError(await new Browser(context.server).post('/api/account/recovery/backup-email', { email: BACKUP_ADDRESS }), 401, 'unauthenticated');
      });
    });

    describe('successful backup e-mail', () => {
      test('a code goes to the new address; confirmed, it is listed masked and the primary address is told', async () => {
        const { response, code, mail } = await mailedCode(context, BACKUP_ADDRESS, () =>
          member.browser.post('/api/account/recovery/backup-email', { email: BACKUP_ADDRESS }),
        );
        assert.equal(response.body.expiresInSeconds, 600);
        assert.equal(response.body.resendAfterSeconds, 60);
        assert.ok(!response.body.destination.includes('bob.private'), response.body.destination);
        assert.deepEqual(mail.to, [BACKUP_ADDRESS]);
        assert.equal((await overview()).backupEmail.confirmed, false);

        const since = context.mailbox.messages.length;
        const confirmed = await member.browser.post('/api/account/recovery/backup-email/confirm', { code });
        assert.equal(confirmed.status, 204, confirmed.text);
        const listed = (await overview()).backupEmail;
        assert.equal(listed.kind, 'email');
        assert.equal(listed.confirmed, true);
        assert.equal(listed.confirmedAt, context.clock.now());
        assert.ok(!listed.destination.includes('bob.private'), listed.destination);
        const notice = await nextMessage(context.mailbox, since, mailTo(member.email));
        assert.match(notice.subject, /backup e-mail|备用邮箱/);
        assert.equal((await auditEvents(context, 'recovery.backup_channel_added')).length, 1);
      });

      test('a second address replaces the first only once it is confirmed', async () => {
        await addBackupEmail(context, member, BACKUP_ADDRESS);
        const first = (await overview()).backupEmail;
        const { code } = await mailedCode(context, 'bob.second@example.org', () =>
          member.browser.post('/api/account/recovery/backup-email', { email: 'bob.second@example.org' }),
        );
        assert.deepEqual((await overview()).backupEmail, first, 'the confirmed one stays while the new one waits');
        assert.equal((await member.browser.post('/api/account/recovery/backup-email/confirm', { code })).status, 204);
        assert.match((await overview()).backupEmail.destination, /example\.org$/);
      });

      test('removing it needs a recent proof, then answers 204 and tells the primary address', async () => {
        await addBackupEmail(context, member, BACKUP_ADDRESS);
        context.clock.advance(STEP_UP_EXPIRED_MILLISECONDS);
        assertError(await member.browser.delete('/api/account/recovery/backup-email'), 403, 'reauth_required');
        await stepUp(member.browser, member.password);
        await settleOutbox(context);
        const since = context.mailbox.messages.length;
        const removed = await member.browser.delete('/api/account/recovery/backup-email');
        assert.equal(removed.status, 204, removed.text);
        assert.equal((await overview()).backupEmail, null);
        await nextMessage(context.mailbox, since, mailTo(member.email));
        assert.equal((await auditEvents(context, 'recovery.backup_channel_removed')).length, 1);
      });
    });

    describe('failing backup e-mail', () => {
      test('the sign-in address itself is refused, in any case', async () => {
        for (const email of [member.email, member.email.toUpperCase()]) {
          const since = context.mailbox.messages.length;
          assertError(await member.browser.post('/api/account/recovery/backup-email', { email }), 400, 'backup_channel_same_as_primary');
          await context.server.whenIdle();
          assert.equal(context.mailbox.messages.length, since);
        }
      });

      test('adding one needs a recent proof of identity', async () => {
        context.clock.advance(STEP_UP_EXPIRED_MILLISECONDS);
        assertError(await member.browser.post('/api/account/recovery/backup-email', { email: BACKUP_ADDRESS }), 403, 'reauth_required');
        await stepUp(member.browser, member.password);
        await mailedCode(context, BACKUP_ADDRESS, () => member.browser.post('/api/account/recovery/backup-email', { email: BACKUP_ADDRESS }));
      });

      test('a wrong code leaves it unconfirmed', async () => {
        const { code } = await mailedCode(context, BACKUP_ADDRESS, () => member.browser.post('/api/account/recovery/backup-email', { email: BACKUP_ADDRESS }));
        assertError(await member.browser.post('/api/account/recovery/backup-email/confirm', { code: wrongCode(code) }), 401, 'mfa_code_invalid');
        assert.equal((await overview()).backupEmail.confirmed, false);
      });

      test('confirming with nothing waiting answers mfa_code_expired', async () => {
        assertError(await member.browser.post('/api/account/recovery/backup-email/confirm', { code: '123456' }), 401, 'mfa_code_expired');
      });

      test('the code works only in the session that asked for it', async () => {
        const { code } = await mailedCode(context, BACKUP_ADDRESS, () => member.browser.post('/api/account/recovery/backup-email', { email: BACKUP_ADDRESS }));
        const other = new Browser(context.server);
        assert.equal((await other.login(member.email, member.password)).status, 200);
        assertError(await other.post('/api/account/recovery/backup-email/confirm', { code }), 401, 'mfa_code_expired');
      });

      test('malformed input answers 400, never 500', async () => {
        const bodies: unknown[] = [{}, { email: 'not an address' }, { email: BACKUP_ADDRESS, role: 'admin' }, { email: 42 }, { email: `${'a'.repeat(250)}@example.com` }];
        for (const json of bodies) {
          assertError(await member.browser.post('/api/account/recovery/backup-email', json), 400, 'validation_failed');
        }
        assertError(await member.browser.post('/api/account/recovery/backup-email/confirm', { code: '' }), 400, 'validation_failed');
        assertError(await member.browser.post('/api/account/recovery/backup-email/confirm', { code: '123456', extra: 1 }), 400, 'validation_failed');
        const raw = await member.browser.request('POST', '/api/account/recovery/backup-email', { rawBody: '{"email":', contentType: 'application/json' });
        assertError(raw, 400, 'malformed_json');
      });
    });

    describe('backup phone', () => {
      test('a national number is normalised to E.164, texted a code and, confirmed, listed masked', async () => {
        const { response, code } = await textedCode(context, BACKUP_PHONE.e164, () =>
          member.browser.post('/api/account/recovery/backup-phone', { phone: BACKUP_PHONE.entered }),
        );
        assert.ok(!response.body.destination.replace(/\D/g, '').includes('13900139000'), response.body.destination);
        assert.equal((await member.browser.post('/api/account/recovery/backup-phone/confirm', { code })).status, 204);
        const listed = (await overview()).backupPhone;
        assert.equal(listed.confirmed, true);
        assert.match(listed.destination, /9000$/);
      });

      test('an invalid number answers phone_invalid and nothing is sent', async () => {
        for (const phone of ['12345', 'not a phone', '+999 1234 5678']) {
          const since = context.sms.messages.length;
          assertError(await member.browser.post('/api/account/recovery/backup-phone', { phone }), 400, 'phone_invalid');
          assert.equal(context.sms.messages.length, since, phone);
        }
      });

      test('adding and removing a phone need a recent proof', async () => {
        await addBackupPhone(context, member);
        context.clock.advance(STEP_UP_EXPIRED_MILLISECONDS);
        assertError(await member.browser.post('/api/account/recovery/backup-phone', { phone: '+44 7911 123456' }), 403, 'reauth_required');
        assertError(await member.browser.delete('/api/account/recovery/backup-phone'), 403, 'reauth_required');
        await stepUp(member.browser, member.password);
        assert.equal((await member.browser.delete('/api/account/recovery/backup-phone')).status, 204);
        assert.equal((await overview()).backupPhone, null);
      });

      test('when the SMS provider fails, adding answers 503 delivery_failed', async () => {
        context.sms.failNext(1);
        assertError(await member.browser.post('/api/account/recovery/backup-phone', { phone: BACKUP_PHONE.entered }), 503, 'delivery_failed');
      });
    });

    describe('successful recovery by backup phone', () => {
      beforeEach(() => addBackupPhone(context, member));

      test('the texted code gives a reset token that sets a new password', async () => {
        const { attempt, code } = await phoneAttempt();
        const verified = await verify(attempt, code);
        assert.equal(verified.status, 200, verified.text);
        assert.deepEqual(Object.keys(verified.body), ['token']);
        const checked = await new Browser(context.server).post('/api/auth/recovery/check', { token: verified.body.token });
        assert.equal(checked.status, 200, checked.text);
        const reset = await new Browser(context.server).post('/api/auth/recovery/reset', { token: verified.body.token, password: NEW_PASSWORD });
        assert.equal(reset.status, 200, reset.text);
        assert.equal((await new Browser(context.server).login(member.email, NEW_PASSWORD)).status, 200);
        assert.equal((await auditEvents(context, 'recovery.backup_verified')).length, 1);
      });

      test('the username works as the identifier, in any case', async () => {
        const { attempt, code } = await phoneAttempt('BOB');
        assert.equal((await verify(attempt, code)).status, 200);
      });

      test('the SMS carries the code and nothing about the account', async () => {
        const since = context.sms.messages.length;
        await phoneAttempt();
        const text = context.sms.messages.slice(since).find((m) => m.to === BACKUP_PHONE.e164)!.text;
        assert.ok(!text.includes(member.email) && !text.includes('bob'), text);
      });
    });

    describe('failing recovery by backup phone', () => {
      beforeEach(() => addBackupPhone(context, member));

      test('a wrong code answers mfa_code_invalid; five end the attempt, and then the right code answers 410', async () => {
        const { attempt, code } = await phoneAttempt();
        for (let i = 0; i < WRONG_CODES_PER_ATTEMPT; i++) assertError(await verify(attempt, wrongCode(code)), 401, 'mfa_code_invalid');
        assertError(await verify(attempt, code), 410, 'recovery_attempt_invalid');
        assert.equal((await auditEvents(context, 'recovery.backup_verify_failed')).length, WRONG_CODES_PER_ATTEMPT);
      });

      test('four wrong codes leave the attempt usable', async () => {
        const { attempt, code } = await phoneAttempt();
        for (let i = 0; i < WRONG_CODES_PER_ATTEMPT - 1; i++) await verify(attempt, wrongCode(code));
        assert.equal((await verify(attempt, code)).status, 200);
      });

      test('an attempt is used once', async () => {
        const { attempt, code } = await phoneAttempt();
        assert.equal((await verify(attempt, code)).status, 200);
        assertError(await verify(attempt, code), 410, 'recovery_attempt_invalid');
      });

      test('an attempt fifteen minutes old has ended', async () => {
        const { attempt, code } = await phoneAttempt();
        context.clock.advance(ATTEMPT_MILLISECONDS);
        assertError(await verify(attempt, code), 410, 'recovery_attempt_invalid');
      });

      test('a code is bound to its attempt: a later attempt does not take the earlier code', async () => {
        const first = await phoneAttempt();
        context.clock.advance(2 * MINUTE_MILLISECONDS);
        const second = await phoneAttempt();
        if (first.code !== second.code) assertError(await verify(second.attempt, first.code), 401, 'mfa_code_invalid');
        assert.equal((await verify(second.attempt, second.code)).status, 200);
      });

      test('a removed backup phone no longer lets its code in', async () => {
        const { attempt, code } = await phoneAttempt();
        assert.equal((await member.browser.delete('/api/account/recovery/backup-phone')).status, 204);
        assertError(await verify(attempt, code), 401, 'mfa_code_invalid');
      });

      test('an unknown attempt token answers 410', async () => {
        assertError(await verify('A'.repeat(43), '123456'), 410, 'recovery_attempt_invalid');
      });
    });

    describe('recovery by backup e-mail', () => {
      test('a reset link goes to the confirmed backup address, not the sign-in address', async () => {
        await addBackupEmail(context, member, BACKUP_ADDRESS);
        await context.server.whenIdle();
        await settleOutbox(context);
        const since = context.mailbox.messages.length;
        const response = await startBackup(member.email, 'email');
        assert.equal(response.status, 202, response.text);
        const mail = await nextMessage(context.mailbox, since, (m) => /reset-password#token=/.test(m.text));
        assert.deepEqual(mail.to, [BACKUP_ADDRESS]);
        const token = /reset-password#token=([A-Za-z0-9_-]+)/.exec(mail.text)![1];
        assert.equal((await new Browser(context.server).post('/api/auth/recovery/check', { token })).status, 200);
        await context.server.whenIdle();
        assert.ok(!context.mailbox.messages.slice(since).some(mailTo(member.email)), 'nothing to the sign-in address');
      });

      test('an unconfirmed backup address receives nothing', async () => {
        await mailedCode(context, BACKUP_ADDRESS, () => member.browser.post('/api/account/recovery/backup-email', { email: BACKUP_ADDRESS }));
        const since = context.mailbox.messages.length;
        assert.equal((await startBackup(member.email, 'email')).status, 202);
        await context.server.whenIdle();
        assert.equal(context.mailbox.messages.length, since);
      });
    });

    describe('no account enumeration', () => {
      test('an unknown identifier, an account without a backup phone and one with it get the same answer', async () => {
        const other = await createMember(context, { email: 'carol@example.com' });
        await addBackupPhone(context, member);
        const answers = [];
        for (const identifier of ['nobody@example.com', other.email, member.email]) {
          const response = await startBackup(identifier, 'phone');
          assert.equal(response.status, 202, response.text);
          answers.push(response.body);
        }
        for (const body of answers) {
          assert.deepEqual(Object.keys(body).sort(), ['attempt', 'resendAfterSeconds', 'status']);
          assert.equal(body.status, 'accepted');
          assert.equal(body.resendAfterSeconds, 60);
          assert.equal(body.attempt.length, answers[2].attempt.length);
        }
      });

      test('an unknown identifier is texted nothing, and its attempt fails like a wrong code, then ends', async () => {
        const since = context.sms.messages.length;
        const response = await startBackup('nobody@example.com', 'phone');
        assert.equal(response.status, 202);
        await context.server.whenIdle();
        assert.equal(context.sms.messages.length, since);
        for (let i = 0; i < WRONG_CODES_PER_ATTEMPT; i++) assertError(await verify(response.body.attempt, '123456'), 401, 'mfa_code_invalid');
        assertError(await verify(response.body.attempt, '123456'), 410, 'recovery_attempt_invalid');
        const handled = await auditEvents(context, 'password.reset_requested');
        assert.equal(JSON.parse(handled.at(-1).details).outcome, 'no_account');
      });

      test('an account without a backup channel is sent nothing', async () => {
        const sms = context.sms.messages.length;
        await settleOutbox(context);
        const mail = context.mailbox.messages.length;
        assert.equal((await startBackup(member.email, 'phone')).status, 202);
        context.clock.advance(2 * MINUTE_MILLISECONDS);
        assert.equal((await startBackup(member.email, 'email')).status, 202);
        await context.server.whenIdle();
        assert.equal(context.sms.messages.length, sms);
        assert.equal(context.mailbox.messages.length, mail);
      });
    });

    describe('request limits', () => {
      test('one request a minute per identifier: the second answers 429 with Retry-After, known or not', async () => {
        for (const identifier of [member.email, 'nobody@example.com']) {
          assert.equal((await startBackup(identifier, 'phone')).status, 202);
          const again = await startBackup(identifier.toUpperCase(), 'email');
          assertError(again, 429, 'too_many_attempts');
          assert.ok(Number(again.headers.get('retry-after')) > 0);
        }
        context.clock.advance(MINUTE_MILLISECONDS);
        assert.equal((await startBackup(member.email, 'phone')).status, 202);
      });

      test('five requests a day per identifier', async () => {
        for (let i = 0; i < 5; i++) {
          assert.equal((await startBackup('nobody@example.com', 'phone')).status, 202, `request ${i + 1}`);
          context.clock.advance(2 * MINUTE_MILLISECONDS);
        }
        assertError(await startBackup('nobody@example.com', 'phone'), 429, 'too_many_attempts');
        context.clock.advance(DAY_MILLISECONDS);
        assert.equal((await startBackup('nobody@example.com', 'phone')).status, 202);
      });
    });

    describe('malformed public requests', () => {
      test('answer 400, never 500', async () => {
        const starts: unknown[] = [
          {},
          { identifier: member.email },
          { identifier: member.email, channel: 'fax' },
          { identifier: '', channel: 'phone' },
          { identifier: member.email, channel: 'phone', sendTo: 'attacker@example.com' },
          { identifier: ['a'], channel: 'phone' },
          { identifier: 'x'.repeat(400), channel: 'phone' },
        ];
        for (const json of starts) assertError(await new Browser(context.server).post('/api/auth/recovery/backup', json), 400, 'validation_failed');
        const verifies: unknown[] = [{}, { attempt: 'abc' }, { attempt: 'abc', code: '' }, { attempt: 'abc', code: '1'.repeat(65) }, { attempt: 'abc', code: '123456', token: 'x' }];
        for (const json of verifies) assertError(await new Browser(context.server).post('/api/auth/recovery/backup/verify', json), 400, 'validation_failed');
        assertError(await new Browser(context.server).request('POST', '/api/auth/recovery/backup', { rawBody: 'identifier=x', contentType: 'text/plain' }), 415, 'unsupported_media_type');
      });

      test('without the site Origin the request is refused', async () => {
        const response = await new Browser(context.server).post('/api/auth/recovery/backup', { identifier: member.email, channel: 'phone' }, { origin: 'https://evil.example' });
        assertError(response, 403, 'csrf_rejected');
      });
    });
  });
}
