/**
 * Helpers for the recovery and lockout HTTP suites (test/http/recovery-*.test.ts,
 * lockout-hard.security.test.ts, admin-account-actions.test.ts, cli-recovery.test.ts,
 * mail-outage.test.ts). The numbers below are the contract's (docs/recovery-api.md), written
 * here rather than imported from src/, so that the tests hold the implementation to the
 * contract instead of to itself.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import type { DatabaseKind } from '../../src/server/db/index.ts';
import { createTestClock } from '../../src/server/infra/clock.ts';
import type { TestClock } from '../../src/server/infra/clock.ts';
import { ADMIN, completeSetup } from './http.ts';
import type { JsonBody } from './http.ts';
import { startMailbox } from './mailbox.ts';
import type { Mailbox, ReceivedMail } from './mailbox.ts';
import { Browser, cookieName, DAY_MILLISECONDS, HOUR_MILLISECONDS, mailTo, MINUTE_MILLISECONDS, nextMessage, settleOutbox } from './mfa.ts';
import type { BrowserResponse, MFAContext, RequestOptions } from './mfa.ts';
import { freePort } from './processes.ts';
import { startSMSWebhook } from './sms-webhook.ts';
import { startTestServer } from './server.ts';

// ---------------------------------------------------------------------------------------------
// The contract's numbers.

/** Deliberately not the address the test server listens on: links must come from PUBLIC_URL alone. */
export const PUBLIC_URL = 'https://crm.cairn.test';
export const RESET_LINK_MILLISECONDS = 30 * MINUTE_MILLISECONDS;
/** `POST /api/auth/recovery/request` answers this, known identifier or not. */
export const ACCEPTED = Object.freeze({ status: 'accepted', expiresInMinutes: 30, resendAfterSeconds: 60 });
/** Per normalised identifier from one client address. */
export const REQUEST_INTERVAL_MILLISECONDS = 60 * 1000;
export const REQUESTS_PER_IDENTIFIER_PER_DAY = 5;
export const REQUESTS_PER_ADDRESS_PER_HOUR = 30;
/** Silent (the answer stays 202), whatever the identifier variant or client address. */
export const LINKS_PER_ACCOUNT_PER_DAY = 10;
export const DEFAULT_PAUSE_AFTER_FAILURES = 5;
export const DEFAULT_LOCK_AFTER_FAILURES = 20;
export const MAX_LOCK_AFTER_FAILURES = 100;
/** The waits after each failure past the pause threshold: 1, 5, 15, then 60 minutes. */
export const PAUSE_STEPS_SECONDS = [60, 300, 900, 3600] as const;
export const ADDRESS_FAILURES_PER_WINDOW = 50;
export const ADDRESS_WINDOW_MILLISECONDS = 15 * MINUTE_MILLISECONDS;
export const TEMPORARY_PASSWORD_MILLISECONDS = 72 * HOUR_MILLISECONDS;
/** More than a day: every per-day limit of the contract has forgotten what came before. */
export const LIMITS_FORGOTTEN_MILLISECONDS = DAY_MILLISECONDS + HOUR_MILLISECONDS;
/** The generated temporary password, e.g. "K7QM-3RTX-9WPD-HC4N" (no 0/O, 1/I/L). */
export const TEMPORARY_PASSWORD_PATTERN = /(?<![A-Z0-9-])([A-HJKMNP-Z2-9]{4}(?:-[A-HJKMNP-Z2-9]{4}){3})(?![A-Z0-9-])/;

export const NEW_PASSWORD = 'a brand new passphrase after the reset';

// ---------------------------------------------------------------------------------------------
// A server with the real SMTP mailbox, the test clock and a signed-in administrator.

export interface RecoveryContext extends MFAContext {
  publicURL: string;
}

export async function startRecoveryServer(
  database: DatabaseKind,
  options: {
    env?: Record<string, string>;
    clock?: TestClock;
    /** Where the server sends mail; defaults to the mailbox's own address (a relay may sit between). */
    smtpURL?: string;
    mailbox?: Mailbox;
  } = {},
): Promise<RecoveryContext> {
  const clock = options.clock ?? createTestClock();
  const mailbox = options.mailbox ?? (await startMailbox());
  const sms = await startSMSWebhook();
  const server = await startTestServer({
    database,
    clock,
    env: {
      PUBLIC_URL,
      SMTP_URL: options.smtpURL ?? mailbox.url,
      SMS_PROVIDER: 'webhook',
      SMS_WEBHOOK_URL: sms.url,
      ...options.env,
    },
  });
  const adminSession = await completeSetup(server);
  const admin = new Browser(server, { [cookieName(server, 'session')]: adminSession });
  return {
    server,
    clock,
    mailbox,
    sms,
    admin,
    publicURL: server.config.publicURL,
    close: async () => {
      await server.close();
      if (!options.mailbox) await mailbox.close();
      await sms.close();
    },
  };
}

/** Signs the administrator in anew (long clock jumps end the setup session) and makes it `context.admin`. */
export async function freshAdmin(context: MFAContext): Promise<Browser> {
  const browser = new Browser(context.server);
  const response = await browser.login(ADMIN.email, ADMIN.password);
  assert.equal(response.status, 200, response.text);
  assert.deepEqual(response.body, { status: 'signed_in' });
  context.admin = browser;
  return browser;
}

/** A fresh proof of identity for the administrator (step-up), by password. */
export async function stepUp(browser: Browser, password = ADMIN.password): Promise<void> {
  const response = await browser.post('/api/auth/reauth', { password });
  assert.equal(response.status, 200, response.text);
}

export async function adminUserId(context: MFAContext): Promise<string> {
  const me = await context.admin.me();
  assert.equal(me.status, 200, me.text);
  return me.body.user.id;
}

/** The user as the administrators' list shows it. */
export async function listedUser(context: MFAContext, email: string): Promise<JsonBody> {
  const list = await context.admin.get('/api/admin/users');
  assert.equal(list.status, 200, list.text);
  const user = list.body.data.find((u: { email: string }) => u.email === email);
  assert.ok(user, `${email} is listed`);
  return user;
}

export async function getRecoverySettings(context: MFAContext): Promise<JsonBody> {
  const response = await context.admin.get('/api/admin/settings/recovery');
  assert.equal(response.status, 200, response.text);
  // The contract: the settings object itself, no wrapper.
  return response.body;
}

export function putRecoverySettings(context: MFAContext, settings: JsonBody): Promise<BrowserResponse> {
  return context.admin.put('/api/admin/settings/recovery', settings);
}

/** Changes the recovery settings with a fresh step-up; answers what GET then shows. */
export async function setRecoverySettings(context: MFAContext, change: Record<string, unknown>): Promise<JsonBody> {
  await stepUp(context.admin);
  const current = await getRecoverySettings(context);
  const response = await putRecoverySettings(context, { ...current, ...change });
  assert.ok(response.status === 200 || response.status === 204, `PUT /api/admin/settings/recovery: ${response.status} ${response.text}`);
  const updated = await getRecoverySettings(context);
  assert.deepEqual(updated, { ...current, ...change });
  return updated;
}

// ---------------------------------------------------------------------------------------------
// Reset links.

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The token of a `PUBLIC_URL/reset-password#token=...` link in a text, or null. */
export function resetTokenIn(text: string, publicURL = PUBLIC_URL): string | null {
  return new RegExp(`${escapeRegExp(publicURL)}/reset-password#token=([A-Za-z0-9_-]+)`).exec(text)?.[1] ?? null;
}

export function hasResetLink(mail: ReceivedMail): boolean {
  return /reset-password/.test(mail.text);
}

export function requestReset(context: MFAContext, identifier: unknown, options: RequestOptions = {}): Promise<BrowserResponse> {
  return new Browser(context.server).post('/api/auth/recovery/request', { identifier }, options);
}

export function checkLink(context: MFAContext, token: string): Promise<BrowserResponse> {
  return new Browser(context.server).post('/api/auth/recovery/check', { token });
}

export function resetPassword(context: MFAContext, token: string, password: string, mfa?: Record<string, unknown>, browser = new Browser(context.server)): Promise<BrowserResponse> {
  return browser.post('/api/auth/recovery/reset', { token, password, ...(mfa ? { mfa } : {}) });
}

/** The next mail to `address` after index `since` that carries a reset link; answers it and its token. */
export async function nextResetMail(context: RecoveryContext, address: string, since: number): Promise<{ mail: ReceivedMail; token: string }> {
  const mail = await nextMessage(context.mailbox, since, (m) => mailTo(address)(m) && resetTokenIn(m.text, context.publicURL) !== null);
  return { mail, token: resetTokenIn(mail.text, context.publicURL)! };
}

/** Requests a link for `identifier` (expects 202) and answers the token mailed to `address`. */
export async function requestLink(context: RecoveryContext, identifier: string, address: string): Promise<string> {
  const since = context.mailbox.messages.length;
  const response = await requestReset(context, identifier);
  assert.equal(response.status, 202, response.text);
  return (await nextResetMail(context, address, since)).token;
}

/**
 * Waits until the server is idle: the work started after answers (a link being written and
 * mailed) and the first tries of notifications have ended, and no message is waiting in the
 * outbox table.
 */
export async function settle(context: MFAContext): Promise<void> {
  await context.server.whenIdle();
  await settleOutbox(context);
  await context.server.whenIdle();
}

/**
 * "Nothing was mailed for X": the request for X is followed by one for a real account (the
 * sentinel); once the sentinel's mail is in and the server is idle, the mailbox holds
 * everything X could have caused. Answers the messages received since `since`, sentinel's excluded.
 */
export async function mailSinceAfterSentinel(context: RecoveryContext, since: number, sentinel: { identifier: string; address: string }): Promise<ReceivedMail[]> {
  const sentinelSince = context.mailbox.messages.length;
  const response = await requestReset(context, sentinel.identifier);
  assert.equal(response.status, 202, response.text);
  const sentinelMail = await nextResetMail(context, sentinel.address, sentinelSince);
  await settle(context);
  return context.mailbox.messages.slice(since).filter((m) => m !== sentinelMail.mail);
}

// ---------------------------------------------------------------------------------------------
// Wrong passwords.

export function retryAfterSeconds(response: BrowserResponse): number {
  const header = response.headers.get('retry-after');
  assert.ok(header !== null, `a Retry-After header on ${response.status} ${response.text}`);
  const seconds = Number(header);
  assert.ok(Number.isInteger(seconds) && seconds > 0, `Retry-After ${header}`);
  return seconds;
}

/**
 * Makes `count` wrong-password sign-ins that reach the password check, waiting out every pause
 * (429) on the clock. Answers the `count` answers; the last may already be 423 when the
 * implementation answers the locking failure so.
 */
export async function failSignIns(context: MFAContext, identifier: string | ((attempt: number) => string), count: number): Promise<BrowserResponse[]> {
  const answers: BrowserResponse[] = [];
  const pick = typeof identifier === 'string' ? () => identifier : identifier;
  for (let attempt = 0; answers.length < count; attempt++) {
    assert.ok(attempt < count * 3 + 10, `still paused after ${attempt} attempts`);
    const response = await new Browser(context.server).login(pick(answers.length), `wrong guess number ${attempt}`);
    if (response.status === 429) {
      context.clock.advance(retryAfterSeconds(response) * 1000);
      continue;
    }
    answers.push(response);
    if (response.status === 423) break;
    assert.equal(response.status, 401, response.text);
  }
  return answers;
}

/** Waits out any pause of `identifier` (429) without failing again. */
export async function waitOutPause(context: MFAContext, probe: () => Promise<BrowserResponse>): Promise<BrowserResponse> {
  for (let i = 0; i < 10; i++) {
    const response = await probe();
    if (response.status !== 429) return response;
    context.clock.advance(retryAfterSeconds(response) * 1000);
  }
  assert.fail('still paused after 10 waits');
}

/** Fails sign-in for `identifier` until the account is locked (default settings: 20 failures); answers the failures. */
export async function lockBySignIn(context: MFAContext, identifier: string, lockAfterFailures = DEFAULT_LOCK_AFTER_FAILURES): Promise<BrowserResponse[]> {
  const answers = await failSignIns(context, identifier, lockAfterFailures);
  const locked = await new Browser(context.server).login(identifier, 'yet another wrong guess');
  assert.equal(locked.status, 423, `locked after ${lockAfterFailures} failures: ${locked.status} ${locked.text}`);
  return answers;
}

// ---------------------------------------------------------------------------------------------
// HTTP the way a proxy or an attacker sends it (fetch will not forge a Host header).

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  body: JsonBody;
}

export function rawRequest(
  context: MFAContext,
  method: string,
  path: string,
  options: { json?: unknown; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  const url = new URL(context.server.url);
  const body = options.json === undefined ? undefined : JSON.stringify(options.json);
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: url.hostname,
        port: Number(url.port),
        method,
        path,
        headers: {
          ...(body !== undefined ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } : {}),
          ...(method === 'GET' ? {} : { origin: context.server.origin }),
          ...options.headers,
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: JsonBody = undefined;
          try {
            parsed = text === '' ? undefined : JSON.parse(text);
          } catch {
            parsed = undefined;
          }
          resolve({ status: response.statusCode ?? 0, headers: response.headers, text, body: parsed });
        });
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    if (body !== undefined) request.write(body);
    request.end();
  });
}

// ---------------------------------------------------------------------------------------------
// A mail server that can go down and come back on the same address: a TCP relay in front of
// the test mailbox. Down, connections are refused (as with a stopped server).

export interface SwitchableRelay {
  /** smtp://127.0.0.1:PORT, stable across down/up. */
  url: string;
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

export async function startSMTPRelay(target: Mailbox): Promise<SwitchableRelay> {
  const targetPort = Number(new URL(target.url).port);
  const port = await freePort();
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;

  const up = (): Promise<void> =>
    new Promise((resolve, reject) => {
      if (server) return resolve();
      const created = net.createServer((client) => {
        const upstream = net.connect(targetPort, '127.0.0.1');
        sockets.add(client);
        sockets.add(upstream);
        const end = (): void => {
          client.destroy();
          upstream.destroy();
          sockets.delete(client);
          sockets.delete(upstream);
        };
        client.on('error', end).on('close', end);
        upstream.on('error', end).on('close', end);
        client.pipe(upstream);
        upstream.pipe(client);
      });
      created.once('error', reject);
      created.listen(port, '127.0.0.1', () => {
        server = created;
        resolve();
      });
    });
  const down = (): Promise<void> =>
    new Promise((resolve) => {
      const current = server;
      server = undefined;
      for (const socket of sockets) socket.destroy();
      sockets.clear();
      if (!current) return resolve();
      current.close(() => resolve());
    });
  await up();
  return { url: `smtp://127.0.0.1:${port}`, up, down, close: down };
}

// ---------------------------------------------------------------------------------------------
// Measuring.

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The audit rows of some events, oldest first. */
export async function auditRows(context: MFAContext, events: readonly string[]): Promise<JsonBody[]> {
  return context.server.database.db.selectFrom('audit_events').selectAll().where('event', 'in', [...events]).orderBy('id').execute();
}

/** Text of every row of a table, to look for a secret anywhere in it. */
export async function tableText(context: MFAContext, table: 'password_reset_tokens' | 'messages' | 'audit_events' | 'sign_in_lockouts'): Promise<string> {
  return JSON.stringify(await context.server.database.db.selectFrom(table).selectAll().execute());
}

// ---------------------------------------------------------------------------------------------
// Timing from outside the server's event loop. The test server runs in the test's own process:
// a fetch made there cannot read its answer while the server does synchronous work after
// answering (node:sqlite is synchronous), which would charge that work to the answer time. A
// worker thread has its own event loop, as a remote client has its own machine.

const TIMING_WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', async ({ url, headers, body }) => {
  try {
    const started = performance.now();
    const response = await fetch(url, { method: 'POST', headers, body });
    await response.arrayBuffer();
    parentPort.postMessage({ status: response.status, milliseconds: performance.now() - started });
  } catch (error) {
    parentPort.postMessage({ error: String(error) });
  }
});
`;

export interface TimingClient {
  /** POSTs JSON from the worker thread; answers the status and the time to the whole answer. */
  post(path: string, json: unknown): Promise<{ status: number; milliseconds: number }>;
  close(): Promise<void>;
}

export async function startTimingClient(context: MFAContext): Promise<TimingClient> {
  const { Worker } = await import('node:worker_threads');
  const worker = new Worker(TIMING_WORKER_SOURCE, { eval: true });
  return {
    post: (path, json) =>
      new Promise((resolve, reject) => {
        worker.once('message', (message: { status: number; milliseconds: number; error?: string }) =>
          message.error ? reject(new Error(message.error)) : resolve(message),
        );
        worker.postMessage({
          url: `${context.server.url}${path}`,
          headers: { 'content-type': 'application/json', origin: context.server.origin },
          body: JSON.stringify(json),
        });
      }),
    close: async () => {
      await worker.terminate();
    },
  };
}
