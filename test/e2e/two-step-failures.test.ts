/**
 * The unhappy second step, in a real browser: a reload keeps the second step, a sign-in left
 * waiting too long asks for the password again, and too many wrong codes end the sign-in and
 * say how long to wait.
 */
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { createTestClock } from '../../src/server/infra/clock.ts';
import { startTestServer } from '../support/server.ts';
import { assertNoPageErrors, expectHeading, expectPath, expectVisible, launchBrowser, openPage, screenshot, visit } from './support/browser.ts';
import { TEXTS } from './support/texts.ts';
import { enrolAuthenticatorThroughAPI, setUpAdministrator, signOut, submitPassword, TOTP_STEP_MILLISECONDS, totpCode } from './support/two-step.ts';
import type { Person } from './support/two-step.ts';

const ADMIN: Person = { name: 'Ada Stone', email: 'ada@example.com', username: 'ada', password: 'granite ridge above the lake' };
/** Longer than a pending sign-in lives (5 minutes). */
const PAST_PENDING_SIGN_IN_MILLISECONDS = 6 * 60 * 1000;
/** More wrong codes than one sign-in allows (5). */
const WRONG_CODES = 6;

let browser: Browser;
const clock = createTestClock(Date.now());
let server: Awaited<ReturnType<typeof startTestServer>>;
let secret = '';

before(async () => {
  browser = await launchBrowser();
  server = await startTestServer({ database: 'sqlite', clock });
  await setUpAdministrator(server, ADMIN);
  const { context, page } = await openPage(browser, { locale: TEXTS.en.browserLocale, baseURL: server.url });
  try {
    await visit(page, '/login');
    await submitPassword(page, TEXTS.en, ADMIN.username, ADMIN.password);
    await expectPath(page, '/');
    secret = await enrolAuthenticatorThroughAPI(page, server, clock);
    await signOut(page, TEXTS.en);
  } finally {
    await context.close();
  }
});
after(async () => {
  await browser?.close();
  await server?.close();
});

describe('second step failures', () => {
  test('failing second step: after a reload the code is still asked; after 5 minutes the password is asked again (en)', async () => {
    const T = TEXTS.en;
    const { context, page, problems } = await openPage(browser, { locale: T.browserLocale, baseURL: server.url });
    try {
      await visit(page, '/login');
      await submitPassword(page, T, ADMIN.username, ADMIN.password);
      await expectHeading(page, T.mfaHeading);
      await page.reload();
      await expectHeading(page, T.mfaHeading);

      clock.advance(PAST_PENDING_SIGN_IN_MILLISECONDS);
      await page.getByLabel(T.totpCodeLabel, { exact: true }).fill(await totpCode(clock, secret));
      await page.getByRole('button', { name: T.verify, exact: true }).click();
      await expectHeading(page, T.loginHeading);
      await expectVisible(page.getByRole('alert').getByText(T.signInExpired, { exact: true }));
      await screenshot(page, 'en', '92-second-step-expired');

      // The password again, then a fresh code: signed in.
      clock.advance(TOTP_STEP_MILLISECONDS);
      await submitPassword(page, T, ADMIN.username, ADMIN.password);
      await expectHeading(page, T.mfaHeading);
      await page.getByLabel(T.totpCodeLabel, { exact: true }).fill(await totpCode(clock, secret));
      await page.getByRole('button', { name: T.verify, exact: true }).click();
      await expectPath(page, '/');
      assertNoPageErrors(problems);
    } finally {
      await context.close();
    }
  });

  test('failing second step: too many wrong codes end the sign-in and say how long to wait (zh-CN)', async () => {
    const T = TEXTS['zh-CN'];
    const { context, page, problems } = await openPage(browser, { locale: T.browserLocale, baseURL: server.url });
    try {
      await visit(page, '/login');
      await submitPassword(page, T, ADMIN.email, ADMIN.password);
      await expectHeading(page, T.mfaHeading);
      for (let attempt = 1; attempt <= WRONG_CODES; attempt++) {
        const field = page.getByLabel(T.totpCodeLabel, { exact: true });
        if ((await field.count()) === 0) break;
        await field.fill('000000');
        const answered = page.waitForResponse((response) => response.url().endsWith('/api/auth/mfa/verify'));
        await page.getByRole('button', { name: T.verify, exact: true }).click();
        // Wrong answers count per account, so earlier tests may leave fewer than WRONG_CODES.
        if ((await answered).status() === 429) break;
      }
      await expectHeading(page, T.loginHeading);
      await expectVisible(page.getByRole('alert').getByText(T.attemptsExceeded));
      await screenshot(page, 'zh-CN', '93-second-step-too-many-codes');
      assertNoPageErrors(problems);
    } finally {
      await context.close();
    }
  });
});
