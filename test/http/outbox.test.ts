/**
 * The administrators' outbox page API: every outgoing message with its delivery status; bodies
 * only for the dev outbox (no provider), and opening one is audited.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { createTestClock } from '../../src/server/infra/clock.ts';
import type { TestClock } from '../../src/server/infra/clock.ts';
import { systemRandom } from '../../src/server/infra/crypto.ts';
import { createMessenger } from '../../src/server/infra/messages/index.ts';
import type { MessengerService } from '../../src/server/infra/messages/index.ts';
import { ADMIN, assertError, completeSetup, createActiveUser, get } from '../support/http.ts';
import { startMailbox } from '../support/mailbox.ts';
import type { Mailbox } from '../support/mailbox.ts';
import { DATABASES, startTestServer } from '../support/server.ts';
import type { TestServer } from '../support/server.ts';
import { startSMSWebhook } from '../support/sms-webhook.ts';
import type { SMSWebhook } from '../support/sms-webhook.ts';

const CODE_MAIL = { channel: 'email' as const, to: 'ann@example.com', subject: 'Your Cairn code', text: 'Your code is 493027.', html: '<p>Your code is <b>493027</b>.</p>' };
const CODE_SMS = { channel: 'sms' as const, to: '+8613800000000', text: '验证码 581604' };
const NOTICE = { channel: 'email' as const, to: 'ann@example.com', subject: 'A passkey was added', text: 'A passkey was added to your account.' };
const QUIET_LOG = { error: () => undefined, warn: () => undefined };

/** The messenger the server's services use, on the server's own database and configuration. */
function messengerFor(server: TestServer, clock: TestClock): MessengerService {
  return createMessenger({ config: server.config, db: server.database.db, clock, random: systemRandom, log: QUIET_LOG });
}

for (const database of DATABASES) {
  describe(`the outbox on ${database}`, () => {
    let clock: TestClock;

    beforeEach(() => {
      clock = createTestClock();
    });

    describe('without providers (the dev outbox)', () => {
      let server: TestServer;
      let messenger: MessengerService;
      let adminSession: string;

      beforeEach(async () => {
        server = await startTestServer({ database, clock });
        messenger = messengerFor(server, clock);
        adminSession = await completeSetup(server);
      });
      afterEach(async () => {
        await messenger.stop();
        await server.close();
      });

      test('an administrator lists every message newest first, with delivery "outbox" and bodies available', async () => {
        await messenger.sendCode({ ...CODE_MAIL, userId: 'user-1' });
        clock.advance(1000);
        await messenger.sendCode(CODE_SMS);
        const response = await get(server, '/api/admin/outbox', { session: adminSession });
        assert.equal(response.status, 200, response.text);
        assert.deepEqual(response.body.delivery, { email: 'outbox', sms: 'outbox' });
        assert.deepEqual(
          response.body.data.map((m: Record<string, unknown>) => [m.channel, m.recipient, m.subject, m.status, m.hasBody, m.createdAt, m.sentAt, m.lastError]),
          [
            ['sms', CODE_SMS.to, null, 'outbox', true, clock.now(), null, null],
            ['email', CODE_MAIL.to, CODE_MAIL.subject, 'outbox', true, clock.now() - 1000, null, null],
          ],
        );
        assert.ok(!response.text.includes('493027') && !response.text.includes('581604'), 'the list carries no bodies');
      });

      test('opening a message shows its text and HTML, and the opening is audited', async () => {
        await messenger.sendCode({ ...CODE_MAIL, userId: 'user-1' });
        const [listed] = (await get(server, '/api/admin/outbox', { session: adminSession })).body.data;
        const opened = await get(server, `/api/admin/outbox/${listed.id}`, { session: adminSession, headers: { 'user-agent': 'outbox test' } });
        assert.equal(opened.status, 200, opened.text);
        assert.deepEqual(opened.body.message, { ...listed, bodyText: CODE_MAIL.text, bodyHtml: CODE_MAIL.html });

        const admin = await server.database.db.selectFrom('users').select('id').where('email_normalized', '=', ADMIN.email).executeTakeFirstOrThrow();
        const events = await server.database.db.selectFrom('audit_events').selectAll().where('event', '=', 'outbox.message_opened').execute();
        assert.equal(events.length, 1);
        assert.equal(events[0]!.actor_id, admin.id);
        assert.equal(events[0]!.target_id, 'user-1');
        assert.equal(events[0]!.user_agent, 'outbox test');
        assert.equal(events[0]!.occurred_at, clock.now());
        assert.deepEqual(JSON.parse(events[0]!.details), { messageId: listed.id, channel: 'email' });
        assert.ok(!events[0]!.details.includes('493027'), 'the audit log does not copy the body');
      });

      test('limit takes the newest messages; it defaults to 50 and must be 1 to 200', async () => {
        for (let index = 0; index < 52; index++) {
          await messenger.notify({ ...NOTICE, subject: `notice ${index}` });
          clock.advance(1);
        }
        const two = await get(server, '/api/admin/outbox?limit=2', { session: adminSession });
        assert.deepEqual(two.body.data.map((m: { subject: string }) => m.subject), ['notice 51', 'notice 50']);
        assert.equal((await get(server, '/api/admin/outbox', { session: adminSession })).body.data.length, 50);
        assert.equal((await get(server, '/api/admin/outbox?limit=200', { session: adminSession })).body.data.length, 52);
        for (const query of ['limit=0', 'limit=201', 'limit=abc', 'limit=1.5', 'status=sent']) {
          assertError(await get(server, `/api/admin/outbox?${query}`, { session: adminSession }), 400, 'validation_failed');
        }
      });

      test('an unknown message answers 404 not_found', async () => {
        assertError(await get(server, '/api/admin/outbox/00000000-0000-4000-8000-000000000000', { session: adminSession }), 404, 'not_found');
      });

      test('a person without settings.manage gets 403 forbidden on both routes, and nobody signed out gets in', async () => {
        await messenger.sendCode(CODE_MAIL);
        const [listed] = (await get(server, '/api/admin/outbox', { session: adminSession })).body.data;
        const { session } = await createActiveUser(server, adminSession, { email: 'bob@example.com', name: 'Bob', role: 'sales_manager' }, 'a long password for bob');
        for (const path of ['/api/admin/outbox', `/api/admin/outbox/${listed.id}`]) {
          const refused = await get(server, path, { session });
          assertError(refused, 403, 'forbidden');
          assert.ok(!refused.text.includes('493027'));
          assertError(await get(server, path), 401, 'unauthenticated');
        }
        const opened = await server.database.db.selectFrom('audit_events').select('id').where('event', '=', 'outbox.message_opened').execute();
        assert.equal(opened.length, 0);
      });
    });

    describe('with SMTP and an SMS webhook', () => {
      let server: TestServer;
      let messenger: MessengerService;
      let mailbox: Mailbox;
      let webhook: SMSWebhook;
      let adminSession: string;

      beforeEach(async () => {
        mailbox = await startMailbox();
        webhook = await startSMSWebhook();
        server = await startTestServer({ database, clock, env: { SMTP_URL: mailbox.url, SMS_PROVIDER: 'webhook', SMS_WEBHOOK_URL: webhook.url } });
        messenger = messengerFor(server, clock);
        adminSession = await completeSetup(server);
      });
      afterEach(async () => {
        await messenger.stop();
        await server.close();
        await mailbox.close();
        await webhook.close();
      });

      test('the outbox shows delivery status only: sent codes cannot be opened (409 outbox_body_unavailable)', async () => {
        await messenger.sendCode(CODE_MAIL);
        clock.advance(1000);
        await messenger.sendCode(CODE_SMS);
        await mailbox.waitFor();
        await webhook.waitFor();
        const list = await get(server, '/api/admin/outbox', { session: adminSession });
        assert.equal(list.status, 200);
        assert.deepEqual(list.body.delivery, { email: 'provider', sms: 'provider' });
        assert.deepEqual(
          list.body.data.map((m: Record<string, unknown>) => [m.channel, m.status, m.hasBody, m.sentAt]),
          [
            ['sms', 'sent', false, clock.now()],
            ['email', 'sent', false, clock.now() - 1000],
          ],
        );
        for (const message of list.body.data) {
          assertError(await get(server, `/api/admin/outbox/${message.id}`, { session: adminSession }), 409, 'outbox_body_unavailable');
        }
        const opened = await server.database.db.selectFrom('audit_events').select('id').where('event', '=', 'outbox.message_opened').execute();
        assert.equal(opened.length, 0, 'nothing was opened');
      });

      test('a failed delivery shows its status and short error; a notification waiting for a retry cannot be opened either', async () => {
        mailbox.failNext(2);
        await assert.rejects(messenger.sendCode(CODE_MAIL), { code: 'delivery_failed' });
        clock.advance(1000);
        await messenger.notify(NOTICE);
        await messenger.whenIdle();
        const list = await get(server, '/api/admin/outbox', { session: adminSession });
        const [notice, code] = list.body.data;
        assert.equal(code.status, 'failed');
        assert.match(code.lastError, /^SMTP .*451/);
        assert.equal(notice.status, 'pending');
        assert.equal(notice.hasBody, false);
        assert.ok(!list.text.includes(NOTICE.text));
        assertError(await get(server, `/api/admin/outbox/${notice.id}`, { session: adminSession }), 409, 'outbox_body_unavailable');
      });
    });
  });
}
