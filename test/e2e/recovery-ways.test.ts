/**
 * The other ways back in, in a real browser, once in each interface language: "I can't reach my
 * mailbox" with a confirmed backup phone (SMS code -> the reset page, the token never in the
 * address) -> sign in with the new password; security questions, which say so while the company
 * has not turned them on, then right answers without a backup channel -> "ask your administrator"
 * (the answers go along) -> the request's status kept in this browser: pending, and approved once
 * the administrator decides.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { APIRequestContext, Browser } from 'playwright-core';
import type { DatabaseKind } from '../../src/server/db/index.ts';
import { createTestClock } from '../../src/server/infra/clock.ts';
import { extractCode, startMailbox } from '../support/mailbox.ts';
import { startSMSWebhook } from '../support/sms-webhook.ts';
import { startTestServer } from '../support/server.ts';
import { assertNoPageErrors, expectHeading, expectPath, expectText, expectVisible, launchBrowser, openPage, visit } from './support/browser.ts';
import { RECOVERY_TEXTS, recoveryShot } from './support/recovery-pages.ts';
import { TEXTS } from './support/texts.ts';
import type { Lang } from './support/texts.ts';
import { setUpAdministrator, submitPassword } from './support/two-step.ts';
import type { Person } from './support/two-step.ts';

interface WaysTexts {
  backupWay: string;
  backupHeading: string;
  backupPhone: string;
  send: string;
  phoneSent: string;
  codeLabel: string;
  continue: string;
  questionsWay: string;
  questionsHeading: string;
  questionsDisabled: string;
  firstSchool: string;
  birthCity: string;
  firstPet: string;
  checkAnswers: string;
  needAdmin: string;
  askAdmin: string;
  assistedHeading: string;
  answered: string;
  message: string;
  contact: string;
  sendRequest: string;
  pending: string;
  approved: string;
  checkAgain: string;
}

const WAYS: Record<Lang, WaysTexts> = {
  en: {
    backupWay: "I can't reach my mailbox",
    backupHeading: 'Use your backup e-mail or phone',
    backupPhone: 'Backup phone',
    send: 'Send',
    phoneSent: 'If the account has a confirmed backup phone, we sent it a 6-digit code by text message.',
    codeLabel: '6-digit code',
    continue: 'Continue',
    questionsWay: 'Answer security questions',
    questionsHeading: 'Answer your security questions',
    questionsDisabled: 'Your company does not use security questions. Choose another way to get back in.',
    firstSchool: 'What was the name of your first school?',
    birthCity: 'In which city were you born?',
    firstPet: 'What was the name of your first pet?',
    checkAnswers: 'Check answers',
    needAdmin: 'Your answers are right, but your account has no backup e-mail or phone. Ask your administrator: they will see that you answered correctly.',
    askAdmin: 'Ask your administrator',
    assistedHeading: 'Ask your administrator for help',
    answered: 'You answered your security questions: your administrator will see this.',
    message: 'What happened?',
    contact: 'How can your administrator reach you?',
    sendRequest: 'Send request',
    pending: 'Waiting for your administrator',
    approved: 'Approved',
    checkAgain: 'Check again',
  },
  'zh-CN': {
    backupWay: '无法使用注册邮箱',
    backupHeading: '通过备用邮箱或手机找回',
    backupPhone: '备用手机',
    send: '发送',
    phoneSent: '如果该账户已验证备用手机，我们已通过短信向其发送 6 位验证码。',
    codeLabel: '6 位验证码',
    continue: '继续',
    questionsWay: '回答安全问题',
    questionsHeading: '回答安全问题',
    questionsDisabled: '贵公司未启用安全问题，请选择其他找回方式。',
    firstSchool: '您就读的第一所学校叫什么名字？',
    birthCity: '您出生在哪个城市？',
    firstPet: '您的第一只宠物叫什么名字？',
    checkAnswers: '提交答案',
    needAdmin: '答案正确，但您的账户没有备用邮箱或手机。请申请管理员协助，管理员会看到您已答对安全问题。',
    askAdmin: '申请管理员协助',
    assistedHeading: '申请管理员协助',
    answered: '您已答对安全问题，管理员会看到这一点。',
    message: '遇到了什么问题？',
    contact: '管理员如何联系您？',
    sendRequest: '提交申请',
    pending: '等待管理员处理',
    approved: '已批准',
    checkAgain: '刷新状态',
  },
};

const RUNS: Array<{ lang: Lang; database: DatabaseKind; admin: Person; colleague: Person; phone: string; newPassword: string }> = [
  {
    lang: 'en',
    database: 'sqlite',
    admin: { name: 'Ada Stone', email: 'ada@example.com', username: 'ada', password: 'granite ridge above the lake' },
    colleague: { name: 'Ben Marsh', email: 'ben@example.com', username: 'ben', password: 'river stones under clear water' },
    phone: '+8613800000001',
    newPassword: 'seven stones on a windy summit',
  },
  {
    lang: 'zh-CN',
    database: 'postgres',
    admin: { name: '李娜', email: 'li.na@example.cn', username: 'lina', password: '山顶上的七块石头叠得很高很稳' },
    colleague: { name: '王伟', email: 'wang.wei@example.cn', username: 'wangwei', password: '河水清清石头圆圆真的很好看' },
    phone: '+8613800000002',
    newPassword: '湖边的石头在月光下安静地发亮',
  },
];

const ANSWERS = { first_school: 'Hongxing Primary', birth_city: 'Hangzhou', first_pet: 'Doudou' };

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** Signs `person` in on `request` and gives a fresh proof for the sensitive actions that follow. */
async function signInWithProof(request: APIRequestContext, origin: string, person: Person): Promise<void> {
  const headers = { Origin: origin };
  const signedIn = await request.post('/api/auth/login', { headers, data: { identifier: person.email, password: person.password } });
  assert.equal(signedIn.status(), 200, await signedIn.text());
  const proved = await request.post('/api/auth/reauth', { headers, data: { password: person.password } });
  assert.equal(proved.status(), 200, await proved.text());
}

async function expectStatus(answer: { status(): number; text(): Promise<string> }, status: number): Promise<void> {
  assert.equal(answer.status(), status, await answer.text());
}

for (const run of RUNS) {
  const T = TEXTS[run.lang];
  const R = RECOVERY_TEXTS[run.lang];
  const W = WAYS[run.lang];

  describe(`other ways back in, in ${run.lang} on ${run.database}`, () => {
    test(`successful recovery with the backup phone: SMS code -> new password -> sign in (${run.lang})`, async () => {
      const mailbox = await startMailbox();
      const sms = await startSMSWebhook();
      const server = await startTestServer({
        database: run.database,
        clock: createTestClock(Date.now()),
        env: { SMTP_URL: mailbox.url, SMS_PROVIDER: 'webhook', SMS_WEBHOOK_URL: sms.url },
      });
      const { context, page, problems } = await openPage(browser, { locale: T.browserLocale, baseURL: server.url });
      try {
        const { admin } = run;
        await setUpAdministrator(server, admin);
        // The person confirmed a backup phone earlier (the settings page is tested elsewhere).
        await signInWithProof(page.request, server.url, admin);
        await expectStatus(await page.request.post('/api/account/recovery/backup-phone', { headers: { Origin: server.url }, data: { phone: run.phone } }), 200);
        const setupCode = extractCode((await sms.waitFor((message) => message.to === run.phone)).text) ?? '';
        await expectStatus(await page.request.post('/api/account/recovery/backup-phone/confirm', { headers: { Origin: server.url }, data: { code: setupCode } }), 204);
        await page.request.post('/api/auth/logout', { headers: { Origin: server.url } });
        const before = sms.messages.length;

        await visit(page, '/forgot-password');
        await page.getByLabel(T.identifier, { exact: true }).fill(admin.username);
        await page.getByRole('link', { name: new RegExp(W.backupWay) }).click();
        await expectPath(page, '/recover/backup');
        await expectHeading(page, W.backupHeading);
        assert.equal(await page.getByLabel(T.identifier, { exact: true }).inputValue(), admin.username);
        await page.getByRole('radio', { name: new RegExp(W.backupPhone) }).check();
        await recoveryShot(page, run.lang, '10-backup');
        await page.getByRole('button', { name: W.send, exact: true }).click();
        await expectText(page, W.phoneSent);
        const code = extractCode((await sms.waitFor((message) => sms.messages.indexOf(message) >= before && message.to === run.phone)).text) ?? '';
        await page.getByLabel(W.codeLabel, { exact: true }).fill(code);
        await recoveryShot(page, run.lang, '11-backup-code');
        await page.getByRole('button', { name: W.continue, exact: true }).click();

        // The reset page, with the token handed over in this tab only.
        await expectPath(page, '/reset-password');
        await expectHeading(page, R.resetHeading);
        assert.doesNotMatch(page.url(), /token/);
        await page.getByLabel(R.newPassword, { exact: true }).fill(run.newPassword);
        await page.getByLabel(R.confirmPassword, { exact: true }).fill(run.newPassword);
        await page.getByRole('button', { name: R.resetSubmit, exact: true }).click();
        await expectHeading(page, R.doneHeading);
        await page.getByRole('link', { name: R.doneSignIn, exact: true }).click();
        await submitPassword(page, T, admin.email, run.newPassword);
        await expectPath(page, '/');
        assertNoPageErrors(problems);
      } finally {
        await context.close();
        await server.close();
        await mailbox.close();
        await sms.close();
      }
    });

    test(`security questions (only once turned on) -> no backup channel -> ask the administrator -> pending, then approved (${run.lang})`, async () => {
      const server = await startTestServer({ database: run.database, clock: createTestClock(Date.now()) });
      const { context, page, problems } = await openPage(browser, { locale: T.browserLocale, baseURL: server.url });
      const adminContext = await browser.newContext({ baseURL: server.url });
      try {
        const { admin, colleague } = run;
        await setUpAdministrator(server, admin);
        const headers = { Origin: server.url };

        // Off by default: the page says so and points to the other ways.
        await visit(page, '/recover/questions');
        await page.getByLabel(T.identifier, { exact: true }).fill(colleague.email);
        await page.getByRole('button', { name: W.continue, exact: true }).click();
        await expectText(page, W.questionsDisabled);
        await expectVisible(page.getByRole('link', { name: new RegExp(W.backupWay) }));
        await recoveryShot(page, run.lang, '12-questions-off');

        // The administrator turns them on and adds a colleague, who chooses their answers.
        await signInWithProof(adminContext.request, server.url, admin);
        await expectStatus(
          await adminContext.request.put('/api/admin/settings/recovery', { headers, data: { securityQuestionsEnabled: true, pauseAfterFailures: 5, lockAfterFailures: 20 } }),
          200,
        );
        const created = await adminContext.request.post('/api/admin/users', { headers, data: { email: colleague.email, name: colleague.name, username: colleague.username, role: 'sales_rep' } });
        await expectStatus(created, 201);
        const { temporaryPassword } = (await created.json()) as { temporaryPassword: string };
        const colleagueContext = await browser.newContext({ baseURL: server.url });
        try {
          await expectStatus(
            await colleagueContext.request.post('/api/auth/login', { headers, data: { identifier: colleague.email, password: temporaryPassword } }),
            200,
          );
          await expectStatus(
            await colleagueContext.request.post('/api/auth/password/change', { headers, data: { currentPassword: temporaryPassword, newPassword: colleague.password } }),
            200,
          );
          await signInWithProof(colleagueContext.request, server.url, colleague);
          const answers = Object.entries(ANSWERS).map(([question, answer]) => ({ question, answer }));
          await expectStatus(await colleagueContext.request.put('/api/account/recovery/security-questions', { headers, data: { answers } }), 204);
        } finally {
          await colleagueContext.close();
        }

        await visit(page, '/recover/questions');
        await page.getByLabel(T.identifier, { exact: true }).fill(colleague.email);
        await page.getByRole('button', { name: W.continue, exact: true }).click();
        await expectVisible(page.getByLabel(W.firstSchool, { exact: true }));
        await page.getByLabel(W.firstSchool, { exact: true }).fill(ANSWERS.first_school.toUpperCase());
        await page.getByLabel(W.birthCity, { exact: true }).fill(` ${ANSWERS.birth_city} `);
        await page.getByLabel(W.firstPet, { exact: true }).fill(ANSWERS.first_pet);
        await recoveryShot(page, run.lang, '13-questions');
        await page.getByRole('button', { name: W.checkAnswers, exact: true }).click();
        await expectText(page, W.needAdmin);
        await recoveryShot(page, run.lang, '14-questions-need-admin');

        await page.getByRole('link', { name: W.askAdmin, exact: true }).click();
        await expectPath(page, '/recover/assisted');
        await expectHeading(page, W.assistedHeading);
        await expectText(page, W.answered);
        assert.equal(await page.getByLabel(T.identifier, { exact: true }).inputValue(), colleague.email);
        await page.getByLabel(W.message, { exact: true }).fill(run.lang === 'en' ? 'I lost my phone and forgot my password.' : '手机丢了，也忘记了密码。');
        await page.getByLabel(W.contact, { exact: true }).fill('+86 138 0000 0003');
        await recoveryShot(page, run.lang, '15-assisted');
        await page.getByRole('button', { name: W.sendRequest, exact: true }).click();
        await expectText(page, W.pending);
        await recoveryShot(page, run.lang, '16-assisted-pending');

        // Coming back later in this browser shows the request, not a new form.
        await visit(page, '/recover/assisted');
        await expectText(page, W.pending);

        const listed = (await (await adminContext.request.get('/api/admin/recovery-requests?status=pending')).json()) as {
          data: Array<{ id: string; questionsPassed: boolean; user: { email: string } | null }>;
        };
        const filed = listed.data.find((request) => request.user?.email === colleague.email);
        assert.ok(filed, 'the administrator sees the request');
        assert.equal(filed.questionsPassed, true);
        await expectStatus(await adminContext.request.post('/api/auth/reauth', { headers, data: { password: admin.password } }), 200);
        await expectStatus(
          await adminContext.request.post(`/api/admin/recovery-requests/${filed.id}/approve`, { headers, data: { action: 'temporary_password', resetMFA: false } }),
          200,
        );
        await page.getByRole('button', { name: W.checkAgain, exact: true }).click();
        await expectText(page, W.approved);
        await recoveryShot(page, run.lang, '17-assisted-approved');
        assertNoPageErrors(problems);
      } finally {
        await adminContext.close();
        await context.close();
        await server.close();
      }
    });
  });
}
