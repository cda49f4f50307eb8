/**
 * The unhappy paths of signing in, in a real browser: a wrong password, an empty form, a bad
 * setup link, a page that needs sign-in, an unknown page, and the language switch.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { startTestServer } from '../support/server.ts';
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

const ADMIN = { name: 'Ada Stone', email: 'ada@example.com', username: 'ada', password: 'granite ridge above the lake' };

let browser: Browser;
let server: Awaited<ReturnType<typeof startTestServer>>;

before(async () => {
  browser = await launchBrowser();
  server = await startTestServer({ database: 'sqlite' });
});
after(async () => {
  await browser?.close();
  await server?.close();
});

describe('sign-in failures', () => {
  // Runs first: the setup link is still unused, the server is not set up.
  test('failing setup: a wrong setup link explains how to get a new one', async () => {
    const T = TEXTS.en;
    const { context, page, problems } = await openPage(browser, { locale: T.browserLocale, baseURL: server.url });
    try {
      await visit(page, '/setup#token=not-the-token');
      await page.getByLabel(T.setupName, { exact: true }).fill(ADMIN.name);
      await page.getByLabel(T.setupEmail, { exact: true }).fill(ADMIN.email);
      await page.getByLabel(T.setupUsername, { exact: true }).fill(ADMIN.username);
      await page.getByLabel(T.setupPassword, { exact: true }).fill(ADMIN.password);
      await page.getByLabel(T.setupConfirm, { exact: true }).fill(ADMIN.password);
      await page.getByRole('button', { name: T.setupSubmit }).click();
      await expectHeading(page, T.setupLinkInvalid);
      await expectVisible(page.getByText('npm run cli -- user:create'));
      await screenshot(page, 'en', '90-setup-link-invalid');
      assertNoPageErrors(problems);
    } finally {
      await context.close();
    }
  });

  test('successful setup through the API leaves the setup page saying so', async () => {
    const response = await fetch(`${server.url}/api/setup`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: server.url },
      body: JSON.stringify({ token: server.setupToken, name: ADMIN.name, email: ADMIN.email, username: ADMIN.username, password: ADMIN.password }),
    });
    assert.equal(response.status, 201);
    const T = TEXTS['zh-CN'];
    const { context, page, problems } = await openPage(browser, { locale: T.browserLocale, baseURL: server.url });
    try {
      await visit(page, `/setup#token=${server.setupToken}`);
      await expectHeading(page, T.setupDone);
      assertNoPageErrors(problems);
    } finally {
      await context.close();
    }
  });

  for (const lang of ['en', 'zh-CN'] as const satisfies readonly Lang[]) {
    const T = TEXTS[lang];
    test(`failing sign-in: a wrong password shows the error in ${lang}`, async () => {
      const { context, page, problems } = await openPage(browser, { locale: T.browserLocale, baseURL: server.url });
      try {
        await visit(page, '/login');
        await expectHeading(page, T.loginHeading);
        assert.equal(await page.evaluate(() => document.documentElement.lang), lang);

        await page.getByRole('button', { name: T.signIn, exact: true }).click();
        await expectText(page, T.required);

        await page.getByLabel(T.identifier, { exact: true }).fill(ADMIN.email);
        await page.getByLabel(T.password, { exact: true }).fill('not my password at all');
        await page.getByRole('button', { name: T.signIn, exact: true }).click();
        await expectVisible(page.getByRole('alert').getByText(T.invalidCredentials, { exact: true }));
        await expectPath(page, '/login');
        await screenshot(page, lang, '91-login-error');
        assertNoPageErrors(problems);
      } finally {
        await context.close();
      }
    });
    test(`failing sign-in: repeated wrong passwords pause sign-in and say how long, in ${lang}`, async () => {
      const { context, page, problems } = await openPage(browser, { locale: T.browserLocale, baseURL: server.url });
      try {
        await visit(page, '/login');
        // An identifier nobody has: it is paused exactly like a real one.
        await page.getByLabel(T.identifier, { exact: true }).fill(`nobody-${lang}@example.com`);
        await page.getByLabel(T.password, { exact: true }).fill('not my password at all');
        const signIn = page.getByRole('button', { name: T.signIn, exact: true });
        for (let attempt = 1; attempt <= 5; attempt++) {
          const answered = page.waitForResponse((response) => response.url().endsWith('/api/auth/login'));
          await signIn.click();
          assert.equal((await answered).status(), 401);
        }
        await signIn.click();
        await expectVisible(page.getByRole('alert').getByText(T.tooManyAttempts, { exact: true }));
        await screenshot(page, lang, '94-login-paused');
        assertNoPageErrors(problems);
      } finally {
        await context.close();
      }
    });
  }

  test('a page behind sign-in sends to sign-in and back to that page afterwards; a taken e-mail is refused', async () => {
    const T = TEXTS.en;
    const { context, page, problems } = await openPage(browser, { locale: T.browserLocale, baseURL: server.url });
    try {
      await visit(page, '/admin/users');
      await expectPath(page, '/login');
      assert.equal(new URL(page.url()).searchParams.get('next'), '/admin/users');
      await page.getByLabel(T.identifier, { exact: true }).fill(ADMIN.username.toUpperCase());
      await page.getByLabel(T.password, { exact: true }).fill(ADMIN.password);
      await page.getByRole('button', { name: T.signIn, exact: true }).click();
      await expectPath(page, '/admin/users');
      await expectHeading(page, T.usersHeading);

      // failing user creation: the server's answer shows on the field it is about.
      await page.getByRole('button', { name: T.addUser }).click();
      const form = page.getByRole('dialog');
      await form.getByLabel(T.formName, { exact: true }).fill('Second Ada');
      await form.getByLabel(T.formEmail, { exact: true }).fill(ADMIN.email.toUpperCase());
      await form.getByRole('button', { name: T.addUser }).click();
      await expectVisible(form.getByText(T.emailTaken, { exact: true }));
      await screenshot(page, 'en', '93-add-user-email-taken');
      assertNoPageErrors(problems);
    } finally {
      await context.close();
    }
  });

  test('failing next: an address on another site is not followed after sign-in', async () => {
    const T = TEXTS.en;
    const { context, page, problems } = await openPage(browser, { locale: T.browserLocale, baseURL: server.url });
    try {
      await visit(page, '/login?next=//evil.example/phish');
      await page.getByLabel(T.identifier, { exact: true }).fill(ADMIN.email);
      await page.getByLabel(T.password, { exact: true }).fill(ADMIN.password);
      await page.getByRole('button', { name: T.signIn, exact: true }).click();
      await expectPath(page, '/');
      assert.equal(new URL(page.url()).origin, server.url);
      assertNoPageErrors(problems);
    } finally {
      await context.close();
    }
  });

  test('an unknown address shows the not-found page in the browser language', async () => {
    const T = TEXTS['zh-CN'];
    const { context, page, problems } = await openPage(browser, { locale: T.browserLocale, baseURL: server.url });
    try {
      await visit(page, '/no/such/page');
      await expectHeading(page, T.notFound);
      await screenshot(page, 'zh-CN', '92-not-found');
      assertNoPageErrors(problems);
    } finally {
      await context.close();
    }
  });

  test('the language switch changes the page at once and is remembered', async () => {
    const { context, page, problems } = await openPage(browser, { locale: 'zh-CN', baseURL: server.url });
    try {
      await visit(page, '/login');
      await expectHeading(page, TEXTS['zh-CN'].loginHeading);
      await page.getByRole('button', { name: 'English', exact: true }).click();
      await expectHeading(page, TEXTS.en.loginHeading);
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
      assert.equal(await page.evaluate(() => localStorage.getItem('cairn.locale')), 'en');
      await page.reload();
      await expectHeading(page, TEXTS.en.loginHeading);
      await page.getByRole('button', { name: '中文', exact: true }).click();
      await expectHeading(page, TEXTS['zh-CN'].loginHeading);
      assertNoPageErrors(problems);
    } finally {
      await context.close();
    }
  });

  test('the sign-in page loads no code of the signed-in app', async () => {
    const { context, page, problems } = await openPage(browser, { locale: 'en-US', baseURL: server.url });
    try {
      await visit(page, '/login');
      await expectHeading(page, TEXTS.en.loginHeading);
      await page.waitForLoadState('networkidle');
      const scripts = problems.requests.filter((path) => path.endsWith('.js'));
      assert.ok(scripts.length > 0);
      const appChunks = scripts.filter((path) => /\/(app-vendor|app-root|admin-users-page|account-page|change-password-page|home-page|setup-page|webauthn)-/.test(path));
      assert.deepEqual(appChunks, [], 'the sign-in page fetched app chunks');
    } finally {
      await context.close();
    }
  });
});
