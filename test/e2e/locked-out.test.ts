/**
 * Locked out, in a real browser, once in each interface language: wrong passwords pause sign-in
 * ("try again in N min", with the way to reset the password) and then lock the account ("your
 * account is locked": reset, or ask the administrator), before any password check, the same for
 * an identifier nobody has. The reset link mailed on lockout unlocks the account.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { APIRequestContext, Browser } from 'playwright-core';
import type { DatabaseKind } from '../../src/server/db/index.ts';
import { createTestClock } from '../../src/server/infra/clock.ts';
import type { TestClock } from '../../src/server/infra/clock.ts';
import { startMailbox } from '../support/mailbox.ts';
import { startTestServer } from '../support/server.ts';
import { assertNoPageErrors, expectHeading, expectPath, expectVisible, launchBrowser, openPage, visit } from './support/browser.ts';
import { RECOVERY_TEXTS, recoveryShot, resetLinkIn } from './support/recovery-pages.ts';
import { TEXTS } from './support/texts.ts';
import type { Lang } from './support/texts.ts';
import { setUpAdministrator, submitPassword } from './support/two-step.ts';
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

/** The contract's default: wrong passwords before sign-in pauses (docs/recovery-api.md). */
const PAUSE_AFTER_FAILURES = 5;
/** More wrong passwords than it takes to lock an account by default (20), pauses waited out. */
const MAX_ATTEMPTS_BEFORE_LOCK = 40;

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** Wrong passwords over the API, waiting out each pause on the test clock, until the account is locked (423). */
async function failUntilLocked(request: APIRequestContext, origin: string, clock: TestClock, identifier: string): Promise<void> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS_BEFORE_LOCK; attempt++) {
    const answer = await request.post('/api/auth/login', { headers: { Origin: origin }, data: { identifier, password: 'not my password at all' } });
    if (answer.status() === 423) return;
    if (answer.status() === 429) {
      clock.advance((Number(answer.headers()['retry-after']) + 1) * 1000);
      continue;
    }
    assert.equal(answer.status(), 401, await answer.text());
  }
  assert.fail(`${identifier} was not locked after ${MAX_ATTEMPTS_BEFORE_LOCK} wrong passwords`);
}

for (const run of RUNS) {
  const T = TEXTS[run.lang];
  const R = RECOVERY_TEXTS[run.lang];
  const { admin } = run;

  describe(`locked out in ${run.lang} on ${run.database}`, () => {
    test(`failing sign-in: paused, then locked, says what to do; the mailed reset link unlocks the account (${run.lang})`, async () => {
      const clock = createTestClock(Date.now());
      const mailbox = await startMailbox();
      const server = await startTestServer({ database: run.database, clock, env: { SMTP_URL: mailbox.url, MAIL_FROM: 'Cairn <no-reply@example.com>' } });
      const { context, page, problems } = await openPage(browser, { locale: T.browserLocale, baseURL: server.url });
      try {
        await setUpAdministrator(server, admin);
        await visit(page, '/login');
        await page.getByLabel(T.identifier, { exact: true }).fill(admin.email);
        await page.getByLabel(T.password, { exact: true }).fill('not my password at all');
        const signIn = page.getByRole('button', { name: T.signIn, exact: true });
        for (let attempt = 1; attempt <= PAUSE_AFTER_FAILURES; attempt++) {
          const answered = page.waitForResponse((response) => response.url().endsWith('/api/auth/login'));
          await signIn.click();
          assert.equal((await answered).status(), 401);
        }
        await signIn.click();
        const paused = page.getByRole('alert');
        await expectVisible(paused.getByText(T.tooManyAttempts, { exact: true }));
        await recoveryShot(page, run.lang, '20-login-paused');
        // The way out: reset the password, with the identifier carried over.
        await paused.getByRole('link', { name: R.pausedReset, exact: true }).click();
        await expectPath(page, '/forgot-password');
        assert.equal(await page.getByLabel(T.identifier, { exact: true }).inputValue(), admin.email);

        // More wrong passwords, each pause waited out, lock the account.
        await failUntilLocked(page.request, server.url, clock, admin.email);
        await visit(page, '/login');
        // Locked means locked: even the right password is refused, before it is checked.
        await submitPassword(page, T, admin.email, admin.password);
        const locked = page.getByRole('alert');
        await expectVisible(locked.getByText(R.lockedTitle, { exact: true }));
        await expectVisible(locked.getByText(R.lockedAdmin, { exact: true }));
        await recoveryShot(page, run.lang, '21-login-locked');
        await locked.getByRole('link', { name: R.lockedReset, exact: true }).click();
        await expectPath(page, '/forgot-password');
        assert.equal(await page.getByLabel(T.identifier, { exact: true }).inputValue(), admin.email);

        // The owner was mailed a reset link on lockout; resetting unlocks the account.
        await server.whenIdle();
        const mail = await mailbox.waitFor((message) => message.to.includes(admin.email) && /reset-password#token=/.test(message.text));
        await page.goto(resetLinkIn(mail));
        await expectHeading(page, R.resetHeading);
        await page.getByLabel(R.newPassword, { exact: true }).fill(run.newPassword);
        await page.getByLabel(R.confirmPassword, { exact: true }).fill(run.newPassword);
        await page.getByRole('button', { name: R.resetSubmit, exact: true }).click();
        await expectHeading(page, R.doneHeading);
        await page.getByRole('link', { name: R.doneSignIn, exact: true }).click();
        await submitPassword(page, T, admin.email, run.newPassword);
        await expectPath(page, '/');
        await expectHeading(page, T.welcome(admin.name));
        assertNoPageErrors(problems);
      } finally {
        await context.close();
        await server.close();
        await mailbox.close();
      }
    });

    test(`failing sign-in: an identifier nobody has is locked with the same message (${run.lang})`, async () => {
      const clock = createTestClock(Date.now());
      const server = await startTestServer({ database: run.database, clock });
      const { context, page, problems } = await openPage(browser, { locale: T.browserLocale, baseURL: server.url });
      try {
        await setUpAdministrator(server, admin);
        const nobody = `nobody-${run.lang}@example.com`;
        await failUntilLocked(page.request, server.url, clock, nobody);
        await visit(page, '/login');
        await submitPassword(page, T, nobody, 'not my password at all');
        const locked = page.getByRole('alert');
        await expectVisible(locked.getByText(R.lockedTitle, { exact: true }));
        await expectVisible(locked.getByRole('link', { name: R.lockedReset, exact: true }));
        assertNoPageErrors(problems);
      } finally {
        await context.close();
        await server.close();
      }
    });
  });
}
