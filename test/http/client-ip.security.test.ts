/**
 * Threat: a guesser who forges `X-Forwarded-For` to look like a new client at every try, so
 * that the per-address throttle (50 failures per 15 minutes across identifiers) never fills.
 * Without TRUST_PROXY the socket address is the client; with it, only the proxies it names may
 * say who the client is, and only the address they append counts.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { ADDRESS_FAILURES_PER_WINDOW, ADDRESS_WINDOW_MILLISECONDS } from '../../src/server/auth/lockout/service.ts';
import { createTestClock } from '../../src/server/infra/clock.ts';
import type { TestClock } from '../../src/server/infra/clock.ts';
import { ADMIN, assertError, completeSetup, signIn } from '../support/http.ts';
import type { ApiResponse } from '../support/http.ts';
import { DATABASES, startTestServer } from '../support/server.ts';
import type { TestServer } from '../support/server.ts';

const WINDOW_SECONDS = ADDRESS_WINDOW_MILLISECONDS / 1000;
/** The test connects to `localhost`, which may be either loopback address. */
const LOOPBACK_PROXIES = '127.0.0.1,::1';

function assertAddressPaused(response: ApiResponse): void {
  assertError(response, 429, 'too_many_attempts');
  assert.equal(response.headers.get('retry-after'), String(WINDOW_SECONDS));
}

for (const database of DATABASES) {
  describe(`client addresses on ${database}`, () => {
    let server: TestServer;
    let clock: TestClock;
    let attempt = 0;

    async function start(env: Record<string, string> = {}): Promise<void> {
      clock = createTestClock();
      server = await startTestServer({ database, clock, env });
      await completeSetup(server);
    }
    afterEach(() => server.close());

    /** A wrong password for an identifier never tried before, so no identifier is paused on its own. */
    function failOnce(forwardedFor: string): Promise<ApiResponse> {
      attempt++;
      return signIn(server, `stuffed-${attempt}@example.com`, 'Summer2024!Summer', { headers: { 'x-forwarded-for': forwardedFor } });
    }

    async function failFromEach(addresses: (i: number) => string, times: number): Promise<number[]> {
      const statuses: number[] = [];
      for (let i = 0; i < times; i++) statuses.push((await failOnce(addresses(i))).status);
      return statuses;
    }

    const rotating = (i: number): string => `198.51.100.${i % 250}, 203.0.113.${i % 250}`;

    describe('without TRUST_PROXY', () => {
      test('a new X-Forwarded-For at every wrong password does not reset the address throttle', async () => {
        await start();
        const statuses = await failFromEach(rotating, ADDRESS_FAILURES_PER_WINDOW);
        assert.deepEqual(statuses, new Array(ADDRESS_FAILURES_PER_WINDOW).fill(401));
        assertAddressPaused(await failOnce('192.0.2.77'));
        // The pause holds for the address even for a real account's right password, with or without the header.
        assertAddressPaused(await signIn(server, ADMIN.email, ADMIN.password, { headers: { 'x-forwarded-for': '192.0.2.78' } }));
        assertAddressPaused(await signIn(server, ADMIN.email, ADMIN.password));
      });

      test('the address may sign in again once its window has passed', async () => {
        await start();
        await failFromEach(rotating, ADDRESS_FAILURES_PER_WINDOW);
        assertAddressPaused(await signIn(server, ADMIN.email, ADMIN.password));
        clock.advance(ADDRESS_WINDOW_MILLISECONDS);
        assert.equal((await signIn(server, ADMIN.email, ADMIN.password)).status, 200);
      });
    });

    describe(`with TRUST_PROXY=${LOOPBACK_PROXIES}`, () => {
      test('X-Forwarded-For names the client: each client address is throttled on its own', async () => {
        await start({ TRUST_PROXY: LOOPBACK_PROXIES });
        const statuses = await failFromEach(() => '203.0.113.10', ADDRESS_FAILURES_PER_WINDOW);
        assert.deepEqual(statuses, new Array(ADDRESS_FAILURES_PER_WINDOW).fill(401));
        assertAddressPaused(await failOnce('203.0.113.10'));
        assertError(await failOnce('203.0.113.11'), 401, 'invalid_credentials');
        assert.equal((await signIn(server, ADMIN.email, ADMIN.password, { headers: { 'x-forwarded-for': '203.0.113.12' } })).status, 200);
      });

      test('addresses a client forges in front of the one the proxy appended are ignored', async () => {
        await start({ TRUST_PROXY: LOOPBACK_PROXIES });
        // The proxy appends the address it saw (203.0.113.10); whatever the client sent stands before it.
        const statuses = await failFromEach((i) => `10.0.${i}.1, 198.51.100.${i}, 203.0.113.10`, ADDRESS_FAILURES_PER_WINDOW);
        assert.deepEqual(statuses, new Array(ADDRESS_FAILURES_PER_WINDOW).fill(401));
        assertAddressPaused(await failOnce('192.0.2.1, 203.0.113.10'));
      });
    });

    describe('with TRUST_PROXY naming a proxy that is not the caller', () => {
      test('X-Forwarded-For from an untrusted peer is ignored', async () => {
        await start({ TRUST_PROXY: '192.0.2.254' });
        await failFromEach(rotating, ADDRESS_FAILURES_PER_WINDOW);
        assertAddressPaused(await failOnce('203.0.113.99'));
      });
    });
  });
}
