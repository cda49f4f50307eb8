/**
 * Threat: password guessing (online brute force, credential stuffing). Sign-in pauses an
 * identifier after consecutive failures, known or not, and an address failing across many
 * identifiers; the answers stay free of any hint whether the account exists.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import {
  ADDRESS_FAILURES_PER_WINDOW,
  CONSECUTIVE_FAILURES_BEFORE_PAUSE,
  PAUSE_STEPS_MILLISECONDS,
} from '../../src/server/auth/lockout/service.ts';
import { createTestClock } from '../../src/server/infra/clock.ts';
import type { TestClock } from '../../src/server/infra/clock.ts';
import { ADMIN, assertError, completeSetup, post, signIn } from '../support/http.ts';
import type { ApiResponse } from '../support/http.ts';
import { DATABASES, startTestServer } from '../support/server.ts';
import type { TestServer } from '../support/server.ts';

function assertPaused(response: ApiResponse, seconds: number): void {
  assertError(response, 429, 'too_many_attempts');
  assert.equal(response.headers.get('retry-after'), String(seconds));
  assert.equal(response.body.error.retryAfterSeconds, seconds);
  assert.equal(response.session, null);
}

for (const database of DATABASES) {
  describe(`password guessing on ${database}`, () => {
    let server: TestServer;
    let clock: TestClock;
    let adminSession: string;

    beforeEach(async () => {
      clock = createTestClock();
      server = await startTestServer({ database, clock });
      adminSession = await completeSetup(server);
    });
    afterEach(() => server.close());

    async function failTimes(identifier: string, times: number): Promise<ApiResponse[]> {
      const responses: ApiResponse[] = [];
      for (let i = 0; i < times; i++) responses.push(await signIn(server, identifier, `wrong guess ${i}`));
      return responses;
    }

    const firstPauseSeconds = PAUSE_STEPS_MILLISECONDS[0]! / 1000;

    describe('successful sign-in around the throttle', () => {
      test('failures below the threshold still let the right password in', async () => {
        await failTimes(ADMIN.email, CONSECUTIVE_FAILURES_BEFORE_PAUSE - 1);
        assert.equal((await signIn(server, ADMIN.email, ADMIN.password)).status, 200);
      });

      test('a successful sign-in forgets the earlier failures', async () => {
        await failTimes(ADMIN.email, CONSECUTIVE_FAILURES_BEFORE_PAUSE - 1);
        assert.equal((await signIn(server, ADMIN.email, ADMIN.password)).status, 200);
        const again = await failTimes(ADMIN.email, CONSECUTIVE_FAILURES_BEFORE_PAUSE - 1);
        assert.deepEqual(again.map((r) => r.status), new Array(CONSECUTIVE_FAILURES_BEFORE_PAUSE - 1).fill(401));
        assert.equal((await signIn(server, ADMIN.email, ADMIN.password)).status, 200);
      });

      test('the right password works again once the pause is over', async () => {
        await failTimes(ADMIN.email, CONSECUTIVE_FAILURES_BEFORE_PAUSE);
        clock.advance(PAUSE_STEPS_MILLISECONDS[0]!);
        assert.equal((await signIn(server, ADMIN.email, ADMIN.password)).status, 200);
      });

      test('a paused identifier does not pause another one from the same address', async () => {
        await failTimes('nobody@example.com', CONSECUTIVE_FAILURES_BEFORE_PAUSE);
        assert.equal((await signIn(server, ADMIN.email, ADMIN.password)).status, 200);
      });
    });

    describe('failing sign-in under the throttle', () => {
      test('five wrong passwords pause the identifier, even for the right password', async () => {
        const failures = await failTimes(ADMIN.email, CONSECUTIVE_FAILURES_BEFORE_PAUSE);
        assert.deepEqual(failures.map((r) => r.status), new Array(CONSECUTIVE_FAILURES_BEFORE_PAUSE).fill(401));
        assertPaused(await signIn(server, ADMIN.email, ADMIN.password), firstPauseSeconds);
      });

      test('the pause applies to the identifier whatever its case and surrounding spaces', async () => {
        await failTimes('ADA@Example.com', CONSECUTIVE_FAILURES_BEFORE_PAUSE);
        assertPaused(await signIn(server, ' ada@example.com ', ADMIN.password), firstPauseSeconds);
      });

      test('an unknown identifier is throttled exactly like a known one', async () => {
        const known = await failTimes(ADMIN.email, CONSECUTIVE_FAILURES_BEFORE_PAUSE + 1);
        const unknown = await failTimes('nobody@example.com', CONSECUTIVE_FAILURES_BEFORE_PAUSE + 1);
        const observable = (r: ApiResponse) => [r.status, r.text, r.headers.get('retry-after')];
        assert.deepEqual(unknown.map(observable), known.map(observable));
        assertPaused(known.at(-1)!, firstPauseSeconds);
      });

      test('each further failure after a pause makes the next pause longer', async () => {
        await failTimes(ADMIN.email, CONSECUTIVE_FAILURES_BEFORE_PAUSE);
        clock.advance(PAUSE_STEPS_MILLISECONDS[0]!);
        assertError((await failTimes(ADMIN.email, 1))[0]!, 401, 'invalid_credentials');
        assertPaused(await signIn(server, ADMIN.email, ADMIN.password), PAUSE_STEPS_MILLISECONDS[1]! / 1000);
      });

      test('after a pause, one guess is allowed before the next pause', async () => {
        await failTimes(ADMIN.email, CONSECUTIVE_FAILURES_BEFORE_PAUSE);
        clock.advance(PAUSE_STEPS_MILLISECONDS[0]!);
        const [allowed, refused] = await failTimes(ADMIN.email, 2);
        assert.equal(allowed!.status, 401);
        assert.equal(refused!.status, 429);
      });

      test('parallel guesses get no more tries than a sequence', async () => {
        const guesses = await Promise.all(
          Array.from({ length: 3 * CONSECUTIVE_FAILURES_BEFORE_PAUSE }, (_, i) => signIn(server, ADMIN.email, `parallel guess ${i}`)),
        );
        const checked = guesses.filter((r) => r.status === 401).length;
        assert.ok(checked <= CONSECUTIVE_FAILURES_BEFORE_PAUSE, `${checked} passwords were checked`);
        assert.ok(guesses.every((r) => r.status === 401 || r.status === 429));
        assertError(await signIn(server, ADMIN.email, ADMIN.password), 429, 'too_many_attempts');
      });

      test('one address failing across many identifiers is paused', async () => {
        for (let i = 0; i < ADDRESS_FAILURES_PER_WINDOW; i++) {
          assert.equal((await signIn(server, `visitor${i}@example.com`, 'a guess')).status, 401, `attempt ${i + 1}`);
        }
        assertError(await signIn(server, 'one-more@example.com', 'a guess'), 429, 'too_many_attempts');
      });

      test('a pause is written to the audit log', async () => {
        await failTimes(ADMIN.email, CONSECUTIVE_FAILURES_BEFORE_PAUSE);
        const rows = await server.database.db.selectFrom('audit_events').select('event').where('event', '=', 'login.paused').execute();
        assert.equal(rows.length, 1);
      });

      test('guessing the current password with a signed-in session is throttled too', async () => {
        const statuses: number[] = [];
        for (let i = 0; i <= CONSECUTIVE_FAILURES_BEFORE_PAUSE; i++) {
          const response = await post(server, '/api/auth/password/change', {
            session: adminSession,
            json: { currentPassword: `guess number ${i}`, newPassword: 'a brand new passphrase' },
          });
          statuses.push(response.status);
        }
        assert.deepEqual(statuses, [...new Array(CONSECUTIVE_FAILURES_BEFORE_PAUSE).fill(400), 429]);
      });
    });
  });
}
