/**
 * The mail server is down, then back: a reset link requested during the outage is accepted,
 * kept (administrators see it waiting, with the error, never its body) and delivered by the
 * retry worker once the server is back, with a link that still works. A reset during an
 * outage succeeds too, and its "password changed" notice follows later.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { assertError } from '../support/http.ts';
import type { JsonBody } from '../support/http.ts';
import { startMailbox } from '../support/mailbox.ts';
import type { Mailbox } from '../support/mailbox.ts';
import { Browser, createMember, mailTo, MINUTE_MILLISECONDS, nextMessage } from '../support/mfa.ts';
import type { Member } from '../support/mfa.ts';
import {
  ACCEPTED,
  checkLink,
  freshAdmin,
  NEW_PASSWORD,
  nextResetMail,
  requestLink,
  requestReset,
  resetPassword,
  resetTokenIn,
  settle,
  startRecoveryServer,
  startSMTPRelay,
} from '../support/recovery.ts';
import type { RecoveryContext, SwitchableRelay } from '../support/recovery.ts';
import { DATABASES } from '../support/server.ts';

const BOB = { email: 'bob@example.com', username: 'bob', name: 'Bob' };
/** Longer than the outbox worker's first retry delay (1 minute), shorter than a reset link's life. */
const FIRST_RETRY_MILLISECONDS = 2 * MINUTE_MILLISECONDS;
/** Longer than the longest retry delay. */
const LONGEST_RETRY_MILLISECONDS = 61 * MINUTE_MILLISECONDS;

for (const database of DATABASES) {
  describe(`mail outage on ${database}`, () => {
    let mailbox: Mailbox;
    let relay: SwitchableRelay;
    let context: RecoveryContext;
    let member: Member;

    beforeEach(async () => {
      mailbox = await startMailbox();
      relay = await startSMTPRelay(mailbox);
      context = await startRecoveryServer(database, { mailbox, smtpURL: relay.url });
      member = await createMember(context, BOB);
      await settle(context);
    });
    afterEach(async () => {
      await context.close();
      await relay.close();
      await mailbox.close();
    });

    /** The newest outbox row to `recipient` once its first try has ended (a retry is due or it failed). */
    async function waitingMessage(recipient: string): Promise<JsonBody> {
      const deadline = Date.now() + 5000;
      for (;;) {
        await context.server.messenger.whenIdle();
        const list = await context.admin.get('/api/admin/outbox');
        assert.equal(list.status, 200, list.text);
        const row = list.body.data.find((m: JsonBody) => m.recipient === recipient && m.lastError);
        if (row) return row;
        if (Date.now() > deadline) assert.fail(`no waiting message to ${recipient}: ${JSON.stringify(list.body.data)}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }

    test('a reset requested while the mail server is down is accepted, kept, and delivered with a working link once it is back', async () => {
      await relay.down();
      const since = mailbox.messages.length;
      const response = await requestReset(context, BOB.email);
      assert.equal(response.status, 202, response.text);
      assert.deepEqual(response.body, ACCEPTED);

      const waiting = await waitingMessage(BOB.email);
      assert.ok(['pending', 'failed'].includes(waiting.status), `status ${waiting.status}`);
      assert.ok(waiting.lastError.length > 0, 'the error is shown');
      assert.equal(waiting.hasBody, false, 'the link in it is not readable by administrators');
      assertError(await context.admin.get(`/api/admin/outbox/${waiting.id}`), 409, 'outbox_body_unavailable');
      assert.equal(mailbox.messages.slice(since).filter(mailTo(BOB.email)).length, 0);

      await relay.up();
      context.clock.advance(FIRST_RETRY_MILLISECONDS);
      await context.server.messenger.runDueRetries();
      const { mail, token } = await nextResetMail(context, BOB.email, since);
      assert.deepEqual(mail.to, [BOB.email]);

      const sent = (await context.admin.get('/api/admin/outbox')).body.data.find((m: JsonBody) => m.id === waiting.id);
      assert.equal(sent.status, 'sent');
      assert.equal((await checkLink(context, token)).status, 200);
      assert.equal((await resetPassword(context, token, NEW_PASSWORD)).status, 200);
      assert.deepEqual((await new Browser(context.server).login(BOB.email, NEW_PASSWORD)).body, { status: 'signed_in' });
    });

    test("an administrator's reset link sent during the outage arrives once the mail server is back", async () => {
      await relay.down();
      const since = mailbox.messages.length;
      assert.equal((await context.admin.post(`/api/admin/users/${member.user.id}/reset-link`)).status, 202);
      await waitingMessage(BOB.email);
      await relay.up();
      context.clock.advance(FIRST_RETRY_MILLISECONDS);
      await context.server.messenger.runDueRetries();
      const { token } = await nextResetMail(context, BOB.email, since);
      assert.equal((await checkLink(context, token)).status, 200);
    });

    test('a reset during the outage succeeds; the "password changed" notice follows when the mail server is back', async () => {
      const token = await requestLink(context, BOB.email, BOB.email);
      await settle(context);
      await relay.down();
      const since = mailbox.messages.length;
      const reset = await resetPassword(context, token, NEW_PASSWORD);
      assert.equal(reset.status, 200, reset.text);
      assert.deepEqual((await new Browser(context.server).login(BOB.email, NEW_PASSWORD)).body, { status: 'signed_in' });
      await waitingMessage(BOB.email);
      await relay.up();
      context.clock.advance(FIRST_RETRY_MILLISECONDS);
      await context.server.messenger.runDueRetries();
      const notice = await nextMessage(mailbox, since, mailTo(BOB.email));
      assert.equal(resetTokenIn(notice.text), null);
    });

    test('when every retry fails the message ends as failed, with the error, and nothing is sent later', async () => {
      await relay.down();
      const since = mailbox.messages.length;
      assert.equal((await requestReset(context, BOB.email)).status, 202);
      const waiting = await waitingMessage(BOB.email);
      for (let i = 0; i < 10; i++) {
        context.clock.advance(LONGEST_RETRY_MILLISECONDS);
        await context.server.messenger.runDueRetries();
      }
      await freshAdmin(context);
      const failed = (await context.admin.get('/api/admin/outbox')).body.data.find((m: JsonBody) => m.id === waiting.id);
      assert.equal(failed.status, 'failed');
      assert.ok(failed.lastError.length > 0);
      await relay.up();
      context.clock.advance(LONGEST_RETRY_MILLISECONDS);
      await context.server.messenger.runDueRetries();
      await settle(context);
      assert.equal(mailbox.messages.slice(since).filter(mailTo(BOB.email)).length, 0, 'a failed message is not sent again');
    });
  });
}
