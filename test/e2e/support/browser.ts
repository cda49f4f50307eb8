import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';

/** Debian's Chromium; override with CHROMIUM_PATH. */
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ACTION_TIMEOUT_MS = 15_000;

export const SCREENSHOT_DIR = fileURLToPath(new URL('../../../screenshots/', import.meta.url));

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface PageProblems {
  /** Uncaught exceptions and console errors; a page that works has none. */
  errors: string[];
  /** Every same-origin request path, in order. */
  requests: string[];
}

/** A fresh browser profile in the given locale (navigator.language and Accept-Language). */
export async function openPage(
  browser: Browser,
  options: { locale: string; baseURL: string },
): Promise<{ context: BrowserContext; page: Page; problems: PageProblems }> {
  const context = await browser.newContext({
    locale: options.locale,
    baseURL: options.baseURL,
    viewport: { width: 1280, height: 800 },
  });
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  const page = await context.newPage();
  const problems: PageProblems = { errors: [], requests: [] };
  page.on('pageerror', (error) => problems.errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    // 4xx answers are part of the flows under test (401 from /api/auth/me, a wrong password).
    if (message.type() === 'error' && !/status of 4\d\d/.test(message.text())) {
      problems.errors.push(`console: ${message.text()}`);
    }
  });
  page.on('request', (request) => {
    if (request.url().startsWith(options.baseURL)) problems.requests.push(new URL(request.url()).pathname);
  });
  return { context, page, problems };
}

/**
 * Saves `screenshots/<lang>-<step>.png` (the folder is git-ignored). A dialog is pictured in the
 * viewport only: a full-page picture would show its fixed backdrop covering only the top.
 */
export async function screenshot(page: Page, lang: string, step: string, options: { fullPage?: boolean } = {}): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  // Let antd's transitions (modal zoom, message fade) finish so the picture shows the resting state.
  await page.waitForTimeout(350);
  // A scrolled page would show the sticky top bar in the middle of a full-page picture.
  if (options.fullPage ?? true) await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${lang}-${step}.png`), fullPage: options.fullPage ?? true });
}

/** Opens a page of the app; the server must answer with the app's HTML. */
export async function visit(page: Page, path: string): Promise<void> {
  const response = await page.goto(path);
  assert.equal(response?.status(), 200, `GET ${path} answered ${response?.status()}: ${(await response?.text())?.slice(0, 200)}`);
}

export async function expectVisible(locator: Locator): Promise<void> {
  await locator.first().waitFor({ state: 'visible' });
}

export async function expectPath(page: Page, pathname: string): Promise<void> {
  await page.waitForURL((url) => url.pathname === pathname);
}

export async function expectHeading(page: Page, name: string): Promise<void> {
  await expectVisible(page.getByRole('heading', { name, exact: true }));
}

export async function expectText(page: Page, text: string): Promise<void> {
  await expectVisible(page.getByText(text, { exact: true }));
}

export function assertNoPageErrors(problems: PageProblems): void {
  assert.deepEqual(problems.errors, [], 'the page logged errors');
}
