/** "Trust this browser": a verified sign-in may mark the browser, and later sign-ins there skip the second factor for 30 days. */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import {
  Browser,
  cookieName,
  createMember,
  DAY_MILLISECONDS,
  enrolTOTP,
  setPolicy,
  signInToSecondStep,
  startMFAServer,
  TOTP_STEP_MILLISECONDS,
  totpCode,
  TRUSTED_BROWSER_MILLISECONDS,
} from '../support/mfa.ts';
import type { MFAContext, Member } from '../support/mfa.ts';
import { DATABASES } from '../support/server.ts';

for (const database of DATABASES) {
  describe(`trusted browsers on ${database}`, () => {
    let context: MFAContext;
    let member: Member;
    let secret: string;

    beforeEach(async () => {
      context = await startMFAServer(database);
      member = await createMember(context, { email: 'bob@example.com' });
      ({ secret } = await enrolTOTP(context, member.browser));
    });
    afterEach(() => context.close());

    /** Signs in with the authenticator in `browser`, asking to trust it. */
    async function signInTrusting(browser: Browser, trustBrowser = true) {
      await signInToSecondStep(context, member.email, member.password, browser);
      context.clock.advance(TOTP_STEP_MILLISECONDS);
      const response = await browser.verify({ method: 'totp', code: await totpCode(context, secret), trustBrowser });
      assert.equal(response.status, 200, response.text);
      return response;
    }

    const signOut = (browser: Browser) => browser.post('/api/auth/logout');

    describe('successful trust', () => {
      test('trustBrowser sets an HttpOnly cookie for 30 days', async () => {
        const browser = new Browser(context.server);
        const response = await signInTrusting(browser);
        const header = response.setCookies.get(cookieName(context.server, 'trusted'));
        assert.ok(header, 'a trusted-browser cookie');
        const attributes = header.split(';').map((a) => a.trim().toLowerCase());
        assert.ok(attributes.includes('httponly'));
        assert.ok(attributes.includes(`max-age=${TRUSTED_BROWSER_MILLISECONDS / 1000}`) || attributes.some((a) => a.startsWith('expires=')), header);
        assert.ok(browser.cookie('trusted'));
      });

      test('the next sign-in in that browser skips the second factor', async () => {
        const browser = new Browser(context.server);
        await signInTrusting(browser);
        await signOut(browser);
        assert.equal(browser.session, undefined);
        const response = await browser.login(member.email, member.password);
        assert.equal(response.status, 200, response.text);
        assert.deepEqual(response.body, { status: 'signed_in' });
        assert.equal((await browser.me()).status, 200);
      });

      test('the trust still holds 29 days later', async () => {
        const browser = new Browser(context.server);
        await signInTrusting(browser);
        await signOut(browser);
        context.clock.advance(TRUSTED_BROWSER_MILLISECONDS - DAY_MILLISECONDS);
        assert.deepEqual((await browser.login(member.email, member.password)).body, { status: 'signed_in' });
      });

      test('the answer tells the page that trusting is allowed', async () => {
        const { answer } = await signInToSecondStep(context, member.email, member.password);
        assert.equal(answer.trustBrowserAllowed, true);
      });
    });

    describe('failing trust', () => {
      test('without trustBrowser no cookie is set and the next sign-in asks again', async () => {
        const browser = new Browser(context.server);
        const response = await signInTrusting(browser, false);
        assert.equal(response.setCookies.get(cookieName(context.server, 'trusted')), undefined);
        await signOut(browser);
        assert.equal((await browser.login(member.email, member.password)).body.status, 'mfa_required');
      });

      test('another browser is not trusted', async () => {
        await signInTrusting(new Browser(context.server));
        assert.equal((await new Browser(context.server).login(member.email, member.password)).body.status, 'mfa_required');
      });

      test('the trusted cookie still needs the password', async () => {
        const browser = new Browser(context.server);
        await signInTrusting(browser);
        await signOut(browser);
        const response = await browser.login(member.email, 'a wrong password here');
        assert.equal(response.status, 401);
        assert.equal(browser.session, undefined);
      });

      test("one person's trusted browser does not skip another person's second factor", async () => {
        const other = await createMember(context, { email: 'carol@example.com' });
        await enrolTOTP(context, other.browser);
        const browser = new Browser(context.server);
        await signInTrusting(browser);
        await signOut(browser);
        assert.equal((await browser.login(other.email, other.password)).body.status, 'mfa_required');
      });

      test('the trust ends after 30 days', async () => {
        const browser = new Browser(context.server);
        await signInTrusting(browser);
        await signOut(browser);
        context.clock.advance(TRUSTED_BROWSER_MILLISECONDS);
        assert.equal((await browser.login(member.email, member.password)).body.status, 'mfa_required');
      });

      test('a forged trusted cookie is ignored', async () => {
        const browser = new Browser(context.server);
        browser.setCookie('trusted', 'forged-trusted-browser-token-000000000000000');
        assert.equal((await browser.login(member.email, member.password)).body.status, 'mfa_required');
      });

      test('when the administrator disallows trusting browsers, the cookie is ignored and no new one is set', async () => {
        const browser = new Browser(context.server);
        await signInTrusting(browser);
        await signOut(browser);
        await setPolicy(context, { trustBrowserAllowed: false });
        const response = await browser.login(member.email, member.password);
        assert.equal(response.body.status, 'mfa_required');
        assert.equal(response.body.trustBrowserAllowed, false);
        context.clock.advance(TOTP_STEP_MILLISECONDS);
        const verified = await browser.verify({ method: 'totp', code: await totpCode(context, secret), trustBrowser: true });
        assert.ok(verified.status === 200 || verified.status === 400, verified.text);
        const fresh = new Browser(context.server);
        const freshVerified = await signInToSecondStep(context, member.email, member.password, fresh);
        assert.equal(freshVerified.answer.trustBrowserAllowed, false);
        context.clock.advance(TOTP_STEP_MILLISECONDS);
        const second = await fresh.verify({ method: 'totp', code: await totpCode(context, secret), trustBrowser: true });
        assert.equal(second.setCookies.get(cookieName(context.server, 'trusted')), undefined, 'no trusted cookie while disallowed');
      });

      test('resetting the factors forgets the trusted browsers', async () => {
        const browser = new Browser(context.server);
        await signInTrusting(browser);
        await signOut(browser);
        const reset = await context.admin.post(`/api/admin/users/${member.user.id}/mfa/reset`);
        assert.equal(reset.status, 204, reset.text);
        const rows = await context.server.database.db.selectFrom('trusted_browsers').select('id').execute();
        assert.equal(rows.length, 0);
      });
    });
  });
}
