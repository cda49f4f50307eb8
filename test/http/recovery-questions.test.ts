/**
 * Security questions: off unless the administrator turns them on; set in the account (step-up,
 * argon2id of the normalised answer, a notice to the primary address); answered when getting
 * back in, where right answers send a code to a confirmed backup channel, unknown identifiers
 * are asked stable made-up questions, and 3 wrong tries a day per identifier answer 429.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { SECURITY_QUESTION_KEYS } from '../../src/shared/security-questions.ts';
import { assertError } from '../support/http.ts';
import { auditEvents, Browser, createMember, DAY_MILLISECONDS, extractCode, mailTo, nextMessage, settleOutbox, startMFAServer } from '../support/mfa.ts';
import type { MFAContext, Member } from '../support/mfa.ts';
import {
  addBackupEmail,
  addBackupPhone,
  ANSWERS,
  answersFor,
  ATTEMPT_MILLISECONDS,
  BACKUP_PHONE,
  setAnswers,
  setSecurityQuestionsEnabled,
  STEP_UP_EXPIRED_MILLISECONDS,
  stepUp,
  WRONG_ANSWER_TRIES_PER_DAY,
} from '../support/recovery-extras.ts';
import { DATABASES } from '../support/server.ts';

const QUESTIONS_ASKED = 3;

for (const database of DATABASES) {
  describe(`security questions on ${database}`, () => {
    let context: MFAContext;
    let member: Member;

    beforeEach(async () => {
      context = await startMFAServer(database);
      member = await createMember(context, { email: 'dora@example.com', username: 'dora' });
    });
    afterEach(() => context.close());

    const start = (identifier: unknown) => new Browser(context.server).post('/api/auth/recovery/questions', { identifier });
    const answer = (attempt: unknown, answers: unknown) => new Browser(context.server).post('/api/auth/recovery/questions/answer', { attempt, answers });
    const verify = (attempt: string, code: string) => new Browser(context.server).post('/api/auth/recovery/backup/verify', { attempt, code });
    const overview = async () => (await member.browser.get('/api/account/recovery')).body;

    async function started(identifier: string): Promise<{ attempt: string; questions: string[] }> {
      const response = await start(identifier);
      assert.equal(response.status, 200, response.text);
      return response.body;
    }

    describe('turned off (the default)', () => {
      test('every questions route answers 404 security_questions_disabled', async () => {
        assert.equal((await overview()).securityQuestions.enabled, false);
        assertError(await start(member.email), 404, 'security_questions_disabled');
        assertError(await answer('A'.repeat(43), [{ question: 'first_pet', answer: 'x' }]), 404, 'security_questions_disabled');
        const put = await member.browser.put('/api/account/recovery/security-questions', { answers: ANSWERS.map(({ question, answer }) => ({ question, answer })) });
        assertError(put, 404, 'security_questions_disabled');
      });

      test('answers set while they were on are kept but not asked once they are off', async () => {
        await setSecurityQuestionsEnabled(context, true);
        await setAnswers(member);
        await setSecurityQuestionsEnabled(context, false);
        assertError(await start(member.email), 404, 'security_questions_disabled');
        assert.equal((await member.browser.delete('/api/account/recovery/security-questions')).status, 204, 'removing still works');
      });
    });

    describe('setting answers', () => {
      beforeEach(() => setSecurityQuestionsEnabled(context, true));

      test('answers are stored as argon2id hashes, listed by question only, and the primary address is told', async () => {
        await settleOutbox(context);
        const since = context.mailbox.messages.length;
        await setAnswers(member);
        const body = await overview();
        assert.deepEqual(body.securityQuestions, { enabled: true, configured: ['first_school', 'first_pet', 'birth_city'] });
        assert.ok(!JSON.stringify(body).includes('Riverside'));
        const rows = await context.server.database.db.selectFrom('security_answers').selectAll().execute();
        assert.equal(rows.length, 3);
        for (const row of rows) {
          assert.match(row.answer_hash, /^\$argon2id\$/);
          assert.ok(!/riverside|chengdu|小白/i.test(row.answer_hash));
        }
        await nextMessage(context.mailbox, since, mailTo(member.email));
        assert.equal((await auditEvents(context, 'recovery.questions_set')).length, 1);
      });

      test('setting them again replaces all earlier answers', async () => {
        await setAnswers(member);
        const response = await member.browser.put('/api/account/recovery/security-questions', {
          answers: [
            { question: 'childhood_friend', answer: 'Wang Fang' },
            { question: 'first_job_company', answer: 'Acme' },
            { question: 'first_street', answer: 'Elm Street' },
            { question: 'favourite_teacher', answer: 'Ms Li' },
          ],
        });
        assert.equal(response.status, 204, response.text);
        assert.deepEqual((await overview()).securityQuestions.configured, ['childhood_friend', 'first_job_company', 'favourite_teacher', 'first_street']);
      });

      test('setting answers needs a recent proof of identity', async () => {
        context.clock.advance(STEP_UP_EXPIRED_MILLISECONDS);
        const body = { answers: ANSWERS.map(({ question, answer }) => ({ question, answer })) };
        assertError(await member.browser.put('/api/account/recovery/security-questions', body), 403, 'reauth_required');
        await stepUp(member.browser, member.password);
        assert.equal((await member.browser.put('/api/account/recovery/security-questions', body)).status, 204);
      });

      test('removing them answers 204 and tells the primary address', async () => {
        await setAnswers(member);
        await settleOutbox(context);
        const since = context.mailbox.messages.length;
        assert.equal((await member.browser.delete('/api/account/recovery/security-questions')).status, 204);
        assert.deepEqual((await overview()).securityQuestions.configured, []);
        await nextMessage(context.mailbox, since, mailTo(member.email));
        assert.equal((await auditEvents(context, 'recovery.questions_removed')).length, 1);
      });

      test('malformed answers answer 400, never 500', async () => {
        const three = ANSWERS.map(({ question, answer }) => ({ question, answer }));
        const bodies: unknown[] = [
          {},
          { answers: three.slice(0, 2) },
          { answers: [three[0], three[0], three[1]] },
          { answers: [...three.slice(0, 2), { question: 'mothers_maiden_name', answer: 'x y' }] },
          { answers: [...three.slice(0, 2), { question: 'first_pet', answer: 'x' }] },
          { answers: [...three.slice(0, 2), { question: 'first_job_company', answer: 'a'.repeat(201) }] },
          { answers: three.map((a) => ({ ...a, hint: 'x' })) },
          { answers: three, userId: 'someone-else' },
          { answers: 'Riverside' },
        ];
        for (const json of bodies) assertError(await member.browser.put('/api/account/recovery/security-questions', json), 400, 'validation_failed');
        assert.deepEqual((await overview()).securityQuestions.configured, []);
      });
    });

    describe('getting back in', () => {
      beforeEach(async () => {
        await setSecurityQuestionsEnabled(context, true);
        await setAnswers(member);
      });

      test('right answers, typed differently, send a code to the backup phone that gives a reset token', async () => {
        await addBackupPhone(context, member);
        await addBackupEmail(context, member, 'dora.home@example.net');
        const { attempt, questions } = await started(member.email);
        assert.deepEqual([...questions].sort(), ANSWERS.map((a) => a.question).sort());
        const since = context.sms.messages.length;
        const response = await answer(attempt, answersFor(questions));
        assert.equal(response.status, 200, response.text);
        assert.equal(response.body.status, 'code_sent');
        assert.equal(response.body.channel, 'phone', 'the phone is preferred');
        assert.ok(!response.body.destination.replace(/\D/g, '').includes('13900139000'));
        const sms = await nextMessage(context.sms, since, (m) => m.to === BACKUP_PHONE.e164);
        const verified = await verify(attempt, extractCode(sms.text)!);
        assert.equal(verified.status, 200, verified.text);
        assert.equal((await new Browser(context.server).post('/api/auth/recovery/check', { token: verified.body.token })).status, 200);
        assert.equal((await auditEvents(context, 'recovery.questions_passed')).length, 1);
      });

      test('without a backup phone the code goes to the backup e-mail', async () => {
        await addBackupEmail(context, member, 'dora.home@example.net');
        const { attempt, questions } = await started('DORA');
        const since = context.mailbox.messages.length;
        const response = await answer(attempt, answersFor(questions));
        assert.equal(response.status, 200, response.text);
        assert.equal(response.body.channel, 'email');
        const mail = await nextMessage(context.mailbox, since, (m) => mailTo('dora.home@example.net')(m) && extractCode(m.text) !== null);
        assert.equal((await verify(attempt, extractCode(mail.text)!)).status, 200);
      });

      test('without any backup channel the answer is assisted_request_needed', async () => {
        const { attempt, questions } = await started(member.email);
        const response = await answer(attempt, answersFor(questions));
        assert.equal(response.status, 200, response.text);
        assert.deepEqual(response.body, { status: 'assisted_request_needed' });
      });

      test('the same identifier is asked the same questions every time', async () => {
        const first = await started(member.email);
        const second = await started(member.email);
        assert.deepEqual(second.questions, first.questions);
        assert.notEqual(second.attempt, first.attempt);
      });

      test('with more than three answers, three of them are asked', async () => {
        await member.browser.put('/api/account/recovery/security-questions', {
          answers: [...ANSWERS.map(({ question, answer }) => ({ question, answer })), { question: 'first_street', answer: 'Elm Street' }, { question: 'first_job_company', answer: 'Acme' }],
        });
        const { questions } = await started(member.email);
        assert.equal(questions.length, QUESTIONS_ASKED);
        assert.equal(new Set(questions).size, QUESTIONS_ASKED);
        for (const q of questions) assert.ok(['first_school', 'first_pet', 'birth_city', 'first_street', 'first_job_company'].includes(q), q);
      });
    });

    describe('wrong answers', () => {
      beforeEach(async () => {
        await setSecurityQuestionsEnabled(context, true);
        await setAnswers(member);
        await addBackupPhone(context, member);
      });

      test('one wrong answer among right ones answers 401 and sends nothing', async () => {
        const { attempt, questions } = await started(member.email);
        const answers = answersFor(questions);
        answers[1] = { question: answers[1]!.question, answer: 'wrong' };
        const since = context.sms.messages.length;
        assertError(await answer(attempt, answers), 401, 'security_answers_incorrect');
        await context.server.whenIdle();
        assert.equal(context.sms.messages.length, since);
        assert.equal((await auditEvents(context, 'recovery.questions_failed')).length, 1);
      });

      test('a missing answer counts as wrong', async () => {
        const { attempt, questions } = await started(member.email);
        assertError(await answer(attempt, answersFor(questions).slice(0, 2)), 401, 'security_answers_incorrect');
      });

      test('after three wrong tries a day for the identifier, even right answers answer 429 until the day is over', async () => {
        for (let i = 0; i < WRONG_ANSWER_TRIES_PER_DAY; i++) {
          const { attempt, questions } = await started(member.email);
          assertError(await answer(attempt, answersFor(questions, { wrong: true })), 401, 'security_answers_incorrect');
        }
        const { attempt, questions } = await started(member.email);
        const limited = await answer(attempt, answersFor(questions));
        assertError(limited, 429, 'too_many_attempts');
        assert.ok(Number(limited.headers.get('retry-after')) > 0);
        context.clock.advance(DAY_MILLISECONDS);
        const again = await started(member.email);
        assert.equal((await answer(again.attempt, answersFor(again.questions))).status, 200);
      });

      test('right answers do not use up the wrong-answer allowance', async () => {
        for (let i = 0; i < WRONG_ANSWER_TRIES_PER_DAY + 1; i++) {
          const { attempt, questions } = await started(member.email);
          assert.equal((await answer(attempt, answersFor(questions))).status, 200, `right try ${i + 1}`);
        }
      });

      test('concurrent wrong tries cannot check more than three', async () => {
        const attempts = await Promise.all(Array.from({ length: 6 }, () => started(member.email)));
        const answers = await Promise.all(attempts.map((a) => answer(a.attempt, answersFor(a.questions, { wrong: true }))));
        assert.equal(answers.filter((r) => r.status === 401).length, WRONG_ANSWER_TRIES_PER_DAY);
        assert.equal(answers.filter((r) => r.status === 429).length, 6 - WRONG_ANSWER_TRIES_PER_DAY);
      });

      test('an attempt fifteen minutes old has ended', async () => {
        const { attempt, questions } = await started(member.email);
        context.clock.advance(ATTEMPT_MILLISECONDS);
        assertError(await answer(attempt, answersFor(questions)), 410, 'recovery_attempt_invalid');
      });

      test('an attempt that passed cannot be answered again', async () => {
        const { attempt, questions } = await started(member.email);
        assert.equal((await answer(attempt, answersFor(questions))).status, 200);
        assertError(await answer(attempt, answersFor(questions)), 410, 'recovery_attempt_invalid');
      });

      test('a backup-phone attempt is not a questions attempt', async () => {
        const backup = await new Browser(context.server).post('/api/auth/recovery/backup', { identifier: member.email, channel: 'phone' });
        assert.equal(backup.status, 202);
        assertError(await answer(backup.body.attempt, answersFor(['first_school', 'first_pet', 'birth_city'])), 410, 'recovery_attempt_invalid');
      });
    });

    describe('no account enumeration', () => {
      beforeEach(async () => {
        await setSecurityQuestionsEnabled(context, true);
        await setAnswers(member);
      });

      test('an unknown identifier gets three catalogue questions, the same on every call, in the same shape', async () => {
        const known = await started(member.email);
        const first = await started('nobody@example.com');
        const second = await started('NOBODY@example.com');
        assert.deepEqual(Object.keys(first).sort(), Object.keys(known).sort());
        assert.equal(first.attempt.length, known.attempt.length);
        assert.equal(first.questions.length, QUESTIONS_ASKED);
        assert.equal(new Set(first.questions).size, QUESTIONS_ASKED);
        for (const q of first.questions) assert.ok((SECURITY_QUESTION_KEYS as readonly string[]).includes(q), q);
        assert.deepEqual(second.questions, first.questions);
      });

      test('an account without answers is asked made-up questions too', async () => {
        const other = await createMember(context, { email: 'erin@example.com' });
        const { questions } = await started(other.email);
        assert.equal(questions.length, QUESTIONS_ASKED);
        assert.deepEqual((await started(other.email)).questions, questions);
      });

      test("an unknown identifier's answers are wrong like a real account's, and limited alike", async () => {
        for (let i = 0; i < WRONG_ANSWER_TRIES_PER_DAY; i++) {
          const { attempt, questions } = await started('nobody@example.com');
          assertError(await answer(attempt, answersFor(questions)), 401, 'security_answers_incorrect');
        }
        const { attempt, questions } = await started('nobody@example.com');
        assertError(await answer(attempt, answersFor(questions)), 429, 'too_many_attempts');
      });
    });

    describe('malformed public requests', () => {
      beforeEach(() => setSecurityQuestionsEnabled(context, true));

      test('answer 400, never 500', async () => {
        for (const json of [{}, { identifier: '' }, { identifier: 42 }, { identifier: 'dora', questions: ['first_pet'] }]) {
          assertError(await new Browser(context.server).post('/api/auth/recovery/questions', json), 400, 'validation_failed');
        }
        const { attempt } = await started(member.email);
        const bodies: unknown[] = [
          { attempt },
          { attempt, answers: [] },
          { attempt, answers: [{ question: 'first_pet' }] },
          { attempt, answers: [{ question: 'unknown_question', answer: 'x' }] },
          { attempt, answers: [{ question: 'first_pet', answer: 'x'.repeat(201) }] },
          { attempt, answers: Array.from({ length: 11 }, () => ({ question: 'first_pet', answer: 'x' })) },
          { attempt, answers: [{ question: 'first_pet', answer: 'x' }], userId: 'x' },
          { answers: [{ question: 'first_pet', answer: 'x' }] },
        ];
        for (const json of bodies) assertError(await new Browser(context.server).post('/api/auth/recovery/questions/answer', json), 400, 'validation_failed');
        assertError(await answer('not-an-attempt', [{ question: 'first_pet', answer: 'x' }]), 410, 'recovery_attempt_invalid');
      });
    });
  });
}
