/**
 * The administrator's policy, in a real browser: Security settings -> required for everyone,
 * no grace period -> a new colleague signs in, chooses a password and is then held on the
 * set-up page until a second factor is enrolled -> the administrator sees it and resets it
 * after confirming it is them. In zh-CN the colleague uses e-mail codes, read by the
 * administrator in the dev outbox (no mail server in tests).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { DatabaseKind } from '../../src/server/db/index.ts';
import { createTestClock } from '../../src/server/infra/clock.ts';
import { startTestServer } from '../support/server.ts';
import { assertNoPageErrors, expectHeading, expectPath, expectText, expectVisible, launchBrowser, openPage, screenshot, visit } from './support/browser.ts';
import { TEXTS } from './support/texts.ts';
import type { Lang, Texts } from './support/texts.ts';
import {
  confirmAuthenticatorApp,
  enrolAuthenticatorThroughAPI,
  PAST_REAUTH_WINDOW_MILLISECONDS,
  saveRecoveryCodes,
  setUpAdministrator,
  signOut,
  submitPassword,
  totpCode,
} from './support/two-step.ts';
import type { Person } from './support/two-step.ts';

/** More than the pause between two codes sent to one account (once a minute). */
const AFTER_RESEND_PAUSE_MILLISECONDS = 2 * 60 * 1000;
const ENROLLMENT_PATH = '/two-step-setup';

interface Run {
  lang: Lang;
  database: DatabaseKind;
  method: 'totp' | 'email';
  admin: Person;
  colleague: { name: string; email: string; password: string };
}

const RUNS: Run[] = [
  {
    lang: 'en',
    database: 'sqlite',
    method: 'totp',
    admin: { name: 'Ada Stone', email: 'ada@example.com', username: 'ada', password: 'granite ridge above the lake' },
    colleague: { name: 'Ben Rivers', email: 'ben.rivers@example.com', password: 'seven stones on the trail' },
  },
  {
    lang: 'zh-CN',
    database: 'postgres',
    method: 'email',
    admin: { name: '李娜', email: 'li.na@example.cn', username: 'lina', password: '山顶上的七块石头叠得很高很稳' },
    colleague: { name: '王伟', email: 'wang.wei@example.cn', password: '小路旁边的七块石头也很稳当' },
  },
];

/** The administrator opens the newest kept e-mail to `recipient` with a code not read before, and reads the code. */
async function readCodeInOutbox(page: Page, T: Texts, recipient: string, readBefore: Set<string>): Promise<string> {
  const refreshed = page.waitForResponse((response) => new URL(response.url()).pathname === '/api/admin/outbox' && response.ok());
  await page.getByRole('button', { name: T.outboxRefresh }).click();
  await refreshed;
  await expectVisible(page.getByRole('row').filter({ hasText: recipient }));
  const rows = page.getByRole('row').filter({ hasText: recipient });
  const count = await rows.count();
  for (let index = 0; index < count; index++) {
    const open = rows.nth(index).getByRole('button', { name: T.outboxOpen });
    if ((await open.count()) === 0) continue;
    await open.click();
    const body = page.getByTestId('outbox-body');
    await expectVisible(body);
    const code = /\b(\d{6})\b/.exec((await body.textContent()) ?? '')?.[1];
    await page.keyboard.press('Escape');
    await body.waitFor({ state: 'hidden' });
    if (code !== undefined && !readBefore.has(code)) {
      readBefore.add(code);
      return code;
    }
  }
  throw new Error(`no code to ${recipient} in the outbox`);
}

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

for (const run of RUNS) {
  const T = TEXTS[run.lang];
  const { admin, colleague } = run;

  describe(`required two-step verification in ${run.lang} on ${run.database}`, () => {
    test(`a new colleague is held on the set-up page until a second factor is enrolled; the administrator resets it (${run.lang})`, async () => {
      const clock = createTestClock(Date.now());
      const server = await startTestServer({ database: run.database, clock });
      const adminSide = await openPage(browser, { locale: T.browserLocale, baseURL: server.url });
      const colleagueSide = await openPage(browser, { locale: T.browserLocale, baseURL: server.url });
      const adminPage = adminSide.page;
      const page = colleagueSide.page;
      const codesRead = new Set<string>();
      try {
        await setUpAdministrator(server, admin);
        await visit(adminPage, '/login');
        await submitPassword(adminPage, T, admin.username, admin.password);
        await expectPath(adminPage, '/');
        // Enrolled first, so the new policy does not hold the administrator too.
        await enrolAuthenticatorThroughAPI(adminPage, server, clock);

        // Security settings: required for everyone, from the next sign-in on.
        await adminPage.getByRole('link', { name: T.navAdmin, exact: true }).click();
        await adminPage.getByRole('link', { name: T.adminNavSecurity, exact: true }).click();
        await expectHeading(adminPage, T.adminSecurityHeading);
        await adminPage.getByRole('radio', { name: new RegExp(`^${T.modeEveryone}`) }).check();
        await adminPage.getByLabel(T.gracePeriod, { exact: true }).fill('0');
        await screenshot(adminPage, run.lang, '40-admin-security-settings');
        await adminPage.getByRole('button', { name: T.saveSettings }).click();
        await expectText(adminPage, T.settingsSaved);

        // A new colleague, with an initial password.
        await adminPage.getByRole('link', { name: T.usersHeading, exact: true }).click();
        await adminPage.getByRole('button', { name: T.addUser }).click();
        const form = adminPage.getByRole('dialog');
        await form.getByLabel(T.formName, { exact: true }).fill(colleague.name);
        await form.getByLabel(T.formEmail, { exact: true }).fill(colleague.email);
        await form.getByRole('button', { name: T.addUser }).click();
        const created = adminPage.getByRole('dialog', { name: T.createdTitle(colleague.name) });
        const initialPassword = ((await created.getByTestId('temporary-password').textContent()) ?? '').trim();
        await created.getByRole('button', { name: T.done }).click();

        // The colleague: initial password -> own password -> held on the set-up page.
        await visit(page, '/login');
        await submitPassword(page, T, colleague.email, initialPassword);
        await expectPath(page, '/change-password');
        await page.getByLabel(T.initialPassword, { exact: true }).fill(initialPassword);
        await page.getByLabel(T.newPassword, { exact: true }).fill(colleague.password);
        await page.getByLabel(T.confirmNewPassword, { exact: true }).fill(colleague.password);
        await page.getByRole('button', { name: T.forcedSubmit }).click();
        await expectPath(page, ENROLLMENT_PATH);
        await expectHeading(page, T.enrollHeading);
        assert.equal(await page.getByRole('link', { name: T.navAccount, exact: true }).count(), 0, 'no navigation while enrolment is required');
        await screenshot(page, run.lang, '41-enrolment-required');
        await visit(page, '/account');
        await expectPath(page, ENROLLMENT_PATH);
        const api = await page.request.get('/api/admin/users');
        assert.equal(api.status(), 403);

        if (run.method === 'totp') {
          await page.getByRole('button', { name: new RegExp(`^${T.methodTotp}`) }).click();
          await expectVisible(page.getByTestId('totp-secret'));
          await screenshot(page, run.lang, '42-enrolment-totp');
          await confirmAuthenticatorApp(page, T, clock);
        } else {
          await page.getByRole('button', { name: new RegExp(`^${T.methodEmail}`) }).click();
          await page.getByRole('button', { name: T.sendCode, exact: true }).click();
          await expectVisible(page.getByLabel(T.codeLabel, { exact: true }));
          await screenshot(page, run.lang, '42-enrolment-email');
          await adminPage.getByRole('link', { name: T.adminNavOutbox }).click();
          await expectHeading(adminPage, T.outboxHeading);
          const code = await readCodeInOutbox(adminPage, T, colleague.email, codesRead);
          await screenshot(adminPage, run.lang, '43-dev-outbox');
          await page.getByLabel(T.codeLabel, { exact: true }).fill(code);
          await page.getByRole('button', { name: T.confirm, exact: true }).click();
        }
        await saveRecoveryCodes(page, T, colleague.email);
        await expectPath(page, '/');
        await expectHeading(page, T.welcome(colleague.name));
        await expectVisible(page.getByRole('link', { name: T.navAccount, exact: true }));

        if (run.method === 'email') {
          // The next sign-in asks for an e-mail code.
          clock.advance(AFTER_RESEND_PAUSE_MILLISECONDS);
          await signOut(page, T);
          await submitPassword(page, T, colleague.email, colleague.password);
          await expectHeading(page, T.mfaHeading);
          await page.getByRole('button', { name: T.sendCode, exact: true }).click();
          await expectVisible(page.getByLabel(T.codeLabel, { exact: true }));
          await screenshot(page, run.lang, '44-sign-in-email-code');
          await page.getByLabel(T.codeLabel, { exact: true }).fill(await readCodeInOutbox(adminPage, T, colleague.email, codesRead));
          await page.getByRole('button', { name: T.verify, exact: true }).click();
          await expectPath(page, '/');
        }

        // The administrator sees the colleague's method, and resets it after confirming it is them.
        await visit(adminPage, '/admin/users');
        const row = adminPage.getByRole('row').filter({ hasText: colleague.email });
        await expectVisible(row.getByText(run.method === 'totp' ? T.mfaShortTotp : T.mfaShortEmail, { exact: true }));
        await screenshot(adminPage, run.lang, '45-admin-users-mfa');
        clock.advance(PAST_REAUTH_WINDOW_MILLISECONDS);
        await row.getByRole('button', { name: T.resetMFA }).click();
        await adminPage.locator('.ant-popconfirm').getByRole('button', { name: T.resetConfirm, exact: true }).click();
        const reauth = adminPage.getByRole('dialog', { name: T.reauthTitle });
        await expectVisible(reauth);
        await reauth.getByRole('textbox', { name: T.reauthPassword, exact: true }).fill(admin.password);
        await reauth.getByRole('button', { name: T.confirm, exact: true }).click();
        await expectText(adminPage, T.resetDone(colleague.name));
        await expectVisible(row.getByText(T.mfaNotSetUp, { exact: true }));
        await screenshot(adminPage, run.lang, '46-admin-users-reset');

        // The reset ended the colleague's sessions; signing in again leads straight to the set-up page.
        const me = await page.request.get('/api/auth/me');
        assert.equal(me.status(), 401);
        await visit(page, '/login');
        await submitPassword(page, T, colleague.email, colleague.password);
        await expectPath(page, ENROLLMENT_PATH);
        await expectHeading(page, T.enrollHeading);
        assertNoPageErrors(adminSide.problems);
        assertNoPageErrors(colleagueSide.problems);
      } finally {
        await adminSide.context.close();
        await colleagueSide.context.close();
        await server.close();
      }
    });
  });
}
