/**
 * Threats found in the security review of getting back in (reset links, backup channels,
 * security questions, assisted requests, lockout). Each test names the bug it guards.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { assertError } from '../support/http.ts';
import { Browser, createMember, mailTo, nextMessage, settleOutbox } from '../support/mfa.ts';
import type { Member } from '../support/mfa.ts';
import { answersFor, setAnswers, setSecurityQuestionsEnabled, WRONG_ANSWER_TRIES_PER_DAY } from '../support/recovery-extras.ts';
import { resetTokenIn, startRecoveryServer, stepUp } from '../support/recovery.ts';
import type { RecoveryContext } from '../support/recovery.ts';
import { DATABASES } from '../support/server.ts';

const DORA = { email: 'dora@example.com', username: 'dora' };

for (const database of DATABASES) {
  describe(`recovery review on ${database}`, () => {
    let context: RecoveryContext;
    let member: Member;

    beforeEach(async () => {
      context = await startRecoveryServer(database);
      member = await createMember(context, DORA);
    });
    afterEach(() => context.close());

    const publicPost = (path: string, json: unknown) => new Browser(context.server).post(path, json);

    describe('security questions', () => {
      beforeEach(async () => {
        await setSecurityQuestionsEnabled(context, true);
        await setAnswers(member);
      });

      async function tryAnswers(identifier: string, options: { wrong?: boolean } = {}) {
        const started = await publicPost('/api/auth/recovery/questions', { identifier });
        assert.equal(started.status, 200, started.text);
        return publicPost('/api/auth/recovery/questions/answer', { attempt: started.body.attempt, answers: answersFor(started.body.questions, options) });
      }

      test('wrong answers by e-mail and by username share one daily allowance (bug: each spelling of the account had its own three)', async () => {
        for (let i = 0; i < WRONG_ANSWER_TRIES_PER_DAY; i++) {
          assertError(await tryAnswers(DORA.email, { wrong: true }), 401, 'security_answers_incorrect');
        }
        assertError(await tryAnswers(DORA.username, { wrong: true }), 429, 'too_many_attempts');
        assertError(await tryAnswers(DORA.username.toUpperCase()), 429, 'too_many_attempts');
      });
    });

    describe('malformed input', () => {
      test('a NUL character in stored or looked-up text answers 400 on both databases (bug: PostgreSQL answered 500)', async () => {
        await setSecurityQuestionsEnabled(context, true);
        const nul = 'dora\u0000@example.com';
        const message = 'I lost my phone.';
        const contact = 'dora.home@example.net';
        const bodies: Array<[string, unknown]> = [
          ['/api/auth/login', { identifier: nul, password: member.password }],
          ['/api/auth/recovery/request', { identifier: nul }],
          ['/api/auth/recovery/backup', { identifier: nul, channel: 'phone' }],
          ['/api/auth/recovery/questions', { identifier: nul }],
          ['/api/auth/recovery/assisted', { identifier: nul, message, contact }],
          ['/api/auth/recovery/assisted', { identifier: DORA.email, message: `${message}\u0000`, contact }],
          ['/api/auth/recovery/assisted', { identifier: DORA.email, message, contact: `${contact}\u0000` }],
        ];
        for (const [path, json] of bodies) assertError(await publicPost(path, json), 400, 'validation_failed');
      });
    });

    describe('assisted recovery', () => {
      test('an approved reset link goes to the address as stored, not as the administrator typed it (bug: the typed spelling was the recipient)', async () => {
        const filed = await publicPost('/api/auth/recovery/assisted', { identifier: DORA.username, message: 'I lost my phone.', contact: 'call me' });
        assert.equal(filed.status, 202, filed.text);
        await context.server.whenIdle();
        const queue = await context.admin.get('/api/admin/recovery-requests');
        assert.equal(queue.status, 200, queue.text);
        const request = queue.body.data.find((r: { identifier: string }) => r.identifier === DORA.username);
        assert.ok(request, 'the request is queued');
        await stepUp(context.admin);
        await settleOutbox(context);
        const since = context.mailbox.messages.length;
        const approved = await context.admin.post(`/api/admin/recovery-requests/${request.id}/approve`, {
          action: 'reset_link',
          sendTo: 'DORA@EXAMPLE.COM',
          resetMFA: false,
        });
        assert.equal(approved.status, 200, approved.text);
        const link = await nextMessage(context.mailbox, since, (m) => resetTokenIn(m.text, context.publicURL) !== null);
        assert.deepEqual(link.to, [DORA.email]);
      });
    });

    describe('administrator actions', () => {
      test('a temporary password issued by an administrator is told to the owner at the stored address, without the password (bug: the password was replaced silently)', async () => {
        await stepUp(context.admin);
        await settleOutbox(context);
        const since = context.mailbox.messages.length;
        const issued = await context.admin.post(`/api/admin/users/${member.user.id}/temporary-password`, {});
        assert.equal(issued.status, 200, issued.text);
        const notice = await nextMessage(context.mailbox, since, mailTo(DORA.email));
        assert.deepEqual(notice.to, [DORA.email]);
        assert.match(notice.text, /administrator/i);
        assert.ok(!notice.text.includes(issued.body.temporaryPassword), 'the temporary password is not mailed');
      });
    });
  });
}
