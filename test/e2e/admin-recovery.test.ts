/**
 * Getting back in with an administrator, in a real browser, once in each interface language:
 * a person who cannot sign in files "I can't get in" over HTTP -> the administrator sees it under
 * Recovery requests (with the count in the navigation), approves it with a temporary password
 * after confirming it is them -> the old password no longer works, the person signs in with the
 * temporary one and must choose their own. Then wrong passwords lock a colleague (thresholds set
 * on the Security settings page) -> "Locked" on the Users page -> Unlock -> they sign in.
 * And the person's own side: a backup e-mail confirmed with a code, security questions, removal.
 */
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { request } from 'playwright-core';
import type { APIRequestContext, Browser, Page } from 'playwright-core';
import type { DatabaseKind } from '../../src/server/db/index.ts';
import { createTestClock } from '../../src/server/infra/clock.ts';
import type { TestClock } from '../../src/server/infra/clock.ts';
import { extractCode } from '../support/mailbox.ts';
import { startTestServer } from '../support/server.ts';
import type { TestServer } from '../support/server.ts';
import { assertNoPageErrors, expectHeading, expectPath, expectText, expectVisible, launchBrowser, openPage, visit } from './support/browser.ts';
import { TEXTS } from './support/texts.ts';
import type { Lang, Texts } from './support/texts.ts';
import { PAST_REAUTH_WINDOW_MILLISECONDS, setUpAdministrator, submitPassword } from './support/two-step.ts';
import type { Person } from './support/two-step.ts';

const SHOTS_DIR = process.env.RECOVERY_SHOTS_DIR ?? '/tmp/shots';

/** What the recovery pages say, per language; written out so a wrong or missing text fails. */
interface RecoveryTexts {
  navRecovery: string;
  recoveryHeading: string;
  pendingFilter: (count: number) => string;
  allFilter: string;
  noAccount: string;
  notAnswered: string;
  approve: string;
  reject: string;
  approveTitle: (name: string) => string;
  verifyTitle: string;
  temporaryPasswordChoice: string;
  resetMFA: string;
  approveWithPassword: string;
  temporaryPasswordTitle: (name: string) => string;
  approvedTemporary: string;
  rejectTitle: (identifier: string) => string;
  reason: string;
  rejectOk: string;
  rejected: (reason: string) => string;
  recoveryCard: string;
  questionsSwitch: string;
  pauseAfter: string;
  lockAfter: string;
  saveRecovery: string;
  recoverySaved: string;
  locked: string;
  unlock: (name: string) => string;
  unlocked: (name: string) => string;
  more: (name: string) => string;
  sendResetLink: string;
  resetLinkTitle: (name: string) => string;
  sendLink: string;
  linkSent: (email: string) => string;
  issueTemporaryPassword: string;
  temporaryPasswordConfirmTitle: (name: string) => string;
  issuePassword: string;
  recoveryOptions: string;
  addBackupEmail: string;
  backupEmailLabel: string;
  backupEmailConfirmed: string;
  confirmedTag: string;
  removeBackupEmail: string;
  remove: string;
  backupEmailRemoved: string;
  setUpQuestions: string;
  questions: [string, string, string];
  saveAnswers: string;
  questionsSaved: string;
  answeredCount: (count: number) => string;
}

const RECOVERY_TEXTS: Record<Lang, RecoveryTexts> = {
  en: {
    navRecovery: 'Recovery requests',
    recoveryHeading: 'Recovery requests',
    pendingFilter: (count) => `Waiting (${count})`,
    allFilter: 'All',
    noAccount: 'No account matches',
    notAnswered: 'Not answered',
    approve: 'Approve…',
    reject: 'Reject…',
    approveTitle: (name) => `Help ${name} back in`,
    verifyTitle: "First verify the person's identity outside Cairn",
    temporaryPasswordChoice: 'Issue a temporary password',
    resetMFA: 'Also reset two-step verification',
    approveWithPassword: 'Approve and show password',
    temporaryPasswordTitle: (name) => `Temporary password for ${name}`,
    approvedTemporary: 'Approved with a temporary password.',
    rejectTitle: (identifier) => `Reject the request for ${identifier}`,
    reason: 'Reason',
    rejectOk: 'Reject request',
    rejected: (reason) => `Rejected: ${reason}`,
    recoveryCard: 'Recovery and lockout',
    questionsSwitch: 'Security questions',
    pauseAfter: 'Pause sign-in after',
    lockAfter: 'Lock the account after',
    saveRecovery: 'Save recovery settings',
    recoverySaved: 'Recovery settings saved.',
    locked: 'Locked',
    unlock: (name) => `Unlock ${name}`,
    unlocked: (name) => `${name} can sign in again.`,
    more: (name) => `More actions for ${name}`,
    sendResetLink: 'Send password reset link',
    resetLinkTitle: (name) => `Send a password reset link to ${name}?`,
    sendLink: 'Send link',
    linkSent: (email) => `A reset link was sent to ${email}.`,
    issueTemporaryPassword: 'Issue temporary password',
    temporaryPasswordConfirmTitle: (name) => `Issue a temporary password for ${name}?`,
    issuePassword: 'Issue password',
    recoveryOptions: 'Recovery options',
    addBackupEmail: 'Add a backup e-mail',
    backupEmailLabel: 'Backup e-mail address',
    backupEmailConfirmed: 'Backup e-mail confirmed.',
    confirmedTag: 'Confirmed',
    removeBackupEmail: 'Remove the backup e-mail?',
    remove: 'Remove',
    backupEmailRemoved: 'Backup e-mail removed.',
    setUpQuestions: 'Set up security questions',
    questions: ['What was the name of your first school?', 'In which city were you born?', 'What was the name of your first pet?'],
    saveAnswers: 'Save answers',
    questionsSaved: 'Security questions saved.',
    answeredCount: (count) => `${count} answered`,
  },
  'zh-CN': {
    navRecovery: '找回申请',
    recoveryHeading: '账户找回申请',
    pendingFilter: (count) => `待处理（${count}）`,
    allFilter: '全部',
    noAccount: '没有匹配的账户',
    notAnswered: '未回答',
    approve: '批准',
    reject: '拒绝',
    approveTitle: (name) => `帮助 ${name} 找回账户`,
    verifyTitle: '请先在 Cairn 之外核实申请人的身份',
    temporaryPasswordChoice: '生成临时密码',
    resetMFA: '同时重置双重验证',
    approveWithPassword: '批准并显示密码',
    temporaryPasswordTitle: (name) => `${name} 的临时密码`,
    approvedTemporary: '已批准，生成了临时密码。',
    rejectTitle: (identifier) => `拒绝 ${identifier} 的申请`,
    reason: '拒绝原因',
    rejectOk: '拒绝申请',
    rejected: (reason) => `已拒绝：${reason}`,
    recoveryCard: '账户找回与锁定',
    questionsSwitch: '安全问题',
    pauseAfter: '暂停登录的阈值',
    lockAfter: '锁定账户的阈值',
    saveRecovery: '保存找回设置',
    recoverySaved: '账户找回设置已保存。',
    locked: '已锁定',
    unlock: (name) => `解锁 ${name}`,
    unlocked: (name) => `${name} 现在可以重新登录了。`,
    more: (name) => `${name} 的更多操作`,
    sendResetLink: '发送密码重置链接',
    resetLinkTitle: (name) => `向 ${name} 发送密码重置链接？`,
    sendLink: '发送链接',
    linkSent: (email) => `已向 ${email} 发送重置链接。`,
    issueTemporaryPassword: '生成临时密码',
    temporaryPasswordConfirmTitle: (name) => `为 ${name} 生成临时密码？`,
    issuePassword: '生成密码',
    recoveryOptions: '账户找回方式',
    addBackupEmail: '添加备用邮箱',
    backupEmailLabel: '备用邮箱地址',
    backupEmailConfirmed: '备用邮箱已验证。',
    confirmedTag: '已验证',
    removeBackupEmail: '移除备用邮箱？',
    remove: '移除',
    backupEmailRemoved: '已移除备用邮箱。',
    setUpQuestions: '设置安全问题',
    questions: ['您就读的第一所学校叫什么名字？', '您出生在哪个城市？', '您的第一只宠物叫什么名字？'],
    saveAnswers: '保存答案',
    questionsSaved: '安全问题已保存。',
    answeredCount: (count) => `已回答 ${count} 个`,
  },
};

interface Run {
  lang: Lang;
  database: DatabaseKind;
  admin: Person;
  /** Files the request and gets back in with a temporary password. */
  colleague: Person;
  /** Locked by wrong passwords, then unlocked. */
  locked: Person;
  unknownIdentifier: string;
  message: string;
  contact: string;
  reason: string;
  backupEmail: string;
  answers: [string, string, string];
}

const RUNS: Run[] = [
  {
    lang: 'en',
    database: 'sqlite',
    admin: { name: 'Ada Stone', email: 'ada@example.com', username: 'ada', password: 'granite ridge above the lake' },
    colleague: { name: 'Ben Rivers', email: 'ben.rivers@example.com', username: 'ben', password: 'seven stones on the trail' },
    locked: { name: 'Cleo Marsh', email: 'cleo.marsh@example.com', username: 'cleo', password: 'a quiet harbour at dawn' },
    unknownIdentifier: 'nobody@example.com',
    message: 'I lost my phone and forgot my password while travelling. Please call me.',
    contact: '+44 20 7946 0000',
    reason: 'Nobody by that name works here.',
    backupEmail: 'ben.personal@example.org',
    answers: ['Hillside Primary', 'Leeds', 'Biscuit'],
  },
  {
    lang: 'zh-CN',
    database: 'postgres',
    admin: { name: '李娜', email: 'li.na@example.cn', username: 'lina', password: '山顶上的七块石头叠得很高很稳' },
    colleague: { name: '王伟', email: 'wang.wei@example.cn', username: 'wangwei', password: '小路旁边的七块石头也很稳当' },
    locked: { name: '陈静', email: 'chen.jing@example.cn', username: 'chenjing', password: '清晨的港口非常安静，海鸥在低空飞翔' },
    unknownIdentifier: 'zhang.san@example.cn',
    message: '出差时手机丢了，也忘了密码。麻烦回电话给我，谢谢！',
    contact: '138 0013 8000',
    reason: '公司没有这位员工。',
    backupEmail: 'wangwei.home@example.org',
    answers: ['实验小学', '杭州', '小白'],
  },
];

async function shot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  await mkdir(SHOTS_DIR, { recursive: true });
  // Let antd's transitions (modal zoom, message fade) finish.
  await page.waitForTimeout(350);
  if (options.fullPage ?? true) await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(SHOTS_DIR, `${name}.png`), fullPage: options.fullPage ?? true });
}

/** What both pages showed when a step failed (a failing run leaves its evidence beside the screenshots). */
async function shotsOfFailure(lang: Lang, pages: Page[]): Promise<void> {
  for (const [index, page] of pages.entries()) {
    await page.screenshot({ path: join(SHOTS_DIR, `failed-admin-recovery-${lang}-${index}.png`) }).catch(() => undefined);
  }
}

/** A browser-less HTTP client with its own cookies, sending the Origin every state change needs. */
function httpClient(server: TestServer): Promise<APIRequestContext> {
  return request.newContext({ baseURL: server.url, extraHTTPHeaders: { Origin: server.url } });
}

/** An administrator's colleague with a password of their own (created with an initial one, changed at once). */
async function addColleague(adminPage: Page, server: TestServer, person: Person): Promise<void> {
  const created = await adminPage.request.post('/api/admin/users', {
    headers: { Origin: server.url },
    data: { name: person.name, email: person.email, username: person.username, role: 'sales_rep' },
  });
  assert.equal(created.status(), 201, await created.text());
  const { temporaryPassword } = (await created.json()) as { temporaryPassword: string };
  const client = await httpClient(server);
  try {
    const login = await client.post('/api/auth/login', { data: { identifier: person.email, password: temporaryPassword } });
    assert.deepEqual(await login.json(), { status: 'password_change_required' });
    const changed = await client.post('/api/auth/password/change', { data: { currentPassword: temporaryPassword, newPassword: person.password } });
    assert.equal(changed.status(), 200, await changed.text());
  } finally {
    await client.dispose();
  }
}

async function signInAnswer(server: TestServer, identifier: string, password: string): Promise<{ status: number; body: unknown; retryAfter: number }> {
  const client = await httpClient(server);
  try {
    const response = await client.post('/api/auth/login', { data: { identifier, password } });
    return { status: response.status(), body: await response.json(), retryAfter: Number(response.headers()['retry-after'] ?? 0) };
  } finally {
    await client.dispose();
  }
}

/** The step-up dialog: the password, then the action continues by itself. */
async function confirmItIsMe(page: Page, T: Texts, password: string): Promise<void> {
  const reauth = page.getByRole('dialog', { name: T.reauthTitle });
  await expectVisible(reauth);
  await reauth.getByRole('textbox', { name: T.reauthPassword, exact: true }).fill(password);
  await reauth.getByRole('button', { name: T.confirm, exact: true }).click();
  await reauth.waitFor({ state: 'hidden' });
}

/** Signs the administrator in on the page and opens an admin page through the navigation. */
async function signInAdministrator(page: Page, T: Texts, admin: Person): Promise<void> {
  await visit(page, '/login');
  await submitPassword(page, T, admin.username, admin.password);
  await expectPath(page, '/');
  await page.getByRole('link', { name: T.navAdmin, exact: true }).click();
  await expectPath(page, '/admin/users');
}

/** The newest code mailed to `recipient` in the dev outbox, read through the administrator's API. */
async function codeMailedTo(adminPage: Page, server: TestServer, recipient: string): Promise<string> {
  await server.whenIdle();
  const list = await adminPage.request.get('/api/admin/outbox');
  assert.equal(list.status(), 200);
  const { data } = (await list.json()) as { data: Array<{ id: string; recipient: string; createdAt: number }> };
  const newest = data.filter((message) => message.recipient === recipient).sort((a, b) => b.createdAt - a.createdAt)[0];
  assert.ok(newest, `a message to ${recipient} in the outbox`);
  const opened = await adminPage.request.get(`/api/admin/outbox/${newest.id}`);
  const { message } = (await opened.json()) as { message: { bodyText: string } };
  const code = extractCode(message.bodyText);
  assert.ok(code, `a code in: ${message.bodyText}`);
  return code;
}

/** Recovery and lockout card: thresholds (and security questions) saved after a fresh proof. */
async function saveRecoverySettings(
  page: Page,
  T: Texts,
  R: RecoveryTexts,
  admin: Person,
  clock: TestClock,
  values: { pauseAfter: number; lockAfter: number; questions: boolean },
  shotName: string,
): Promise<void> {
  await page.getByRole('link', { name: T.adminNavSecurity, exact: true }).click();
  await expectHeading(page, T.adminSecurityHeading);
  const card = page.getByTestId('recovery-settings');
  await expectVisible(card.getByText(R.recoveryCard, { exact: true }));
  const questions = card.getByRole('switch', { name: R.questionsSwitch });
  if ((await questions.getAttribute('aria-checked')) !== String(values.questions)) await questions.click();
  await card.getByLabel(R.pauseAfter, { exact: true }).fill(String(values.pauseAfter));
  await card.getByLabel(R.lockAfter, { exact: true }).fill(String(values.lockAfter));
  await card.scrollIntoViewIfNeeded();
  await shot(page, shotName);
  clock.advance(PAST_REAUTH_WINDOW_MILLISECONDS);
  await card.getByRole('button', { name: R.saveRecovery }).click();
  await confirmItIsMe(page, T, admin.password);
  await expectText(page, R.recoverySaved);
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
  const R = RECOVERY_TEXTS[run.lang];
  const { admin, colleague, locked } = run;

  describe(`administrator-assisted recovery in ${run.lang} on ${run.database}`, () => {
    test(`an "I can't get in" request approved with a temporary password; a locked colleague unlocked (${run.lang})`, async () => {
      const clock = createTestClock(Date.now());
      const server = await startTestServer({ database: run.database, clock });
      const adminSide = await openPage(browser, { locale: T.browserLocale, baseURL: server.url });
      const personSide = await openPage(browser, { locale: T.browserLocale, baseURL: server.url });
      const page = adminSide.page;
      try {
        await setUpAdministrator(server, admin);
        await signInAdministrator(page, T, admin);
        await addColleague(page, server, colleague);
        await addColleague(page, server, locked);

        // Lockout thresholds on the Security settings page: pause after 3, lock after 5.
        await saveRecoverySettings(page, T, R, admin, clock, { pauseAfter: 3, lockAfter: 5, questions: false }, `admin-recovery-${run.lang}-01-settings`);

        // Two requests arrive over HTTP: one for the colleague's account, one matching nobody.
        for (const identifier of [run.unknownIdentifier, colleague.email]) {
          const filed = await fetch(`${server.url}/api/auth/recovery/assisted`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', Origin: server.url },
            body: JSON.stringify({ identifier, message: run.message, contact: run.contact }),
          });
          assert.equal(filed.status, 202, await filed.text());
        }
        await server.whenIdle();

        // The navigation shows two waiting; the queue lists both, newest first.
        await visit(page, '/admin/users');
        const nav = page.getByRole('link', { name: new RegExp(`^${R.navRecovery}`) });
        await expectVisible(nav.getByText('2', { exact: true }));
        await nav.click();
        await expectPath(page, '/admin/recovery');
        await expectHeading(page, R.recoveryHeading);
        await expectVisible(page.getByText(R.pendingFilter(2), { exact: true }));
        const cards = page.getByTestId('recovery-request');
        assert.equal(await cards.count(), 2);
        const request = cards.filter({ hasText: colleague.email });
        const nobody = cards.filter({ hasText: run.unknownIdentifier });
        await expectVisible(request.getByText(colleague.name, { exact: true }));
        await expectVisible(request.getByText(run.message, { exact: true }));
        await expectVisible(request.getByText(run.contact, { exact: true }));
        await expectVisible(request.getByText(R.notAnswered, { exact: true }));
        await expectVisible(nobody.getByText(R.noAccount, { exact: true }));
        assert.equal(await nobody.getByRole('button', { name: R.approve }).isDisabled(), true, 'no account: only rejecting');
        await shot(page, `admin-recovery-${run.lang}-02-requests`);

        // The request matching nobody is rejected with a reason.
        await nobody.getByRole('button', { name: R.reject }).click();
        const rejectDialog = page.getByRole('dialog', { name: R.rejectTitle(run.unknownIdentifier) });
        await rejectDialog.getByLabel(R.reason, { exact: true }).fill(run.reason);
        await shot(page, `admin-recovery-${run.lang}-03-reject`, { fullPage: false });
        await rejectDialog.getByRole('button', { name: R.rejectOk }).click();
        await rejectDialog.waitFor({ state: 'hidden' });
        await expectVisible(page.getByText(R.pendingFilter(1), { exact: true }));

        // Approve: the identity check comes first; a temporary password after a fresh proof.
        await request.getByRole('button', { name: R.approve }).click();
        const approveDialog = page.getByRole('dialog', { name: R.approveTitle(colleague.name) });
        await expectVisible(approveDialog.getByText(R.verifyTitle, { exact: true }));
        assert.equal(await approveDialog.getByRole('textbox').first().inputValue(), colleague.email, 'the link goes to the account e-mail unless changed');
        await shot(page, `admin-recovery-${run.lang}-04-approve-link`, { fullPage: false });
        await approveDialog.getByRole('radio', { name: new RegExp(`^${R.temporaryPasswordChoice}`) }).check();
        await expectVisible(approveDialog.getByRole('checkbox', { name: R.resetMFA }));
        await shot(page, `admin-recovery-${run.lang}-05-approve-password`, { fullPage: false });
        clock.advance(PAST_REAUTH_WINDOW_MILLISECONDS);
        await approveDialog.getByRole('button', { name: R.approveWithPassword }).click();
        await confirmItIsMe(page, T, admin.password);
        const issued = page.getByRole('dialog', { name: R.temporaryPasswordTitle(colleague.name) });
        await expectVisible(issued);
        await expectVisible(issued.getByText(colleague.username, { exact: true }));
        const temporaryPassword = ((await issued.getByTestId('temporary-password').textContent()) ?? '').trim();
        assert.ok(temporaryPassword.length >= 12, temporaryPassword);
        await shot(page, `admin-recovery-${run.lang}-06-temporary-password`, { fullPage: false });
        await issued.getByRole('button', { name: T.done, exact: true }).click();
        await issued.waitFor({ state: 'hidden' });

        // Nothing waits any more; "All" shows both decisions.
        await expectVisible(page.getByText(R.pendingFilter(0), { exact: true }));
        await page.getByText(R.allFilter, { exact: true }).click();
        await expectVisible(cards.filter({ hasText: colleague.email }).getByText(R.approvedTemporary, { exact: true }));
        await expectVisible(cards.filter({ hasText: run.unknownIdentifier }).getByText(R.rejected(run.reason), { exact: true }));
        await shot(page, `admin-recovery-${run.lang}-07-decided`);
        await page.setViewportSize({ width: 390, height: 844 });
        await shot(page, `admin-recovery-${run.lang}-07-decided-phone`);
        await page.setViewportSize({ width: 1280, height: 800 });

        // The old password is gone; the temporary one opens the forced password change.
        assert.equal((await signInAnswer(server, colleague.email, colleague.password)).status, 401);
        const person = personSide.page;
        await visit(person, '/login');
        await submitPassword(person, T, colleague.email, temporaryPassword);
        await expectPath(person, '/change-password');
        await expectHeading(person, T.forcedHeading);
        const ownPassword = `${colleague.password} again`;
        await person.getByLabel(T.initialPassword, { exact: true }).fill(temporaryPassword);
        await person.getByLabel(T.newPassword, { exact: true }).fill(ownPassword);
        await person.getByLabel(T.confirmNewPassword, { exact: true }).fill(ownPassword);
        await person.getByRole('button', { name: T.forcedSubmit }).click();
        await expectPath(person, '/');
        await expectHeading(person, T.welcome(colleague.name));

        // Wrong passwords lock the other colleague: pauses after 3 (waited out), a hard lock at 5.
        let answer = { status: 0, body: undefined as unknown, retryAfter: 0 };
        for (let attempt = 0; attempt < 12 && answer.status !== 423; attempt++) {
          answer = await signInAnswer(server, locked.email, 'not the password at all');
          if (answer.status === 429) clock.advance((answer.retryAfter + 1) * 1000);
          else assert.ok(answer.status === 401 || answer.status === 423, JSON.stringify(answer));
        }
        assert.equal(answer.status, 423, 'locked after 5 wrong passwords');
        assert.equal((await signInAnswer(server, locked.email, locked.password)).status, 423, 'the right password does not open a locked account');
        await server.whenIdle();

        // Users page: "Locked", Unlock, and the colleague signs in again.
        await page.getByRole('link', { name: T.usersHeading, exact: true }).click();
        await expectHeading(page, T.usersHeading);
        const row = page.getByRole('row').filter({ hasText: locked.email });
        await expectVisible(row.getByText(R.locked, { exact: true }));
        await shot(page, `admin-recovery-${run.lang}-08-users-locked`);
        await row.getByRole('button', { name: R.unlock(locked.name) }).click();
        await expectText(page, R.unlocked(locked.name));
        await row.getByText(R.locked, { exact: true }).waitFor({ state: 'detached' });
        assert.deepEqual((await signInAnswer(server, locked.email, locked.password)).body, { status: 'signed_in' });

        // The other actions are in a menu; a reset link asks first.
        await row.getByRole('button', { name: R.more(locked.name) }).click();
        await expectVisible(page.getByRole('menuitem', { name: R.sendResetLink }));
        await shot(page, `admin-recovery-${run.lang}-09-user-actions`, { fullPage: false });
        await page.getByRole('menuitem', { name: R.sendResetLink }).click();
        const confirmLink = page.getByRole('dialog').filter({ hasText: R.resetLinkTitle(locked.name) });
        await expectVisible(confirmLink);
        await shot(page, `admin-recovery-${run.lang}-10-confirm-reset-link`, { fullPage: false });
        await confirmLink.getByRole('button', { name: R.sendLink }).click();
        await expectText(page, R.linkSent(locked.email));

        // A temporary password from the Users page: asked first, then a fresh proof, then shown once.
        clock.advance(PAST_REAUTH_WINDOW_MILLISECONDS);
        await row.getByRole('button', { name: R.more(locked.name) }).click();
        await page.getByRole('menuitem', { name: R.issueTemporaryPassword }).click();
        const confirmPassword = page.getByRole('dialog').filter({ hasText: R.temporaryPasswordConfirmTitle(locked.name) });
        await confirmPassword.getByRole('button', { name: R.issuePassword }).click();
        await confirmItIsMe(page, T, admin.password);
        const issuedHere = page.getByRole('dialog', { name: R.temporaryPasswordTitle(locked.name) });
        const lockedTemporary = ((await issuedHere.getByTestId('temporary-password').textContent()) ?? '').trim();
        await issuedHere.getByRole('button', { name: T.done, exact: true }).click();
        await expectVisible(row.getByText(T.mustChangePassword, { exact: true }));
        assert.deepEqual((await signInAnswer(server, locked.email, lockedTemporary)).body, { status: 'password_change_required' });

        assertNoPageErrors(adminSide.problems);
        assertNoPageErrors(personSide.problems);
      } catch (error) {
        await shotsOfFailure(run.lang, [adminSide.page, personSide.page]);
        throw error;
      } finally {
        await adminSide.context.close();
        await personSide.context.close();
        await server.close();
      }
    });

    test(`a person adds a backup e-mail with a code and answers security questions (${run.lang})`, async () => {
      const clock = createTestClock(Date.now());
      const server = await startTestServer({ database: run.database, clock });
      const adminSide = await openPage(browser, { locale: T.browserLocale, baseURL: server.url });
      const personSide = await openPage(browser, { locale: T.browserLocale, baseURL: server.url });
      const adminPage = adminSide.page;
      const page = personSide.page;
      try {
        await setUpAdministrator(server, admin);
        await signInAdministrator(adminPage, T, admin);
        await addColleague(adminPage, server, colleague);
        // Security questions are off unless an administrator turns them on.
        await saveRecoverySettings(adminPage, T, R, admin, clock, { pauseAfter: 5, lockAfter: 20, questions: true }, `admin-recovery-${run.lang}-11-settings-questions-on`);

        await visit(page, '/login');
        await submitPassword(page, T, colleague.username, colleague.password);
        await expectPath(page, '/');
        await page.getByRole('link', { name: T.navSecurity, exact: true }).click();
        await expectHeading(page, T.securityHeading);
        const options = page.getByTestId('recovery-options');
        await expectVisible(options.getByText(R.recoveryOptions, { exact: true }));
        await options.scrollIntoViewIfNeeded();
        await shot(page, `account-recovery-${run.lang}-01-none`);

        // Backup e-mail: the address, a fresh proof, the code mailed to it.
        clock.advance(PAST_REAUTH_WINDOW_MILLISECONDS);
        await options.getByRole('button', { name: R.addBackupEmail }).click();
        const dialog = page.getByRole('dialog', { name: R.addBackupEmail });
        await dialog.getByLabel(R.backupEmailLabel, { exact: true }).fill(run.backupEmail);
        await shot(page, `account-recovery-${run.lang}-02-backup-email`, { fullPage: false });
        await dialog.getByRole('button', { name: T.sendCode, exact: true }).click();
        await confirmItIsMe(page, T, colleague.password);
        await expectVisible(dialog.getByLabel(T.codeLabel, { exact: true }));
        await shot(page, `account-recovery-${run.lang}-03-backup-email-code`, { fullPage: false });
        await dialog.getByLabel(T.codeLabel, { exact: true }).fill(await codeMailedTo(adminPage, server, run.backupEmail));
        await dialog.getByRole('button', { name: T.confirm, exact: true }).click();
        await expectText(page, R.backupEmailConfirmed);
        const emailRow = options.getByTestId('backup-email');
        await expectVisible(emailRow.getByText(R.confirmedTag, { exact: true }));

        // Security questions: three chosen from the catalogue and answered.
        await options.getByRole('button', { name: R.setUpQuestions }).click();
        const questions = page.getByRole('dialog', { name: R.setUpQuestions });
        const rows = questions.locator('.question-row');
        for (const [index, question] of R.questions.entries()) {
          // The list can be searched: typing part of a question and Enter picks it.
          await rows.nth(index).getByRole('combobox').fill(question);
          await page.keyboard.press('Enter');
          await expectVisible(rows.nth(index).getByTitle(question));
          await rows.nth(index).getByRole('textbox').fill(run.answers[index] ?? '');
        }
        await shot(page, `account-recovery-${run.lang}-04-questions`, { fullPage: false });
        await questions.getByRole('button', { name: R.saveAnswers }).click();
        await expectText(page, R.questionsSaved);
        await expectVisible(options.getByTestId('security-questions').getByText(R.answeredCount(3), { exact: true }));
        await expectVisible(options.getByText(R.questions[1], { exact: true }));
        await options.scrollIntoViewIfNeeded();
        await shot(page, `account-recovery-${run.lang}-05-set`);
        await page.setViewportSize({ width: 390, height: 844 });
        await options.scrollIntoViewIfNeeded();
        await shot(page, `account-recovery-${run.lang}-06-set-phone`, { fullPage: false });
        await page.setViewportSize({ width: 1280, height: 800 });

        // Removing the backup e-mail asks first.
        await emailRow.getByRole('button', { name: R.removeBackupEmail }).click();
        await page.locator('.ant-popconfirm').getByRole('button', { name: R.remove, exact: true }).click();
        await expectText(page, R.backupEmailRemoved);
        await expectVisible(options.getByRole('button', { name: R.addBackupEmail }));

        assertNoPageErrors(adminSide.problems);
        assertNoPageErrors(personSide.problems);
      } catch (error) {
        await shotsOfFailure(run.lang, [adminSide.page, personSide.page]);
        throw error;
      } finally {
        await adminSide.context.close();
        await personSide.context.close();
        await server.close();
      }
    });
  });
}
