/**
 * Two-step verification with an authenticator app, in a real browser, once in each language
 * (and on each database): the grace-period banner -> Account security -> scan (here: read) the
 * key, confirm with a computed code -> save the recovery codes -> sign in with password and
 * code -> sign in with a recovery code -> new recovery codes after confirming it is you.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { DatabaseKind } from '../../src/server/db/index.ts';
import { createTestClock } from '../../src/server/infra/clock.ts';
import { startTestServer } from '../support/server.ts';
import { assertNoPageErrors, expectHeading, expectPath, expectText, expectVisible, launchBrowser, openPage, screenshot, visit } from './support/browser.ts';
import { TEXTS } from './support/texts.ts';
import type { Lang } from './support/texts.ts';
import {
  confirmAuthenticatorApp,
  PAST_REAUTH_WINDOW_MILLISECONDS,
  saveRecoveryCodes,
  setUpAdministrator,
  signOut,
  submitPassword,
  TOTP_STEP_MILLISECONDS,
  totpCode,
} from './support/two-step.ts';
import type { Person } from './support/two-step.ts';

/** More than the pause between two codes to one phone (once a minute). */
const AFTER_RESEND_PAUSE_MILLISECONDS = 2 * 60 * 1000;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface OutboxEntry {
  id: string;
  channel: 'email' | 'sms';
  recipient: string;
  hasBody: boolean;
}

/** What the administrator would read in the dev outbox: the code in the newest message that `matches`. */
async function newestCodeInOutbox(page: Page, matches: (entry: OutboxEntry) => boolean): Promise<string> {
  const list = (await (await page.request.get('/api/admin/outbox')).json()) as { data: OutboxEntry[] };
  for (const message of list.data.filter((entry) => matches(entry) && entry.hasBody)) {
    const opened = (await (await page.request.get(`/api/admin/outbox/${message.id}`)).json()) as { message: { bodyText: string } };
    const code = /\b(\d{6})\b/.exec(opened.message.bodyText)?.[1];
    if (code !== undefined) return code;
  }
  throw new Error('no such code in the outbox');
}

const RUNS: Array<{ lang: Lang; database: DatabaseKind; admin: Person }> = [
  { lang: 'en', database: 'sqlite', admin: { name: 'Ada Stone', email: 'ada@example.com', username: 'ada', password: 'granite ridge above the lake' } },
  { lang: 'zh-CN', database: 'postgres', admin: { name: '李娜', email: 'li.na@example.cn', username: 'lina', password: '山顶上的七块石头叠得很高很稳' } },
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

  describe(`two-step verification with an authenticator app in ${run.lang} on ${run.database}`, () => {
    test(`successful enrolment, sign-in with a code, sign-in with a recovery code, new codes after re-authentication (${run.lang})`, async () => {
      const clock = createTestClock(Date.now());
      const server = await startTestServer({ database: run.database, clock });
      const { context, page, problems } = await openPage(browser, { locale: T.browserLocale, baseURL: server.url });
      try {
        await setUpAdministrator(server, admin);
        // Administrators must enrol within a grace period: a banner says until when.
        await visit(page, '/login');
        await submitPassword(page, T, admin.username, admin.password);
        await expectPath(page, '/');
        await expectVisible(page.getByText(T.enrollmentBanner));
        await screenshot(page, run.lang, '20-home-grace-banner');
        await page.getByRole('link', { name: T.bannerAction }).click();

        // Account security: nothing yet; add an authenticator app.
        await expectPath(page, '/account/security');
        await expectHeading(page, T.securityHeading);
        await screenshot(page, run.lang, '21-security-empty');
        await page.getByRole('button', { name: T.addTotp }).click();
        await expectVisible(page.getByRole('dialog', { name: T.addTotp }).locator('svg, canvas').first());
        await expectVisible(page.getByTestId('totp-secret'));
        await screenshot(page, run.lang, '22-totp-enrol', { fullPage: false });
        const secret = await confirmAuthenticatorApp(page, T, clock);

        // The first factor brings ten recovery codes, shown once.
        let recoveryCodes: string[] = [];
        recoveryCodes = await saveRecoveryCodes(page, T, admin.email, () => screenshot(page, run.lang, '23-recovery-codes', { fullPage: false }));
        await expectVisible(page.getByTestId('factor-totp'));
        await expectText(page, T.codesLeft(10));
        assert.equal(await page.getByText(T.enrollmentBanner).count(), 0, 'the banner is gone once a factor is set up');
        await screenshot(page, run.lang, '24-security-with-app');

        // Signing in now takes the password and a code from the app.
        await signOut(page, T);
        await submitPassword(page, T, admin.email, admin.password);
        await expectHeading(page, T.mfaHeading);
        const codeField = page.getByLabel(T.totpCodeLabel, { exact: true });
        await codeField.fill('000000');
        await page.getByRole('button', { name: T.verify, exact: true }).click();
        await expectVisible(page.getByRole('alert').getByText(T.codeInvalid, { exact: true }));
        await screenshot(page, run.lang, '25-sign-in-code-wrong');
        // The enrolment used this time step's code; the app shows the next one 30 s later.
        clock.advance(TOTP_STEP_MILLISECONDS);
        await codeField.fill(await totpCode(clock, secret));
        await page.getByRole('button', { name: T.verify, exact: true }).click();
        await expectPath(page, '/');
        await expectHeading(page, T.welcome(admin.name));

        // Without the phone: a recovery code, which then is used up.
        await signOut(page, T);
        await submitPassword(page, T, admin.username, admin.password);
        await expectHeading(page, T.mfaHeading);
        await page.getByRole('button', { name: T.useRecoveryCode }).click();
        await page.getByLabel(T.recoveryCodeLabel, { exact: true }).fill(recoveryCodes[0] ?? '');
        await screenshot(page, run.lang, '26-sign-in-recovery-code');
        await page.getByRole('button', { name: T.verify, exact: true }).click();
        await expectPath(page, '/');
        await page.getByRole('link', { name: T.navSecurity, exact: true }).click();
        await expectText(page, T.codesLeft(9));

        // New recovery codes are a sensitive action: after 10 minutes the password is asked again,
        // and the action then goes on by itself.
        clock.advance(PAST_REAUTH_WINDOW_MILLISECONDS);
        await page.getByRole('button', { name: T.newCodes }).click();
        await page.locator('.ant-popconfirm').getByRole('button', { name: T.newCodesConfirm }).click();
        const reauth = page.getByRole('dialog', { name: T.reauthTitle });
        await expectVisible(reauth);
        await screenshot(page, run.lang, '27-reauth', { fullPage: false });
        await reauth.getByRole('textbox', { name: T.reauthPassword, exact: true }).fill(admin.password);
        await reauth.getByRole('button', { name: T.confirm, exact: true }).click();
        const newCodes = await saveRecoveryCodes(page, T, admin.email);
        assert.equal(newCodes.filter((code) => recoveryCodes.includes(code)).length, 0, 'all codes are new');
        await expectText(page, T.codesLeft(10));

        // Adding a second method is sensitive too: sending its first code asks for the proof, then goes on.
        clock.advance(PAST_REAUTH_WINDOW_MILLISECONDS);
        await page.getByRole('button', { name: T.addEmail }).click();
        const addEmail = page.getByRole('dialog', { name: T.addEmail });
        await addEmail.getByRole('button', { name: T.sendCode, exact: true }).click();
        const stepUp = page.getByRole('dialog', { name: T.reauthTitle });
        await expectVisible(stepUp);
        await stepUp.getByRole('textbox', { name: T.reauthPassword, exact: true }).fill('not my password at all');
        await stepUp.getByRole('button', { name: T.confirm, exact: true }).click();
        await expectVisible(stepUp.getByText(T.passwordIncorrect, { exact: true }));
        await stepUp.getByRole('textbox', { name: T.reauthPassword, exact: true }).fill(admin.password);
        await stepUp.getByRole('textbox', { name: T.reauthPassword, exact: true }).press('Enter');
        await expectVisible(addEmail.getByLabel(T.codeLabel, { exact: true }));
        await addEmail.getByLabel(T.codeLabel, { exact: true }).fill(await newestCodeInOutbox(page, (entry) => entry.channel === 'email' && entry.recipient === admin.email));
        await addEmail.getByRole('button', { name: T.confirm, exact: true }).click();
        await expectVisible(page.getByTestId('factor-email'));

        // A phone for text messages (no SMS provider in tests: the message waits in the dev outbox).
        await page.getByRole('button', { name: T.addSMS }).click();
        const addSMS = page.getByRole('dialog', { name: T.addSMS });
        await addSMS.getByLabel(T.phone, { exact: true }).fill('138 0013 8000');
        await addSMS.getByRole('button', { name: T.sendCode, exact: true }).click();
        await expectVisible(addSMS.getByLabel(T.codeLabel, { exact: true }));
        await screenshot(page, run.lang, '28-sms-code-sent', { fullPage: false });
        await addSMS.getByLabel(T.codeLabel, { exact: true }).fill(await newestCodeInOutbox(page, (entry) => entry.channel === 'sms'));
        await addSMS.getByLabel(T.codeLabel, { exact: true }).press('Enter');
        await expectVisible(page.getByTestId('factor-sms'));
        await expectVisible(page.getByRole('button', { name: T.changePhone }));
        await screenshot(page, run.lang, '29-security-three-methods');

        // The dev outbox holds those messages, for the administrator.
        await page.getByRole('link', { name: T.navAdmin, exact: true }).click();
        await page.getByRole('link', { name: T.adminNavOutbox }).click();
        await expectHeading(page, T.outboxHeading);
        await screenshot(page, run.lang, '50-dev-outbox');
        await page.getByRole('button', { name: T.outboxOpen }).first().click();
        await expectVisible(page.getByTestId('outbox-body'));
        await screenshot(page, run.lang, '51-dev-outbox-message', { fullPage: false });
        await page.keyboard.press('Escape');

        // With several methods, the second step offers the others: a code by text message.
        clock.advance(AFTER_RESEND_PAUSE_MILLISECONDS);
        await signOut(page, T);
        await submitPassword(page, T, admin.username, admin.password);
        await expectHeading(page, T.mfaHeading);
        await page.getByRole('button', { name: T.otherMethods }).click();
        await screenshot(page, run.lang, '52-sign-in-choose-method');
        await page.getByRole('button', { name: new RegExp(`^${escapeRegExp(T.methodSMS)}`) }).click();
        await page.getByRole('button', { name: T.sendCode, exact: true }).click();
        await expectVisible(page.getByLabel(T.codeLabel, { exact: true }));
        await screenshot(page, run.lang, '53-sign-in-sms-code');
        // Signed out, the administrator cannot open the outbox: the test reads the phone's message in the database.
        const sms = await server.database.db
          .selectFrom('messages')
          .select(['body_text'])
          .where('channel', '=', 'sms')
          .orderBy('created_at', 'desc')
          .executeTakeFirstOrThrow();
        await page.getByLabel(T.codeLabel, { exact: true }).fill(/\b(\d{6})\b/.exec(sms.body_text ?? '')?.[1] ?? '');
        await page.getByRole('button', { name: T.verify, exact: true }).click();
        await expectPath(page, '/');
        assertNoPageErrors(problems);
      } finally {
        await context.close();
        await server.close();
      }
    });
  });
}
