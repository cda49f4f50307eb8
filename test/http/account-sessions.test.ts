/**
 * The signed-in person's sessions and sign-in history (docs/account-security-api.md): the list
 * and its devices, ending one session or all others (refused at once on this app server), and
 * the 90-day history with its keyset pagination.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { hashToken } from '../../src/server/infra/crypto.ts';
import { assertError } from '../support/http.ts';
import type { JsonBody } from '../support/http.ts';
import {
  ADMIN,
  auditEvents,
  Browser,
  createMember,
  DAY_MILLISECONDS,
  enrolTOTP,
  MINUTE_MILLISECONDS,
  signInToSecondStep,
  startMFAServer,
  TOTP_STEP_MILLISECONDS,
  totpCode,
} from '../support/mfa.ts';
import type { MFAContext, Member } from '../support/mfa.ts';
import { DATABASES } from '../support/server.ts';

const CHROME_ON_WINDOWS =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const SAFARI_ON_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';
const FIREFOX_ON_MAC = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:133.0) Gecko/20100101 Firefox/133.0';
const SAFARI_ON_IPAD =
  'Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';

/** The contract's public id: the first 32 hex characters of SHA-256 over the stored id (itself SHA-256 of the token). */
const publicIdOf = (token: string): string => createHash('sha256').update(hashToken(token)).digest('hex').slice(0, 32);

for (const database of DATABASES) {
  describe(`account sessions and sign-in history on ${database}`, () => {
    let context: MFAContext;
    let member: Member;

    beforeEach(async () => {
      context = await startMFAServer(database);
      member = await createMember(context);
      // The session the helper opened is not one of the browsers these tests name.
      assert.equal((await member.browser.post('/api/auth/logout')).status, 204);
    });
    afterEach(() => context.close());

    /** Signs the member in from a new browser that sends `userAgent` with every request. */
    async function signInFrom(userAgent: string): Promise<Browser> {
      const browser = new Browser(context.server);
      const response = await browser.post('/api/auth/login', { identifier: member.email, password: member.password }, { headers: { 'user-agent': userAgent } });
      assert.equal(response.status, 200, response.text);
      assert.deepEqual(response.body, { status: 'signed_in' });
      assert.ok(browser.session);
      return browser;
    }

    const listSessions = async (browser: Browser): Promise<JsonBody[]> => {
      const response = await browser.get('/api/account/sessions');
      assert.equal(response.status, 200, response.text);
      return response.body.data;
    };

    describe('the list', () => {
      test('successful: two browsers are listed with the device read from their User-Agent, the current one marked', async () => {
        const chrome = await signInFrom(CHROME_ON_WINDOWS);
        context.clock.advance(MINUTE_MILLISECONDS);
        const phone = await signInFrom(SAFARI_ON_IPHONE);
        context.clock.advance(MINUTE_MILLISECONDS);

        const fromChrome = await listSessions(chrome);
        assert.equal(fromChrome.length, 2);
        const mine = fromChrome.find((s) => s.current);
        const other = fromChrome.find((s) => !s.current);
        assert.ok(mine && other);
        assert.deepEqual(
          { id: mine.id, browser: mine.browser, os: mine.os, device: mine.device },
          { id: publicIdOf(chrome.session!), browser: 'Chrome 131', os: 'Windows 10', device: 'desktop' },
        );
        assert.deepEqual(
          { id: other.id, browser: other.browser, os: other.os, device: other.device },
          { id: publicIdOf(phone.session!), browser: 'Mobile Safari 18', os: 'iOS 18.1', device: 'mobile' },
        );
        for (const session of fromChrome) {
          assert.match(session.id, /^[0-9a-f]{32}$/);
          assert.equal(typeof session.ip, 'string');
          assert.ok(session.createdAt <= session.lastSeenAt && session.lastSeenAt < session.expiresAt);
        }
        // This request counted as activity, so the current session is the most recently seen.
        assert.deepEqual(
          fromChrome.map((s) => s.lastSeenAt),
          [...fromChrome.map((s) => s.lastSeenAt)].sort((a, b) => b - a),
        );
        assert.equal(fromChrome[0].current, true);

        const fromPhone = await listSessions(phone);
        assert.deepEqual(fromPhone.filter((s) => s.current).map((s) => s.id), [publicIdOf(phone.session!)]);
      });

      test('neither the token nor its stored hash leaves the server', async () => {
        const chrome = await signInFrom(CHROME_ON_WINDOWS);
        const response = await chrome.get('/api/account/sessions');
        assert.ok(!response.text.includes(chrome.session!));
        assert.ok(!response.text.includes(hashToken(chrome.session!)));
        assert.ok(!response.text.includes(hashToken(chrome.session!).slice(0, 32)));
      });

      test("another person's sessions are not listed", async () => {
        const chrome = await signInFrom(CHROME_ON_WINDOWS);
        const ids = (await listSessions(chrome)).map((s) => s.id);
        assert.ok(!ids.includes(publicIdOf(context.admin.session!)));
        assert.equal(ids.length, 1);
      });

      test('a session that ended by time is not listed', async () => {
        const chrome = await signInFrom(CHROME_ON_WINDOWS);
        await signInFrom(SAFARI_ON_IPHONE);
        // The phone stays idle for an hour; the desktop keeps working.
        for (let minutes = 0; minutes < 60; minutes += 30) {
          context.clock.advance(30 * MINUTE_MILLISECONDS);
          assert.equal((await chrome.me()).status, 200);
        }
        assert.deepEqual((await listSessions(chrome)).map((s) => s.browser), ['Chrome 131']);
      });
    });

    describe('ending one session', () => {
      test('successful: the ended session is refused at once, the current one goes on', async () => {
        const chrome = await signInFrom(CHROME_ON_WINDOWS);
        const phone = await signInFrom(SAFARI_ON_IPHONE);
        // The phone's session is now in this app server's session cache.
        assert.equal((await phone.me()).status, 200);

        const ended = await chrome.delete(`/api/account/sessions/${publicIdOf(phone.session!)}`);
        assert.equal(ended.status, 204, ended.text);
        // No clock movement: the cache's time-to-live has not passed, the session is refused anyway.
        assertError(await phone.me(), 401, 'unauthenticated');
        assert.equal((await chrome.me()).status, 200);
        assert.deepEqual((await listSessions(chrome)).map((s) => s.id), [publicIdOf(chrome.session!)]);

        const audited = await auditEvents(context, 'session.ended');
        assert.equal(audited.length, 1);
        assert.equal(audited[0].actor_id, member.user.id);
        assert.equal(audited[0].target_id, member.user.id);
      });

      test('ending the current session signs this browser out', async () => {
        const chrome = await signInFrom(CHROME_ON_WINDOWS);
        const token = chrome.session!;
        const ended = await chrome.delete(`/api/account/sessions/${publicIdOf(token)}`);
        assert.equal(ended.status, 204, ended.text);
        assert.equal(chrome.session, undefined, 'the cookie is cleared');
        chrome.setCookie('session', token);
        assertError(await chrome.me(), 401, 'unauthenticated');
      });

      test("failing: another person's session id is not found, and that session lives on", async () => {
        const chrome = await signInFrom(CHROME_ON_WINDOWS);
        assertError(await chrome.delete(`/api/account/sessions/${publicIdOf(context.admin.session!)}`), 404, 'not_found');
        assert.equal((await context.admin.me()).status, 200);
        assert.equal((await auditEvents(context, 'session.ended')).length, 0);
      });

      test('failing: an unknown id is not found', async () => {
        const chrome = await signInFrom(CHROME_ON_WINDOWS);
        assertError(await chrome.delete(`/api/account/sessions/${'0'.repeat(32)}`), 404, 'not_found');
        // The stored hash is not a public id either.
        assertError(await chrome.delete(`/api/account/sessions/${hashToken(chrome.session!).slice(0, 32)}`), 404, 'not_found');
        assert.equal((await chrome.me()).status, 200);
      });

      test('failing: a malformed id is refused', async () => {
        const chrome = await signInFrom(CHROME_ON_WINDOWS);
        for (const id of ['not-a-session', 'A'.repeat(32), '0'.repeat(31), '0'.repeat(33), hashToken(chrome.session!)]) {
          assertError(await chrome.delete(`/api/account/sessions/${id}`), 400, 'validation_failed');
        }
        assert.equal((await chrome.me()).status, 200);
      });

      test('failing: without the Origin header the session is not ended (cross-site request)', async () => {
        const chrome = await signInFrom(CHROME_ON_WINDOWS);
        const phone = await signInFrom(SAFARI_ON_IPHONE);
        const response = await chrome.delete(`/api/account/sessions/${publicIdOf(phone.session!)}`, { origin: null });
        assert.equal(response.status, 403, response.text);
        assert.equal((await phone.me()).status, 200);
      });
    });

    describe('ending the other sessions', () => {
      test('successful: every other session ends at once, the current one goes on', async () => {
        const chrome = await signInFrom(CHROME_ON_WINDOWS);
        const phone = await signInFrom(SAFARI_ON_IPHONE);
        const tablet = await signInFrom(SAFARI_ON_IPAD);
        assert.equal((await phone.me()).status, 200);
        assert.equal((await tablet.me()).status, 200);

        const response = await chrome.post('/api/account/sessions/end-others');
        assert.equal(response.status, 200, response.text);
        assert.deepEqual(response.body, { ended: 2 });
        assertError(await phone.me(), 401, 'unauthenticated');
        assertError(await tablet.me(), 401, 'unauthenticated');
        assert.equal((await chrome.me()).status, 200);
        assert.deepEqual((await listSessions(chrome)).map((s) => s.id), [publicIdOf(chrome.session!)]);
        // Another person's sessions are not touched.
        assert.equal((await context.admin.me()).status, 200);

        const audited = await auditEvents(context, 'sessions.ended_others');
        assert.equal(audited.length, 1);
        assert.equal(audited[0].actor_id, member.user.id);
        assert.equal(audited[0].target_id, member.user.id);
      });

      test('with no other session nothing ends', async () => {
        const chrome = await signInFrom(CHROME_ON_WINDOWS);
        const response = await chrome.post('/api/account/sessions/end-others', {});
        assert.deepEqual(response.body, { ended: 0 });
        assert.equal((await chrome.me()).status, 200);
      });

      test('failing: a body with fields is refused', async () => {
        const chrome = await signInFrom(CHROME_ON_WINDOWS);
        const phone = await signInFrom(SAFARI_ON_IPHONE);
        assertError(await chrome.post('/api/account/sessions/end-others', { all: true }), 400, 'validation_failed');
        assert.equal((await phone.me()).status, 200);
      });
    });

    describe('the sign-in history', () => {
      const history = async (browser: Browser, query = ''): Promise<JsonBody> => {
        const response = await browser.get(`/api/account/sign-ins${query}`);
        assert.equal(response.status, 200, response.text);
        return response.body;
      };

      async function wrongPasswordFrom(userAgent: string): Promise<void> {
        const response = await new Browser(context.server).post(
          '/api/auth/login',
          { identifier: member.email, password: 'not the password at all' },
          { headers: { 'user-agent': userAgent } },
        );
        assertError(response, 401, 'invalid_credentials');
      }

      test('successful: a sign-in and a wrong password are shown newest first, with their devices', async () => {
        context.clock.advance(MINUTE_MILLISECONDS);
        await wrongPasswordFrom(FIREFOX_ON_MAC);
        context.clock.advance(MINUTE_MILLISECONDS);
        const chrome = await signInFrom(CHROME_ON_WINDOWS);

        const { data, nextCursor } = await history(chrome);
        assert.equal(nextCursor, null);
        assert.deepEqual(
          data.map((e: JsonBody) => e.at),
          [...data.map((e: JsonBody) => e.at)].sort((a, b) => b - a),
        );
        const [latest, failure] = data;
        assert.deepEqual(
          { result: latest.result, method: latest.method, reason: latest.reason, browser: latest.browser, os: latest.os, device: latest.device },
          { result: 'succeeded', method: 'password', reason: null, browser: 'Chrome 131', os: 'Windows 10', device: 'desktop' },
        );
        assert.deepEqual(
          { result: failure.result, method: failure.method, reason: failure.reason, browser: failure.browser, os: failure.os, device: failure.device },
          { result: 'failed', method: 'password', reason: 'wrong_password', browser: 'Firefox 133', os: 'Mac OS 10.15', device: 'desktop' },
        );
        assert.ok(latest.at > failure.at);
        assert.equal(typeof latest.ip, 'string');
        assert.notEqual(latest.id, failure.id);
      });

      test('a wrong authenticator code after the right password is shown, an enrolment mistake is not', async () => {
        const chrome = await signInFrom(CHROME_ON_WINDOWS);
        // A wrong code while adding the app is not a sign-in attempt.
        const started = await chrome.post('/api/account/mfa/totp');
        assert.equal(started.status, 200, started.text);
        const rightAtEnrolment = await totpCode(context, started.body.secret);
        assertError(await chrome.post('/api/account/mfa/totp/confirm', { code: rightAtEnrolment === '000000' ? '111111' : '000000' }), 401, 'mfa_code_invalid');
        const enrolled = await enrolTOTP(context, chrome);
        context.clock.advance(MINUTE_MILLISECONDS);

        const { browser } = await signInToSecondStep(context, member.email, member.password);
        const right = await totpCode(context, enrolled.secret);
        const wrong = right === '000000' ? '111111' : '000000';
        assertError(await browser.verify({ method: 'totp', code: wrong }), 401, 'mfa_code_invalid');
        context.clock.advance(TOTP_STEP_MILLISECONDS);
        const verified = await browser.verify({ method: 'totp', code: await totpCode(context, enrolled.secret) });
        assert.equal(verified.status, 200, verified.text);

        const { data } = await history(browser);
        assert.equal(data.filter((e: JsonBody) => e.method === 'password+totp').length, 2, JSON.stringify(data));
        assert.deepEqual(
          data.slice(0, 2).map((e: JsonBody) => ({ result: e.result, method: e.method, reason: e.reason })),
          [
            { result: 'succeeded', method: 'password+totp', reason: null },
            { result: 'failed', method: 'password+totp', reason: 'wrong_code' },
          ],
        );
      });

      test('limit=1 walks every entry once, in the order of the full list', async () => {
        for (let i = 0; i < 3; i++) {
          context.clock.advance(MINUTE_MILLISECONDS);
          await wrongPasswordFrom(FIREFOX_ON_MAC);
        }
        const chrome = await signInFrom(CHROME_ON_WINDOWS);
        // Two events in the same millisecond: the cursor must tell them apart by id.
        await wrongPasswordFrom(SAFARI_ON_IPHONE);

        const full = await history(chrome, '?limit=100');
        assert.equal(full.nextCursor, null);
        assert.ok(full.data.length >= 5, `${full.data.length} entries`);

        const walked: JsonBody[] = [];
        let cursor: string | null = null;
        for (let page = 0; page < 50; page++) {
          const query: string = cursor === null ? '?limit=1' : `?limit=1&cursor=${encodeURIComponent(cursor)}`;
          const body = await history(chrome, query);
          assert.ok(body.data.length <= 1);
          walked.push(...body.data);
          cursor = body.nextCursor;
          if (cursor === null) break;
        }
        assert.equal(cursor, null, 'the walk ended');
        assert.deepEqual(walked.map((e) => e.id), full.data.map((e: JsonBody) => e.id));
        assert.equal(new Set(walked.map((e) => e.id)).size, walked.length, 'no entry twice');
      });

      test('entries older than 90 days are not shown', async () => {
        await wrongPasswordFrom(FIREFOX_ON_MAC);
        context.clock.advance(91 * DAY_MILLISECONDS);
        const chrome = await signInFrom(CHROME_ON_WINDOWS);
        const { data } = await history(chrome);
        assert.deepEqual(
          data.map((e: JsonBody) => ({ result: e.result, browser: e.browser })),
          [{ result: 'succeeded', browser: 'Chrome 131' }],
        );
      });

      test("another person's sign-ins and attempts on unknown names are not shown", async () => {
        const admin = new Browser(context.server);
        assertError(await admin.login(ADMIN.email, 'not the password at all'), 401, 'invalid_credentials');
        assertError(await new Browser(context.server).login('nobody@example.com', 'whatever it is'), 401, 'invalid_credentials');
        const chrome = await signInFrom(CHROME_ON_WINDOWS);
        const { data } = await history(chrome);
        assert.ok(data.every((e: JsonBody) => e.result === 'succeeded'), JSON.stringify(data));
      });

      test('failing: a malformed cursor or limit is refused, not a server error', async () => {
        const chrome = await signInFrom(CHROME_ON_WINDOWS);
        const b64 = (value: string): string => Buffer.from(value).toString('base64url');
        for (const cursor of ['not a cursor!', 'e30', b64('{"at":1}'), b64('[1]'), b64('[1,"x"]'), b64('[-1,2]'), b64('[1e300,1]'), 'x'.repeat(201)]) {
          assertError(await chrome.get(`/api/account/sign-ins?cursor=${encodeURIComponent(cursor)}`), 400, 'validation_failed');
        }
        for (const limit of ['0', '101', 'ten', '1.5']) {
          assertError(await chrome.get(`/api/account/sign-ins?limit=${limit}`), 400, 'validation_failed');
        }
        assertError(await chrome.get('/api/account/sign-ins?unknown=1'), 400, 'validation_failed');
      });
    });

    test('failing: nobody signed in gets 401 from every route', async () => {
      const stranger = new Browser(context.server);
      assertError(await stranger.get('/api/account/sessions'), 401, 'unauthenticated');
      assertError(await stranger.delete(`/api/account/sessions/${'0'.repeat(32)}`), 401, 'unauthenticated');
      assertError(await stranger.post('/api/account/sessions/end-others'), 401, 'unauthenticated');
      assertError(await stranger.get('/api/account/sign-ins'), 401, 'unauthenticated');
    });
  });
}
