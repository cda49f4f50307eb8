/**
 * Passkeys in a real browser with Chromium's virtual authenticator: add one in Account security,
 * then sign in with it instead of a password, use it as the second step after a password, and
 * trust the browser so the next sign-in skips the second step.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import type { DatabaseKind } from '../../src/server/db/index.ts';
import { startTestServer } from '../support/server.ts';
import { assertNoPageErrors, expectHeading, expectPath, expectVisible, launchBrowser, openPage, screenshot, visit } from './support/browser.ts';
import { TEXTS } from './support/texts.ts';
import type { Lang } from './support/texts.ts';
import { addVirtualAuthenticator, saveRecoveryCodes, setUpAdministrator, signOut, submitPassword } from './support/two-step.ts';
import type { Person } from './support/two-step.ts';

// The other database than two-step-sign-in.test.ts uses for each language.
const RUNS: Array<{ lang: Lang; database: DatabaseKind; admin: Person; passkeyName: string }> = [
  {
    lang: 'en',
    database: 'postgres',
    admin: { name: 'Ada Stone', email: 'ada@example.com', username: 'ada', password: 'granite ridge above the lake' },
    passkeyName: 'Work laptop',
  },
  {
    lang: 'zh-CN',
    database: 'sqlite',
    admin: { name: '李娜', email: 'li.na@example.cn', username: 'lina', password: '山顶上的七块石头叠得很高很稳' },
    passkeyName: '办公笔记本',
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
  const { admin } = run;

  describe(`passkeys in ${run.lang} on ${run.database}`, () => {
    test(`successful passkey registration, passwordless sign-in and passkey as the second step (${run.lang})`, async () => {
      const server = await startTestServer({ database: run.database });
      const { context, page, problems } = await openPage(browser, { locale: T.browserLocale, baseURL: server.url });
      try {
        await setUpAdministrator(server, admin);
        await addVirtualAuthenticator(context, page);
        await visit(page, '/login');
        await submitPassword(page, T, admin.username, admin.password);
        await expectPath(page, '/');

        // Account security -> add a passkey: a name, then the (virtual) authenticator creates it.
        await page.getByRole('link', { name: T.navSecurity, exact: true }).click();
        await expectHeading(page, T.securityHeading);
        await page.getByRole('button', { name: T.addPasskey }).click();
        const dialog = page.getByRole('dialog', { name: T.addPasskey });
        await dialog.getByLabel(T.passkeyName, { exact: true }).fill(run.passkeyName);
        await screenshot(page, run.lang, '30-passkey-add', { fullPage: false });
        await dialog.getByRole('button', { name: T.createPasskey }).click();
        await saveRecoveryCodes(page, T, admin.email);
        const factor = page.getByTestId('factor-passkey');
        await expectVisible(factor);
        await expectVisible(factor.getByText(run.passkeyName));
        await screenshot(page, run.lang, '31-security-with-passkey');

        // Passwordless: the passkey names the account and proves it in one step.
        await signOut(page, T);
        await screenshot(page, run.lang, '32-login-with-passkey-button');
        await page.getByRole('button', { name: T.passkeySignIn }).click();
        await expectPath(page, '/');
        await expectHeading(page, T.welcome(admin.name));

        // After a password, the passkey is the preferred second step.
        await signOut(page, T);
        await submitPassword(page, T, admin.email, admin.password);
        await expectHeading(page, T.mfaHeading);
        await screenshot(page, run.lang, '33-second-step-passkey');
        await page.getByLabel(T.trustBrowser).check();
        await page.getByRole('button', { name: T.usePasskey }).click();
        await expectPath(page, '/');
        await expectHeading(page, T.welcome(admin.name));

        // A trusted browser skips the second step for 30 days.
        await signOut(page, T);
        await submitPassword(page, T, admin.username, admin.password);
        await expectPath(page, '/');
        await expectHeading(page, T.welcome(admin.name));
        const me = await page.request.get('/api/auth/me');
        assert.equal(me.status(), 200);
        assertNoPageErrors(problems);
      } finally {
        await context.close();
        await server.close();
      }
    });
  });
}
