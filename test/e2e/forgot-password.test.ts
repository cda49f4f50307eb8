/**
 * "Forgot password?" in a real browser, once in each interface language (and on each database):
 * the sign-in page's link -> the same answer for everyone -> the link from the mail received by
 * a real SMTP server -> a new password (live length hint, mismatch caught) -> "password changed",
 * no automatic sign-in -> sign in with it. The token never stays in the address bar, never leaves
 * in a URL or a Referer, and the page loads nothing from elsewhere. Then: with an authenticator
 * app the reset asks for its code too; a used, replaced or expired link shows the invalid page;
 * the daily limit is said in hours.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { DatabaseKind } from '../../src/server/db/index.ts';
import { createTestClock } from '../../src/server/infra/clock.ts';
import type { TestClock } from '../../src/server/infra/clock.ts';
import { startMailbox } from '../support/mailbox.ts';
import type { Mailbox } from '../support/mailbox.ts';
import { startTestServer } from '../support/server.ts';
import type { TestServer } from '../support/server.ts';
import { assertNoPageErrors, expectHeading, expectPath, expectText, expectVisible, launchBrowser, openPage, visit } from './support/browser.ts';
import { RECOVERY_TEXTS, recoveryShot, resetLinkIn } from './support/recovery-pages.ts';
import { TEXTS } from './support/texts.ts';
import type { Lang } from './support/texts.ts';
import { enrolAuthenticatorThroughAPI, setUpAdministrator, submitPassword, TOTP_STEP_MILLISECONDS, totpCode } from './support/two-step.ts';
import type { Person } from './support/two-step.ts';

const RUNS: Array<{ lang: Lang; database: DatabaseKind; admin: Person; newPassword: string }> = [
  {
    lang: 'en',
    database: 'sqlite',
    admin: { name: 'Ada Stone', email: 'ada@example.com', username: 'ada', password: 'granite ridge above the lake' },
    newPassword: 'seven stones on a windy summit',
  },
  {
    lang: 'zh-CN',
    database: 'postgres',
    admin: { name: '李娜', email: 'li.na@example.cn', username: 'lina', password: '山顶上的七块石头叠得很高很稳' },
    newPassword: '湖边的石头在月光下安静地发亮',
  },
];

/** Past the 30-minute life of a reset link. */
const PAST_LINK_LIFETIME_MILLISECONDS = 31 * 60 * 1000;
/** Past the 1-per-minute pause between two requests for one identifier. */
const PAST_REQUEST_PAUSE_MILLISECONDS = 61 * 1000;
const REQUESTS_PER_IDENTIFIER_PER_DAY = 5;

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

interface Setup {
  server: TestServer;
  mailbox: Mailbox;
  clock: TestClock;
  close(): Promise<void>;
}

async function startServerWithMailbox(database: DatabaseKind, admin: Person): Promise<Setup> {
  const clock = createTestClock(Date.now());
  const mailbox = await startMailbox();
  const server = await startTestServer({ database, clock, env: { SMTP_URL: mailbox.url, MAIL_FROM: 'Cairn <no-reply@example.com>' } });
  await setUpAdministrator(server, admin);
  return {
    server,
    mailbox,
    clock,
    close: async () => {
      await server.close();
      await mailbox.close();
    },
  };
}

/** Sent from the forgot-password page: waits for the mail to the account and answers its link. */
async function requestLinkFromPage(page: Page, setup: Setup, lang: Lang, email: string): Promise<string> {
  const R = RECOVERY_TEXTS[lang];
  const already = setup.mailbox.messages.length;
  await page.getByRole('button', { name: R.sendLink, exact: true }).click();
  await expectHeading(page, R.sentHeading);
  await setup.server.whenIdle();
  const mail = await setup.mailbox.waitFor((message) => setup.mailbox.messages.indexOf(message) >= already && message.to.includes(email));
  return resetLinkIn(mail);
}

for (const run of RUNS) {
  const T = TEXTS[run.lang];
  const R = RECOVERY_TEXTS[run.lang];
  const { admin } = run;

  describe(`forgot password in ${run.lang} on ${run.database}`, () => {
    test(`successful reset: the sign-in page's link -> the mailed link -> a new password -> sign in with it (${run.lang})`, async () => {
      const setup = await startServerWithMailbox(run.database, admin);
      const { server } = setup;
      const { context, page, problems } = await openPage(browser, { locale: T.browserLocale, baseURL: server.url });
      // Every request the browser makes, with its Referer: the token must appear in none.
      const sent: Array<{ url: string; referer: string }> = [];
      page.on('request', (request) => sent.push({ url: request.url(), referer: request.headers()['referer'] ?? '' }));
      try {
        await visit(page, '/login');
        await page.getByLabel(T.identifier, { exact: true }).fill(admin.email);
        await recoveryShot(page, run.lang, '01-login');
        await page.getByRole('link', { name: R.forgotLink, exact: true }).click();
        await expectPath(page, '/forgot-password');
        await expectHeading(page, R.forgotHeading);
        // The identifier typed at sign-in comes along (in router state, not in the URL).
        assert.equal(await page.getByLabel(T.identifier, { exact: true }).inputValue(), admin.email);
        assert.equal(new URL(page.url()).search, '');
        await recoveryShot(page, run.lang, '02-forgot');

        const link = await requestLinkFromPage(page, setup, run.lang, admin.email);
        await expectText(page, R.sentBody(admin.email));
        // Resending waits for the server's pause (60 s), counted down on the button.
        const resend = page.getByRole('button', { name: R.resendIn });
        await expectVisible(resend);
        assert.equal(await resend.isDisabled(), true);
        await recoveryShot(page, run.lang, '03-forgot-sent');

        const token = new URL(link).hash.replace('#token=', '');
        assert.equal(new URL(link).origin, server.origin);
        await page.goto(link);
        await expectHeading(page, R.resetHeading);
        // The token is out of the address bar at once, kept in this tab only: a reload still works.
        assert.equal(new URL(page.url()).hash, '');
        await page.reload();
        await expectHeading(page, R.resetHeading);

        const newPassword = page.getByLabel(R.newPassword, { exact: true });
        await newPassword.fill('short');
        await expectText(page, T.passwordTooShortHint);
        await recoveryShot(page, run.lang, '04-reset-typing');
        await newPassword.fill(run.newPassword);
        await page.getByLabel(R.confirmPassword, { exact: true }).fill(`${run.newPassword}!`);
        await page.getByRole('button', { name: R.resetSubmit, exact: true }).click();
        await expectText(page, R.mismatch);
        await page.getByLabel(R.confirmPassword, { exact: true }).fill(run.newPassword);
        await page.getByRole('button', { name: R.resetSubmit, exact: true }).click();
        await expectHeading(page, R.doneHeading);
        await recoveryShot(page, run.lang, '05-reset-done');

        // No automatic sign-in (OWASP): the person is not signed in until they sign in.
        assert.equal((await page.request.get('/api/auth/me')).status(), 401);
        for (const request of sent) {
          assert.ok(request.url.startsWith(server.url), `only this site is asked: ${request.url}`);
          assert.ok(!request.url.includes(token) && !request.referer.includes(token), `the token leaked in ${request.url} (Referer ${request.referer})`);
        }

        await page.getByRole('link', { name: R.doneSignIn, exact: true }).click();
        await expectPath(page, '/login');
        await submitPassword(page, T, admin.email, admin.password);
        await expectVisible(page.getByRole('alert').getByText(T.invalidCredentials, { exact: true }));
        await page.getByLabel(T.password, { exact: true }).fill(run.newPassword);
        await page.getByRole('button', { name: T.signIn, exact: true }).click();
        await expectPath(page, '/');
        await expectHeading(page, T.welcome(admin.name));

        // The used link now shows the invalid page, with the way to a new one.
        await page.goto(link);
        await expectHeading(page, R.invalidHeading);
        await recoveryShot(page, run.lang, '06-reset-invalid');
        await page.getByRole('link', { name: R.newLink, exact: true }).click();
        await expectPath(page, '/forgot-password');
        // Known in this tab: the identifier is filled in again.
        assert.equal(await page.getByLabel(T.identifier, { exact: true }).inputValue(), admin.email);
        assertNoPageErrors(problems);
      } finally {
        await context.close();
        await setup.close();
      }
    });

    test(`successful reset with an authenticator app: a wrong code is refused, the right one resets (${run.lang})`, async () => {
      const setup = await startServerWithMailbox(run.database, admin);
      const { server, clock } = setup;
      const { context, page, problems } = await openPage(browser, { locale: T.browserLocale, baseURL: server.url });
      try {
        const signedIn = await page.request.post('/api/auth/login', { headers: { Origin: server.url }, data: { identifier: admin.email, password: admin.password } });
        assert.equal(signedIn.status(), 200, await signedIn.text());
        const secret = await enrolAuthenticatorThroughAPI(page, server, clock);
        assert.equal((await page.request.post('/api/auth/logout', { headers: { Origin: server.url } })).status() < 300, true);

        await visit(page, '/forgot-password');
        await page.getByLabel(T.identifier, { exact: true }).fill(admin.username);
        const link = await requestLinkFromPage(page, setup, run.lang, admin.email);
        await page.goto(link);
        await expectHeading(page, R.resetHeading);
        await expectVisible(page.getByRole('heading', { name: R.mfaHeading, exact: true }));
        await page.getByLabel(R.newPassword, { exact: true }).fill(run.newPassword);
        await page.getByLabel(R.confirmPassword, { exact: true }).fill(run.newPassword);

        // The code used at enrolment is spent; the next time step gives a fresh one.
        clock.advance(TOTP_STEP_MILLISECONDS);
        const right = await totpCode(clock, secret);
        const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0');
        await page.getByLabel(T.totpCodeLabel, { exact: true }).fill(wrong);
        await page.getByRole('button', { name: R.resetSubmit, exact: true }).click();
        await expectText(page, R.codeInvalid);
        await recoveryShot(page, run.lang, '07-reset-totp-wrong');
        await page.getByLabel(T.totpCodeLabel, { exact: true }).fill(right);
        await page.getByRole('button', { name: R.resetSubmit, exact: true }).click();
        await expectHeading(page, R.doneHeading);

        // Signing in with the new password still asks for the second factor.
        await page.getByRole('link', { name: R.doneSignIn, exact: true }).click();
        await submitPassword(page, T, admin.username, run.newPassword);
        clock.advance(TOTP_STEP_MILLISECONDS);
        await page.getByLabel(T.totpCodeLabel, { exact: true }).fill(await totpCode(clock, secret));
        await page.getByRole('button', { name: T.verify, exact: true }).click();
        await expectPath(page, '/');
        await expectHeading(page, T.welcome(admin.name));
        assertNoPageErrors(problems);
      } finally {
        await context.close();
        await setup.close();
      }
    });

    test(`failing links: a replaced link and an expired link show the invalid page; the daily limit is said in hours (${run.lang})`, async () => {
      const setup = await startServerWithMailbox(run.database, admin);
      const { server, clock } = setup;
      const { context, page, problems } = await openPage(browser, { locale: T.browserLocale, baseURL: server.url });
      try {
        // The page's resend countdown runs on the browser's clock, the server's pause on the test clock.
        await page.clock.install();
        await visit(page, '/forgot-password');
        await page.getByLabel(T.identifier, { exact: true }).fill(admin.email);
        const first = await requestLinkFromPage(page, setup, run.lang, admin.email);

        // A second link (after the pause) replaces the first.
        clock.advance(PAST_REQUEST_PAUSE_MILLISECONDS);
        await page.clock.fastForward(PAST_REQUEST_PAUSE_MILLISECONDS);
        await page.getByRole('button', { name: R.resend, exact: true }).click();
        await setup.server.whenIdle();
        const second = resetLinkIn(await setup.mailbox.waitFor((mail) => mail.to.includes(admin.email) && resetLinkIn(mail) !== first));
        await page.goto(first);
        await expectHeading(page, R.invalidHeading);

        // The second one expires after 30 minutes.
        clock.advance(PAST_LINK_LIFETIME_MILLISECONDS);
        await page.goto('/login');
        await page.goto(second);
        await expectHeading(page, R.invalidHeading);

        // 5 requests a day per identifier: the sixth is refused, and the page says for how long.
        for (let sent = 2; sent < REQUESTS_PER_IDENTIFIER_PER_DAY; sent++) {
          clock.advance(PAST_REQUEST_PAUSE_MILLISECONDS);
          const answer = await page.request.post('/api/auth/recovery/request', { headers: { Origin: server.url }, data: { identifier: admin.email } });
          assert.equal(answer.status(), 202, await answer.text());
        }
        clock.advance(PAST_REQUEST_PAUSE_MILLISECONDS);
        await visit(page, '/forgot-password');
        await page.getByLabel(T.identifier, { exact: true }).fill(admin.email);
        await page.getByRole('button', { name: R.sendLink, exact: true }).click();
        await expectVisible(page.getByRole('alert').getByText(R.tooManyToday));
        await recoveryShot(page, run.lang, '08-forgot-daily-limit');
        assertNoPageErrors(problems);
      } finally {
        await context.close();
        await setup.close();
      }
    });
  });
}
