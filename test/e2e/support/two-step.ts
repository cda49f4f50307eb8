/**
 * Steps the two-step verification flows share: an administrator made through the API, signing
 * in with a password, enrolling an authenticator app from what the page shows, saving the
 * recovery codes, and Chromium's virtual authenticator for passkeys.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { BrowserContext, Page } from 'playwright-core';
import { generate } from 'otplib';
import type { TestClock } from '../../../src/server/infra/clock.ts';
import type { TestServer } from '../../support/server.ts';
import { expectHeading, expectPath, expectVisible } from './browser.ts';
import type { Texts } from './texts.ts';

export interface Person {
  name: string;
  email: string;
  username: string;
  password: string;
}

/** RFC 6238 time step: the server accepts a code once, so a second sign-in waits for the next step. */
export const TOTP_STEP_MILLISECONDS = 30 * 1000;
/** Longer than the server's window for sensitive actions after a proof (10 minutes). */
export const PAST_REAUTH_WINDOW_MILLISECONDS = 11 * 60 * 1000;

export async function setUpAdministrator(server: TestServer, admin: Person): Promise<void> {
  const response = await fetch(`${server.url}/api/setup`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: server.url },
    body: JSON.stringify({ token: server.setupToken, name: admin.name, email: admin.email, username: admin.username, password: admin.password }),
  });
  assert.equal(response.status, 201, await response.text());
}

/** The authenticator app's code at the server's (test) time. */
export function totpCode(clock: TestClock, secret: string): Promise<string> {
  return generate({ secret, epoch: Math.floor(clock.now() / 1000) });
}

/** Enrols an authenticator app for the signed-in page's account without the pages (they are tested elsewhere). Answers the key. */
export async function enrolAuthenticatorThroughAPI(page: Page, server: TestServer, clock: TestClock): Promise<string> {
  const headers = { Origin: server.url };
  const started = await page.request.post('/api/account/mfa/totp', { headers, data: {} });
  assert.equal(started.status(), 200, await started.text());
  const { secret } = (await started.json()) as { secret: string };
  const confirmed = await page.request.post('/api/account/mfa/totp/confirm', { headers, data: { code: await totpCode(clock, secret) } });
  assert.equal(confirmed.status(), 200, await confirmed.text());
  return secret;
}

/** From the sign-in page: identifier and password, then whatever comes next. */
export async function submitPassword(page: Page, T: Texts, identifier: string, password: string): Promise<void> {
  await expectHeading(page, T.loginHeading);
  await page.getByLabel(T.identifier, { exact: true }).fill(identifier);
  await page.getByLabel(T.password, { exact: true }).fill(password);
  await page.getByRole('button', { name: T.signIn, exact: true }).click();
}

export async function signOut(page: Page, T: Texts): Promise<void> {
  await page.getByRole('button', { name: T.signOut, exact: true }).click();
  await expectPath(page, '/login');
}

/** In the open enrolment step: reads the key shown under the QR code, types the app's code. Answers the key. */
export async function confirmAuthenticatorApp(page: Page, T: Texts, clock: TestClock): Promise<string> {
  const shown = (await page.getByTestId('totp-secret').textContent()) ?? '';
  const secret = shown.replace(/[^A-Z2-7]/g, '');
  assert.ok(secret.length >= 16, `the setup key is shown: ${shown}`);
  await page.getByLabel(T.totpCodeLabel, { exact: true }).fill(await totpCode(clock, secret));
  await page.getByRole('button', { name: T.confirm, exact: true }).click();
  return secret;
}

/**
 * The recovery codes dialog: the codes, the downloaded file (header with the account, then the
 * codes), and it only closes once the person says the codes are saved. Answers the codes.
 */
export async function saveRecoveryCodes(page: Page, T: Texts, email: string, onShown?: () => Promise<void>): Promise<string[]> {
  const dialog = page.getByRole('dialog', { name: T.recoveryCodesTitle });
  await expectVisible(dialog);
  const codes = (await dialog.getByTestId('recovery-codes').locator('code').allTextContents()).map((code) => code.trim());
  assert.equal(codes.length, 10);
  assert.equal(new Set(codes).size, 10);
  const done = dialog.getByRole('button', { name: T.recoveryCodesDone, exact: true });
  assert.equal(await done.isDisabled(), true, 'Done waits for "I have saved these codes"');
  await page.keyboard.press('Escape');
  await expectVisible(dialog);

  const downloading = page.waitForEvent('download');
  await dialog.getByRole('button', { name: T.downloadCodes }).click();
  const download = await downloading;
  assert.match(download.suggestedFilename(), /\.txt$/);
  const text = await readFile((await download.path()) ?? '', 'utf8');
  const lines = text.split('\n');
  assert.equal(lines[0], T.recoveryFileTitle);
  assert.ok(lines.includes(T.recoveryFileAccount(email)), text);
  for (const code of codes) assert.ok(lines.includes(code), `${code} is in the file`);

  await onShown?.();
  await dialog.getByLabel(T.codesSaved).check();
  await done.click();
  await dialog.waitFor({ state: 'hidden' });
  return codes;
}

/** Chromium's CDP virtual authenticator: a platform authenticator with user verification, like Touch ID. */
export async function addVirtualAuthenticator(context: BrowserContext, page: Page): Promise<void> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
}
