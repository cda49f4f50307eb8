/**
 * Where a person is signed in, and their recent sign-ins, on the Account security page, in a
 * real browser once in each interface language: the same person signs in from a computer and a
 * phone (two browser contexts) -> the computer lists both sessions, "This device" on its own ->
 * it ends the phone's -> the phone's next API call answers 401 and its next page load lands on
 * sign-in -> a wrong password there shows in the computer's history as failed, in words. Then the
 * phone signs in again and "Sign out everywhere else" ends it, saying how many ended. More
 * sign-ins than a page holds: "Load more" brings the older ones.
 */
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import type { DatabaseKind } from '../../src/server/db/index.ts';
import { startTestServer } from '../support/server.ts';
import type { TestServer } from '../support/server.ts';
import { assertNoPageErrors, expectHeading, expectPath, expectText, expectVisible, launchBrowser, openPage, visit } from './support/browser.ts';
import { TEXTS } from './support/texts.ts';
import type { Lang, Texts } from './support/texts.ts';
import { submitPassword } from './support/two-step.ts';
import type { Person } from './support/two-step.ts';

const SHOTS_DIR = process.env.SESSIONS_SHOTS_DIR ?? '/tmp/shots';
const SECURITY_PATH = '/account/security';
/** The history's page size (docs/account-security-api.md: limit defaults to 50). */
const HISTORY_PAGE_SIZE = 50;
/** Setup, phone, computer, the phone's wrong password, the phone again. */
const SIGN_INS_BEFORE = 5;
const EXTRA_SIGN_INS = 50;

/** The second browser says it is Safari on an iPhone (the server reads the User-Agent). */
const PHONE_USER_AGENT =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';

/** What the two cards say, per language; written out so a wrong or missing text fails. */
interface SessionTexts {
  sessionsTitle: string;
  thisDevice: string;
  phone: string;
  endPhone: string;
  end: string;
  endTitle: string;
  ended: string;
  onlyThisOne: string;
  endOthers: string;
  endOthersTitle: string;
  endOthersOk: string;
  endedOthers: (count: number) => string;
  historyTitle: string;
  succeeded: string;
  failed: string;
  wrongPassword: string;
  password: string;
  loadMore: string;
  unknownDevice: string;
}

const SESSION_TEXTS: Record<Lang, SessionTexts> = {
  en: {
    sessionsTitle: "Where you're signed in",
    thisDevice: 'This device',
    phone: 'Mobile Safari 18 on iOS 18.1',
    endPhone: 'End the session of Mobile Safari 18 on iOS 18.1',
    end: 'End',
    endTitle: 'End this session?',
    ended: 'Session ended.',
    onlyThisOne: 'You are not signed in anywhere else.',
    endOthers: 'Sign out everywhere else',
    endOthersTitle: 'Sign out of every other device?',
    endOthersOk: 'Sign out others',
    endedOthers: (count) => `Signed out elsewhere. Sessions ended: ${count}.`,
    historyTitle: 'Recent sign-in activity',
    succeeded: 'Success',
    failed: 'Failed',
    wrongPassword: 'Wrong password',
    password: 'Password',
    loadMore: 'Load more',
    unknownDevice: 'Unknown device',
  },
  'zh-CN': {
    sessionsTitle: '登录设备',
    thisDevice: '当前设备',
    phone: 'Mobile Safari 18，iOS 18.1',
    endPhone: '退出 Mobile Safari 18，iOS 18.1 的登录',
    end: '退出',
    endTitle: '退出此设备？',
    ended: '已退出该设备。',
    onlyThisOne: '您没有在其他地方登录。',
    endOthers: '退出其他所有设备',
    endOthersTitle: '退出其他所有设备？',
    endOthersOk: '全部退出',
    endedOthers: (count) => `已退出其他设备，共 ${count} 个。`,
    historyTitle: '最近登录记录',
    succeeded: '成功',
    failed: '失败',
    wrongPassword: '密码错误',
    password: '密码',
    loadMore: '加载更多',
    unknownDevice: '未知设备',
  },
};

interface Run {
  lang: Lang;
  database: DatabaseKind;
  person: Person;
}

const RUNS: Run[] = [
  { lang: 'en', database: 'sqlite', person: { name: 'Ada Stone', email: 'ada@example.com', username: 'ada', password: 'granite ridge above the lake' } },
  { lang: 'zh-CN', database: 'postgres', person: { name: '李娜', email: 'li.na@example.cn', username: 'lina', password: '山顶上的七块石头叠得很高很稳' } },
];

async function shot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  await mkdir(SHOTS_DIR, { recursive: true });
  // Let antd's transitions (popconfirm, message fade) finish.
  await page.waitForTimeout(350);
  // A scrolled page would show the sticky top bar in the middle of a full-page picture.
  if (options.fullPage ?? true) await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(SHOTS_DIR, `${name}.png`), fullPage: options.fullPage ?? true });
}

/** The first-run setup signs the administrator in over HTTP; that session is signed out, leaving only the browsers'. */
async function setUpPerson(server: TestServer, person: Person): Promise<void> {
  const response = await fetch(`${server.url}/api/setup`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: server.url },
    body: JSON.stringify({ token: server.setupToken, name: person.name, email: person.email, username: person.username, password: person.password }),
  });
  assert.equal(response.status, 201, await response.text());
  const cookie = response.headers.getSetCookie().map((header) => header.split(';')[0]).join('; ');
  if (cookie === '') return;
  const signedOut = await fetch(`${server.url}/api/auth/logout`, { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: server.url, Cookie: cookie }, body: '{}' });
  assert.ok(signedOut.ok, `logout answered ${signedOut.status}`);
}

async function signInOverHTTP(server: TestServer, person: Person): Promise<void> {
  const response = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: server.url },
    body: JSON.stringify({ identifier: person.username, password: person.password }),
  });
  assert.equal(response.status, 200, await response.text());
}

async function signIn(page: Page, T: Texts, person: Person): Promise<void> {
  await visit(page, '/login');
  await submitPassword(page, T, person.username, person.password);
  await expectPath(page, '/');
}

/** The Account security page, scrolled to the sessions card once it has loaded. */
async function openSessions(page: Page, T: Texts, S: SessionTexts): Promise<Locator> {
  await visit(page, SECURITY_PATH);
  await expectHeading(page, T.securityHeading);
  const card = page.getByTestId('account-sessions');
  await expectVisible(card.getByText(S.sessionsTitle, { exact: true }));
  await expectVisible(card.getByTestId('session-row'));
  return card;
}

/** Answers the Popconfirm opened by the last click with its OK button. */
async function confirmPopover(page: Page, title: string, ok: string): Promise<void> {
  const popover = page.locator('.ant-popover').filter({ hasText: title });
  await expectVisible(popover);
  await popover.getByRole('button', { name: ok, exact: true }).click();
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
  const S = SESSION_TEXTS[run.lang];
  const { person } = run;

  describe(`sessions and sign-in history in ${run.lang} on ${run.database}`, () => {
    test(`ending another device's session signs it out; its wrong password shows in the history (${run.lang})`, async () => {
      const server = await startTestServer({ database: run.database });
      const computer = await openPage(browser, { locale: T.browserLocale, baseURL: server.url });
      const phone = await openPage(browser, { locale: T.browserLocale, baseURL: server.url });
      await phone.context.setExtraHTTPHeaders({ 'User-Agent': PHONE_USER_AGENT });
      const page = computer.page;
      try {
        await setUpPerson(server, person);
        await signIn(phone.page, T, person);
        await signIn(page, T, person);

        // Two sessions: this computer (marked) and the phone (with an End button); none for this one.
        let card = await openSessions(page, T, S);
        const rows = card.getByTestId('session-row');
        assert.equal(await rows.count(), 2);
        const own = rows.filter({ hasText: S.thisDevice });
        assert.equal(await own.count(), 1, 'exactly one session is "This device"');
        assert.equal(await own.getByRole('button').count(), 0, 'this device is signed out from the header, not here');
        const phoneRow = rows.filter({ hasText: S.phone });
        assert.equal(await phoneRow.count(), 1, 'the phone is listed by browser and system');
        assert.equal(await phoneRow.getByText(S.thisDevice, { exact: true }).count(), 0);
        await expectVisible(card.getByRole('button', { name: S.endOthers }));
        const history = page.getByTestId('sign-in-history');
        await expectVisible(history.getByText(S.historyTitle, { exact: true }));
        // The first-run setup's sign-in, then the phone's and the computer's.
        assert.equal(await history.locator('tbody tr[data-row-key]').filter({ hasText: S.succeeded }).count(), 3, 'every sign-in is in the history');
        await shot(page, `sessions-${run.lang}-01-two-devices`);

        // End the phone's session.
        await card.getByRole('button', { name: S.endPhone }).click();
        await shot(page, `sessions-${run.lang}-02-confirm-end`, { fullPage: false });
        await confirmPopover(page, S.endTitle, S.end);
        await expectText(page, S.ended);
        await expectVisible(card.getByText(S.onlyThisOne, { exact: true }));
        assert.equal(await rows.count(), 1);
        assert.equal(await card.getByRole('button', { name: S.endOthers }).count(), 0, 'nothing else to sign out of');

        // The phone: its next API call answers 401, its next page load goes to sign-in.
        const answer = await phone.page.request.get('/api/account/sessions');
        assert.equal(answer.status(), 401, await answer.text());
        await phone.page.reload();
        await expectPath(phone.page, '/login');
        await expectHeading(phone.page, T.loginHeading);

        // A wrong password on the phone is in the computer's history as failed, in words.
        await submitPassword(phone.page, T, person.username, `${person.password} typo`);
        await expectText(phone.page, T.invalidCredentials);
        card = await openSessions(page, T, S);
        const failedRow = history.locator('tbody tr[data-row-key]').filter({ hasText: S.failed });
        await expectVisible(failedRow);
        assert.equal(await failedRow.count(), 1);
        const failedCells = await failedRow.locator('td').allTextContents();
        assert.ok(failedCells.some((cell) => cell.includes(S.wrongPassword)), `the reason in words: ${failedCells.join(' | ')}`);
        assert.ok(failedCells.includes(S.password), `the method: ${failedCells.join(' | ')}`);
        assert.ok(failedCells.some((cell) => cell.includes('iOS 18.1')), `the phone's system: ${failedCells.join(' | ')}`);
        // Newest first: the failed attempt heads the table.
        assert.match((await history.locator('tbody tr[data-row-key]').first().textContent()) ?? '', new RegExp(S.failed));
        await shot(page, `sessions-${run.lang}-03-history`);
        await history.scrollIntoViewIfNeeded();
        await shot(page, `sessions-${run.lang}-03-history-close`, { fullPage: false });

        // The phone signs in again; "Sign out everywhere else" ends it and says how many ended.
        await submitPassword(phone.page, T, person.username, person.password);
        await expectPath(phone.page, '/');
        card = await openSessions(page, T, S);
        assert.equal(await card.getByTestId('session-row').count(), 2);
        await card.getByRole('button', { name: S.endOthers }).click();
        await confirmPopover(page, S.endOthersTitle, S.endOthersOk);
        await expectText(page, S.endedOthers(1));
        await expectVisible(card.getByText(S.onlyThisOne, { exact: true }));
        await shot(page, `sessions-${run.lang}-04-signed-out-elsewhere`, { fullPage: false });
        const after = await phone.page.request.get('/api/account/sessions');
        assert.equal(after.status(), 401);

        // More sign-ins than one page holds (50): "Load more" brings the rest, oldest last, then goes away.
        for (let index = 0; index < EXTRA_SIGN_INS; index++) await signInOverHTTP(server, person);
        await openSessions(page, T, S);
        const historyRows = history.locator('tbody tr[data-row-key]');
        await expectVisible(historyRows);
        assert.equal(await historyRows.count(), HISTORY_PAGE_SIZE);
        await history.getByRole('button', { name: S.loadMore }).click();
        await historyRows.nth(HISTORY_PAGE_SIZE).waitFor();
        assert.equal(await historyRows.count(), SIGN_INS_BEFORE + EXTRA_SIGN_INS);
        assert.equal(await history.getByRole('button', { name: S.loadMore }).count(), 0, 'nothing more to load');
        assert.match((await historyRows.last().textContent()) ?? '', new RegExp(S.unknownDevice), "the first-run setup's sign-in is the oldest");
        await historyRows.last().scrollIntoViewIfNeeded();
        await shot(page, `sessions-${run.lang}-05-loaded-more`, { fullPage: false });

        assertNoPageErrors(computer.problems);
      } catch (error) {
        await page.screenshot({ path: join(SHOTS_DIR, `failed-sessions-${run.lang}-computer.png`) }).catch(() => undefined);
        await phone.page.screenshot({ path: join(SHOTS_DIR, `failed-sessions-${run.lang}-phone.png`) }).catch(() => undefined);
        throw error;
      } finally {
        await computer.context.close();
        await phone.context.close();
        await server.close();
      }
    });
  });
}
