/**
 * The first day of a Cairn installation, in a real browser, once in each interface language:
 * setup link -> first administrator -> add a colleague -> the colleague signs in with the
 * initial password -> must choose their own -> signs out, and the session is gone.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { startTestServer } from '../support/server.ts';
import type { DatabaseKind } from '../../src/server/db/index.ts';
import {
  assertNoPageErrors,
  expectHeading,
  expectPath,
  expectText,
  expectVisible,
  launchBrowser,
  openPage,
  screenshot,
  visit,
} from './support/browser.ts';
import { TEXTS } from './support/texts.ts';
import type { Lang } from './support/texts.ts';

const ADMIN_PASSWORD = 'granite ridge above the lake';
const NEW_USER_PASSWORD = 'seven stones on the trail';

interface Run {
  lang: Lang;
  /** Each language runs on one of the two databases, so the browser flow is proven on both. */
  database: DatabaseKind;
  admin: { name: string; email: string; username: string };
  colleague: { name: string; email: string; username?: string };
  /** What the colleague types to sign in. */
  colleagueSignsInWith: (colleague: { email: string; username?: string }) => string;
}

const RUNS: Run[] = [
  {
    lang: 'en',
    database: 'sqlite',
    admin: { name: 'Ada Stone', email: 'ada@example.com', username: 'ada' },
    colleague: { name: 'Ben Rivers', email: 'ben.rivers@example.com', username: 'ben' },
    colleagueSignsInWith: (colleague) => colleague.username ?? colleague.email,
  },
  {
    lang: 'zh-CN',
    database: 'postgres',
    admin: { name: '李娜', email: 'li.na@example.cn', username: 'lina' },
    // No username: this colleague signs in with the e-mail, typed in upper case.
    colleague: { name: '王伟', email: 'wang.wei@example.cn' },
    colleagueSignsInWith: (colleague) => colleague.email.toUpperCase(),
  },
];

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

for (const run of RUNS) {
  const T = TEXTS[run.lang];

  describe(`first sign-in flow in ${run.lang} on ${run.database}`, () => {
    test(`successful setup, user creation, forced password change and sign-out (${run.lang})`, async () => {
      const server = await startTestServer({ database: run.database });
      const { context, page, problems } = await openPage(browser, { locale: T.browserLocale, baseURL: server.url });
      try {
        // The operator opens the one-time setup link printed by the server.
        await visit(page, `/setup#token=${server.setupToken}`);
        await expectHeading(page, T.setupHeading);
        assert.equal(await page.evaluate(() => document.documentElement.lang), run.lang);
        assert.equal(new URL(page.url()).hash, '', 'the setup token stays in the address bar');
        await page.getByLabel(T.setupName, { exact: true }).fill(run.admin.name);
        await page.getByLabel(T.setupEmail, { exact: true }).fill(run.admin.email);
        await page.getByLabel(T.setupUsername, { exact: true }).fill(run.admin.username);
        await page.getByLabel(T.setupPassword, { exact: true }).fill('short');
        await expectText(page, T.passwordTooShortHint);
        await page.getByLabel(T.setupPassword, { exact: true }).fill(ADMIN_PASSWORD);
        await page.getByLabel(T.setupConfirm, { exact: true }).fill(ADMIN_PASSWORD);
        await screenshot(page, run.lang, '01-setup');
        await page.getByRole('button', { name: T.setupSubmit }).click();

        // Signed in as the first administrator.
        await expectPath(page, '/');
        await expectHeading(page, T.welcome(run.admin.name));
        await expectText(page, run.admin.name);
        await screenshot(page, run.lang, '02-home-admin');

        // Admin -> add a colleague.
        await page.getByRole('link', { name: T.navAdmin, exact: true }).click();
        await expectPath(page, '/admin/users');
        await expectHeading(page, T.usersHeading);
        await expectVisible(page.getByRole('cell', { name: run.admin.email }));
        await page.getByRole('button', { name: T.addUser }).click();
        const form = page.getByRole('dialog');
        await form.getByLabel(T.formName, { exact: true }).fill(run.colleague.name);
        await form.getByLabel(T.formEmail, { exact: true }).fill(run.colleague.email);
        if (run.colleague.username !== undefined) {
          await form.getByLabel(T.formUsername, { exact: true }).fill(run.colleague.username);
        }
        await form.getByLabel(T.formRole, { exact: true }).click();
        await page.locator('.ant-select-item-option').filter({ hasText: T.roleSalesManager }).click();
        await screenshot(page, run.lang, '03-add-user');
        await form.getByRole('button', { name: T.addUser }).click();

        // The initial password is shown once.
        const result = page.getByRole('dialog', { name: T.createdTitle(run.colleague.name) });
        await expectVisible(result);
        await expectVisible(result.getByText(T.shownOnce));
        const initialPassword = (await result.getByTestId('temporary-password').textContent())?.trim() ?? '';
        assert.match(initialPassword, /^[A-Za-z0-9]{4}(-[A-Za-z0-9]{4}){3}$/);
        await screenshot(page, run.lang, '04-initial-password');
        await result.getByRole('button', { name: T.done }).click();
        await expectVisible(page.getByRole('cell', { name: run.colleague.email }));
        const colleagueRow = page.getByRole('row').filter({ hasText: run.colleague.email });
        await expectVisible(colleagueRow.getByText(T.mustChangePassword));
        await expectVisible(colleagueRow.getByText(T.roleSalesManager));
        await expectVisible(colleagueRow.getByText(T.neverSignedIn));
        await screenshot(page, run.lang, '05-users');

        // Sign out; the colleague signs in on this machine.
        await page.getByRole('button', { name: T.signOut, exact: true }).click();
        await expectPath(page, '/login');
        await expectHeading(page, T.loginHeading);
        await page.getByLabel(T.identifier, { exact: true }).fill(run.colleagueSignsInWith(run.colleague));
        await page.getByLabel(T.password, { exact: true }).fill(initialPassword);
        await screenshot(page, run.lang, '06-login');
        await page.getByRole('button', { name: T.signIn, exact: true }).click();

        // Forced to choose a password before anything else.
        await expectPath(page, '/change-password');
        await expectHeading(page, T.forcedHeading);
        await expectText(page, T.forcedIntro);
        assert.equal(await page.getByRole('link', { name: T.navAdmin }).count(), 0);
        await screenshot(page, run.lang, '07-change-password');
        await visit(page, '/account');
        await expectPath(page, '/change-password');
        await page.getByLabel(T.initialPassword, { exact: true }).fill(initialPassword);
        await page.getByLabel(T.newPassword, { exact: true }).fill(NEW_USER_PASSWORD);
        await page.getByLabel(T.confirmNewPassword, { exact: true }).fill(NEW_USER_PASSWORD);
        await page.getByRole('button', { name: T.forcedSubmit }).click();

        // In the app, without the admin's menu.
        await expectPath(page, '/');
        await expectHeading(page, T.welcome(run.colleague.name));
        await expectVisible(page.getByRole('link', { name: T.navAccount, exact: true }));
        assert.equal(await page.getByRole('link', { name: T.navAdmin, exact: true }).count(), 0);
        await screenshot(page, run.lang, '08-home-user');
        await page.getByRole('link', { name: T.navAccount, exact: true }).click();
        await expectHeading(page, T.accountHeading);
        await expectText(page, T.roleSalesManager);
        await expectText(page, run.colleague.email);
        await screenshot(page, run.lang, '09-account');
        await page.getByRole('button', { name: T.changePassword }).click();
        await expectPath(page, '/change-password');
        await expectHeading(page, T.changePassword);
        await expectVisible(page.getByLabel(T.currentPassword, { exact: true }));
        await screenshot(page, run.lang, '10-change-password-voluntary');

        // The other language, picked in the top bar, is saved on the account.
        const other = TEXTS[run.lang === 'en' ? 'zh-CN' : 'en'];
        const saved = page.waitForResponse((response) => response.url().endsWith('/api/account') && response.request().method() === 'PATCH');
        await page.getByRole('button', { name: other.switchLabel, exact: true }).click();
        await expectHeading(page, other.changePassword);
        const savedResponse = await saved;
        const otherLocale = run.lang === 'en' ? 'zh-CN' : 'en';
        assert.deepEqual(savedResponse.request().postDataJSON(), { locale: otherLocale });
        assert.equal(savedResponse.status(), 200);
        assert.equal(((await savedResponse.json()) as { user: { locale: string } }).user.locale, otherLocale);
        await page.getByRole('button', { name: T.switchLabel, exact: true }).click();
        await expectHeading(page, T.changePassword);

        // Sign out: the session is over for the server too.
        await page.getByRole('button', { name: T.signOut, exact: true }).click();
        await expectPath(page, '/login');
        const me = await page.request.get('/api/auth/me');
        assert.equal(me.status(), 401);
        assertNoPageErrors(problems);
      } finally {
        await context.close();
        await server.close();
      }
    });
  });
}
