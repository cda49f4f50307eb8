/**
 * Threats found in the security review of getting back in (reset links, backup channels,
 * security questions, assisted requests, lockout). Each test names the bug it guards.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { assertError } from '../support/http.ts';
import { Browser, createMember } from '../support/mfa.ts';
import type { Member } from '../support/mfa.ts';
import { answersFor, setAnswers, setSecurityQuestionsEnabled, WRONG_ANSWER_TRIES_PER_DAY } from '../support/recovery-extras.ts';
import { startRecoveryServer } from '../support/recovery.ts';
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
  });
}
