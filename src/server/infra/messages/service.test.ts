/**
 * The messenger against a real SMTP server and a real SMS webhook, on both databases: codes
 * fail closed and are never stored with a provider; notifications are retried with backoff;
 * without a provider everything stays readable in the dev outbox.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { openTestDatabase } from '../../../../test/support/database.ts';
import type { TestDatabase } from '../../../../test/support/database.ts';
import { startMailbox } from '../../../../test/support/mailbox.ts';
import type { Mailbox } from '../../../../test/support/mailbox.ts';
import { freePort } from '../../../../test/support/processes.ts';
import { DATABASES } from '../../../../test/support/server.ts';
import { startSMSWebhook } from '../../../../test/support/sms-webhook.ts';
import type { SMSWebhook } from '../../../../test/support/sms-webhook.ts';
import { AppError } from '../../errors.ts';
import { createTestClock } from '../clock.ts';
import type { TestClock } from '../clock.ts';
import { systemRandom } from '../crypto.ts';
import { MAX_DELIVERY_ATTEMPTS, RETRY_DELAYS_MILLISECONDS, SENDING_LEASE_MILLISECONDS } from './outbox-worker.ts';
import { createMessenger } from './service.ts';
import type { MessengerDependencies, MessengerService } from './service.ts';
import type { MessageRow } from './store.ts';

const MAIL_FROM = 'Cairn <no-reply@cairn.test>';
const CODE_TEXT = 'Your Cairn code is 493027. It expires in 10 minutes.';
const CODE_MAIL = {
  channel: 'email' as const,
  to: 'ann@example.com',
  subject: 'Your Cairn code',
  text: CODE_TEXT,
  html: '<p>Your Cairn code is <b>493027</b>.</p>',
};
const CODE_SMS = { channel: 'sms' as const, to: '+8613800000000', text: '【Cairn】验证码 493027，10 分钟内有效。' };
const NOTICE_MAIL = { channel: 'email' as const, to: 'ann@example.com', subject: 'A passkey was added', text: 'A passkey was added to your account.', userId: null };

interface LogEntry {
  level: 'error' | 'warn';
  obj: object;
  msg: string;
}

for (const database of DATABASES) {
  describe(`messages on ${database}`, () => {
    let testDatabase: TestDatabase;
    let mailbox: Mailbox;
    let webhook: SMSWebhook;
    let clock: TestClock;
    let logs: LogEntry[];
    const messengers: MessengerService[] = [];

    before(async () => {
      testDatabase = await openTestDatabase(database);
      mailbox = await startMailbox();
      webhook = await startSMSWebhook();
    });
    after(async () => {
      await mailbox.close();
      await webhook.close();
      await testDatabase.close();
    });
    beforeEach(async () => {
      clock = createTestClock();
      logs = [];
      mailbox.messages.length = 0;
      webhook.messages.length = 0;
      mailbox.failNext(0);
      webhook.failNext(0);
      await testDatabase.database.db.deleteFrom('messages').execute();
    });
    afterEach(async () => {
      await Promise.all(messengers.splice(0).map((messenger) => messenger.stop()));
    });

    const messenger = (config: Partial<MessengerDependencies['config']> = { smtpURL: mailbox.url, smsProvider: 'webhook', smsWebhookURL: webhook.url }): MessengerService => {
      const created = createMessenger({
        config: { smtpURL: undefined, mailFrom: MAIL_FROM, smsProvider: undefined, smsWebhookURL: undefined, ...config },
        db: testDatabase.database.db,
        clock,
        random: systemRandom,
        log: {
          error: (obj, msg) => logs.push({ level: 'error', obj, msg }),
          warn: (obj, msg) => logs.push({ level: 'warn', obj, msg }),
        },
      });
      messengers.push(created);
      return created;
    };
    const rows = (): Promise<MessageRow[]> => testDatabase.database.db.selectFrom('messages').selectAll().orderBy('created_at').execute();
    const onlyRow = async (): Promise<MessageRow> => {
      const all = await rows();
      assert.equal(all.length, 1);
      return all[0]!;
    };
    const assertNothingSecretLogged = (): void => {
      const text = JSON.stringify(logs);
      assert.doesNotMatch(text, /493027/, 'no code in the log');
      assert.ok(!text.includes(NOTICE_MAIL.text), 'no body in the log');
    };

    describe('successful delivery', () => {
      test('a code e-mail arrives with its subject, text and HTML from MAIL_FROM, and the row keeps no body', async () => {
        const sender = messenger();
        assert.deepEqual(sender.delivery, { email: 'provider', sms: 'provider' });
        await sender.sendCode({ ...CODE_MAIL, userId: null });
        const mail = await mailbox.waitFor((m) => m.to.includes(CODE_MAIL.to));
        assert.equal(mail.subject, CODE_MAIL.subject);
        assert.equal(mail.text.trim(), CODE_TEXT);
        assert.match(mail.html ?? '', /<b>493027<\/b>/);
        assert.equal(mail.from, '"Cairn" <no-reply@cairn.test>', 'from MAIL_FROM');
        const row = await onlyRow();
        assert.equal(row.status, 'sent');
        assert.equal(row.kind, 'code');
        assert.equal(row.recipient, CODE_MAIL.to);
        assert.equal(row.subject, CODE_MAIL.subject);
        assert.equal(row.body_text, null);
        assert.equal(row.body_html, null);
        assert.equal(row.attempts, 1);
        assert.equal(row.sent_at, clock.now());
        assert.equal(typeof row.created_at, 'number');
      });

      test('a code SMS is posted to the webhook as exactly {"to", "text"} in JSON', async () => {
        await messenger().sendCode(CODE_SMS);
        const sms = await webhook.waitFor();
        assert.deepEqual(sms.body, { to: CODE_SMS.to, text: CODE_SMS.text });
        assert.equal(sms.contentType, 'application/json');
        const row = await onlyRow();
        assert.equal(row.status, 'sent');
        assert.equal(row.channel, 'sms');
        assert.equal(row.subject, null);
        assert.equal(row.body_text, null);
      });

      test('a notification is delivered at once and its body is then dropped', async () => {
        const sender = messenger();
        await sender.notify({ ...NOTICE_MAIL, userId: null });
        await sender.whenIdle();
        const mail = await mailbox.waitFor();
        assert.equal(mail.subject, NOTICE_MAIL.subject);
        assert.equal(mail.html, null);
        const row = await onlyRow();
        assert.equal(row.kind, 'notification');
        assert.equal(row.status, 'sent');
        assert.equal(row.body_text, null);
        assert.equal(row.next_attempt_at, null);
        assert.equal(await sender.runDueRetries(), 0, 'nothing left to retry');
      });
    });

    describe('failing delivery', () => {
      test('an SMTP refusal makes sendCode fail closed with delivery_failed, recorded as failed without the code', async () => {
        mailbox.failNext(1);
        await assert.rejects(messenger().sendCode(CODE_MAIL), (error: unknown) => error instanceof AppError && error.code === 'delivery_failed');
        const row = await onlyRow();
        assert.equal(row.status, 'failed');
        assert.equal(row.body_text, null);
        assert.equal(row.body_html, null);
        assert.match(row.last_error ?? '', /451/);
        assert.doesNotMatch(row.last_error ?? '', /493027/);
        assert.equal(mailbox.messages.length, 0);
        assert.equal(logs.length, 1);
        assertNothingSecretLogged();
      });

      test('an unreachable SMTP server makes sendCode fail closed', async () => {
        const closedPort = await freePort();
        await assert.rejects(messenger({ smtpURL: `smtp://127.0.0.1:${closedPort}` }).sendCode(CODE_MAIL), { code: 'delivery_failed' });
        const row = await onlyRow();
        assert.equal(row.status, 'failed');
        assert.match(row.last_error ?? '', /ECONNREFUSED|ECONNECTION/);
      });

      test('a non-2xx answer from the SMS webhook makes sendCode fail closed', async () => {
        webhook.failNext(1);
        await assert.rejects(messenger().sendCode(CODE_SMS), { code: 'delivery_failed' });
        const row = await onlyRow();
        assert.equal(row.status, 'failed');
        assert.equal(row.last_error, 'SMS webhook: HTTP 500');
        assert.equal(row.body_text, null);
        assertNothingSecretLogged();
      });

      test('a code is never retried', async () => {
        mailbox.failNext(1);
        const sender = messenger();
        await assert.rejects(sender.sendCode(CODE_MAIL), { code: 'delivery_failed' });
        clock.advance(24 * 60 * 60 * 1000);
        assert.equal(await sender.runDueRetries(), 0);
        assert.equal(mailbox.messages.length, 0);
      });

      test('a failed notification is kept and sent again when the clock reaches its retry time', async () => {
        mailbox.failNext(1);
        const sender = messenger();
        await sender.notify(NOTICE_MAIL);
        await sender.whenIdle();
        let row = await onlyRow();
        assert.equal(row.status, 'pending');
        assert.equal(row.attempts, 1);
        assert.equal(row.body_text, NOTICE_MAIL.text, 'the body is kept until delivered');
        assert.equal(row.next_attempt_at, clock.now() + RETRY_DELAYS_MILLISECONDS[0]!);
        assert.match(row.last_error ?? '', /451/);

        clock.advance(RETRY_DELAYS_MILLISECONDS[0]! - 1);
        assert.equal(await sender.runDueRetries(), 0, 'not due yet');
        clock.advance(1);
        assert.equal(await sender.runDueRetries(), 1);
        const mail = await mailbox.waitFor();
        assert.equal(mail.text.trim(), NOTICE_MAIL.text);
        row = await onlyRow();
        assert.equal(row.status, 'sent');
        assert.equal(row.attempts, 2);
        assert.equal(row.body_text, null);
        assert.equal(row.last_error, null);
        assertNothingSecretLogged();
      });

      test(`a notification that keeps failing is retried after 1, 5, 15, 60 and 60 minutes, then marked failed without its body`, async () => {
        mailbox.failNext(1000);
        const sender = messenger();
        await sender.notify(NOTICE_MAIL);
        await sender.whenIdle();
        for (const delay of RETRY_DELAYS_MILLISECONDS) {
          const row = await onlyRow();
          assert.equal(row.status, 'pending');
          assert.equal(row.next_attempt_at, clock.now() + delay);
          clock.advance(delay);
          assert.equal(await sender.runDueRetries(), 1);
        }
        const row = await onlyRow();
        assert.equal(row.status, 'failed');
        assert.equal(row.attempts, MAX_DELIVERY_ATTEMPTS);
        assert.equal(row.body_text, null);
        assert.equal(row.next_attempt_at, null);
        clock.advance(24 * 60 * 60 * 1000);
        assert.equal(await sender.runDueRetries(), 0);
        assert.equal(logs.filter((entry) => entry.level === 'error').length, 1, 'the final failure is an error');
        assertNothingSecretLogged();
      });

      test('a notification whose sender stopped mid-way is sent by another worker once its lease ends', async () => {
        const stopped = messenger();
        stopped.start();
        await stopped.stop();
        await stopped.notify(NOTICE_MAIL);
        assert.equal((await onlyRow()).status, 'sending');

        const other = messenger();
        assert.equal(await other.runDueRetries(), 0, 'the lease still holds');
        clock.advance(SENDING_LEASE_MILLISECONDS);
        assert.equal(await other.runDueRetries(), 1);
        await mailbox.waitFor();
        assert.equal((await onlyRow()).status, 'sent');
      });

      test('two workers retrying at once send each due notification exactly once', async () => {
        mailbox.failNext(12);
        const first = messenger();
        for (let index = 0; index < 12; index++) await first.notify({ ...NOTICE_MAIL, to: `person${index}@example.com` });
        await first.whenIdle();
        assert.equal((await rows()).filter((row) => row.status === 'pending').length, 12);
        clock.advance(RETRY_DELAYS_MILLISECONDS[0]!);
        const second = messenger();
        const attempted = await Promise.all([first.runDueRetries(), second.runDueRetries(), first.runDueRetries()]);
        assert.equal(attempted.reduce((sum, count) => sum + count, 0), 12);
        assert.equal(mailbox.messages.length, 12);
        assert.equal(new Set(mailbox.messages.map((mail) => mail.to[0])).size, 12);
        assert.ok((await rows()).every((row) => row.status === 'sent' && row.attempts === 2));
      });
    });

    describe('the dev outbox', () => {
      test('without providers, codes and notifications keep their bodies in the outbox and nothing is sent', async () => {
        const outbox = messenger({});
        assert.deepEqual(outbox.delivery, { email: 'outbox', sms: 'outbox' });
        await outbox.sendCode({ ...CODE_MAIL, userId: 'user-1' });
        await outbox.sendCode(CODE_SMS);
        await outbox.notify(NOTICE_MAIL);
        await outbox.whenIdle();
        clock.advance(24 * 60 * 60 * 1000);
        assert.equal(await outbox.runDueRetries(), 0);
        const all = await rows();
        assert.deepEqual(
          all.map((row) => [row.channel, row.kind, row.status, row.body_text]),
          [
            ['email', 'code', 'outbox', CODE_TEXT],
            ['sms', 'code', 'outbox', CODE_SMS.text],
            ['email', 'notification', 'outbox', NOTICE_MAIL.text],
          ],
        );
        assert.equal(all[0]!.body_html, CODE_MAIL.html);
        assert.equal(all[0]!.user_id, 'user-1');
        assert.equal(mailbox.messages.length + webhook.messages.length, 0);
      });

      test('each channel is decided on its own: SMTP configured, SMS in the outbox', async () => {
        const mixed = messenger({ smtpURL: mailbox.url });
        assert.deepEqual(mixed.delivery, { email: 'provider', sms: 'outbox' });
        await mixed.sendCode(CODE_SMS);
        assert.equal((await onlyRow()).status, 'outbox');
        assert.equal(webhook.messages.length, 0);
      });

      test('notifications still pending when their channel loses its provider move to the outbox at start', async () => {
        mailbox.failNext(1);
        const withSMTP = messenger();
        await withSMTP.notify(NOTICE_MAIL);
        await withSMTP.whenIdle();
        assert.equal((await onlyRow()).status, 'pending');
        const withoutSMTP = messenger({});
        withoutSMTP.start();
        await withoutSMTP.stop();
        const row = await onlyRow();
        assert.equal(row.status, 'outbox');
        assert.equal(row.body_text, NOTICE_MAIL.text);
      });
    });
  });
}
