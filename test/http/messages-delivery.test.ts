/**
 * Messages sent by real requests (an e-mail code at `POST /api/account/mfa/email`): with SMTP
 * the code reaches the mailbox and is stored nowhere; without it the code waits in the dev
 * outbox, where an administrator can read it (audited) and it works.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { sql } from 'kysely';
import { ADMIN, assertError, completeSetup, get, post } from '../support/http.ts';
import { extractCode, startMailbox } from '../support/mailbox.ts';
import type { Mailbox } from '../support/mailbox.ts';
import { DATABASES, startTestServer } from '../support/server.ts';
import type { TestServer } from '../support/server.ts';

for (const database of DATABASES) {
  describe(`messages sent by requests on ${database}`, () => {
    let server: TestServer | undefined;
    let mailbox: Mailbox | undefined;

    afterEach(async () => {
      await server?.close();
      await mailbox?.close();
      server = undefined;
      mailbox = undefined;
    });

    /** Every text column of every message row, to look for a code anywhere in the table. */
    const storedText = async (running: TestServer): Promise<string> => {
      const rows = await sql<Record<string, unknown>>`select * from messages`.execute(running.database.db);
      return JSON.stringify(rows.rows);
    };

    test('with SMTP, the e-mail code arrives and is stored nowhere; the row shows it was sent', async () => {
      mailbox = await startMailbox();
      server = await startTestServer({ database, env: { SMTP_URL: mailbox.url, MAIL_FROM: 'Cairn <no-reply@cairn.test>' } });
      const session = await completeSetup(server);
      const sent = await post(server, '/api/account/mfa/email', { session });
      assert.equal(sent.status, 202, sent.text);
      const mail = await mailbox.waitFor((m) => m.to.includes(ADMIN.email));
      const code = extractCode(mail.text);
      assert.ok(code, 'the mail carries a 6-digit code');
      assert.ok(mail.subject.length > 0);
      assert.match(mail.from, /no-reply@cairn\.test/);

      const rows = await server.database.db.selectFrom('messages').selectAll().execute();
      assert.equal(rows.length, 1);
      assert.equal(rows[0]!.status, 'sent');
      assert.equal(rows[0]!.kind, 'code');
      assert.equal(rows[0]!.body_text, null);
      assert.ok(!(await storedText(server)).includes(code), 'the code is not in the messages table');

      const list = await get(server, '/api/admin/outbox', { session });
      assert.equal(list.body.data[0].hasBody, false);
      assertError(await get(server, `/api/admin/outbox/${rows[0]!.id}`, { session }), 409, 'outbox_body_unavailable');
    });

    test('with a failing SMTP server, the request answers 503 delivery_failed and the row says failed', async () => {
      mailbox = await startMailbox();
      server = await startTestServer({ database, env: { SMTP_URL: mailbox.url } });
      const session = await completeSetup(server);
      mailbox.failNext(1);
      assertError(await post(server, '/api/account/mfa/email', { session }), 503, 'delivery_failed');
      const rows = await server.database.db.selectFrom('messages').selectAll().execute();
      assert.equal(rows.length, 1);
      assert.equal(rows[0]!.status, 'failed');
      assert.equal(rows[0]!.body_text, null);
      assert.match(rows[0]!.last_error ?? '', /451/);
      assert.equal(mailbox.messages.length, 0);
    });

    test('without SMTP, the administrator reads the code in the dev outbox (audited) and it confirms the factor', async () => {
      server = await startTestServer({ database });
      const session = await completeSetup(server);
      assert.equal((await post(server, '/api/account/mfa/email', { session })).status, 202);
      const list = await get(server, '/api/admin/outbox', { session });
      assert.deepEqual(list.body.delivery, { email: 'outbox', sms: 'outbox' });
      const [message] = list.body.data;
      assert.equal(message.recipient, ADMIN.email);
      assert.equal(message.status, 'outbox');
      assert.equal(message.hasBody, true);
      const opened = await get(server, `/api/admin/outbox/${message.id}`, { session });
      assert.equal(opened.status, 200, opened.text);
      const code = extractCode(opened.body.message.bodyText);
      assert.ok(code);
      const confirmed = await post(server, '/api/account/mfa/email/confirm', { session, json: { code } });
      assert.equal(confirmed.status, 200, confirmed.text);
      const audited = await server.database.db.selectFrom('audit_events').select('details').where('event', '=', 'outbox.message_opened').execute();
      assert.equal(audited.length, 1);
      assert.equal(JSON.parse(audited[0]!.details).messageId, message.id);
    });
  });
}
