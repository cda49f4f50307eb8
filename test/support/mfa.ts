/**
 * Helpers for the second-factor HTTP suites (test/http/mfa-*.test.ts): a browser-like client
 * with a cookie jar (the session, pending sign-in and trusted-browser cookies travel as they
 * would in a browser), a server wired to a real SMTP mailbox and SMS webhook, and short-hands
 * for "create a user", "enrol an authenticator app", "sign in up to the second factor".
 */
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { isoCBOR } from '@simplewebauthn/server/helpers';
import { generate } from 'otplib';
import type { DatabaseKind } from '../../src/server/db/index.ts';
import { createTestClock } from '../../src/server/infra/clock.ts';
import type { TestClock } from '../../src/server/infra/clock.ts';
import { ADMIN, completeSetup, createActiveUser } from './http.ts';
import type { JsonBody } from './http.ts';
import { startMailbox } from './mailbox.ts';
import { extractCode, startSMSWebhook } from './sms-webhook.ts';
import { startTestServer } from './server.ts';
import type { TestServer } from './server.ts';

export { ADMIN, extractCode };

/** RFC 6238 time step. */
export const TOTP_STEP_MILLISECONDS = 30 * 1000;
export const MINUTE_MILLISECONDS = 60 * 1000;
export const HOUR_MILLISECONDS = 60 * MINUTE_MILLISECONDS;
export const DAY_MILLISECONDS = 24 * HOUR_MILLISECONDS;
/** The contract's numbers (docs/second-factors-api.md, the brief of issue 3). */
export const PENDING_SIGN_IN_MILLISECONDS = 5 * MINUTE_MILLISECONDS;
export const SENT_CODE_MILLISECONDS = 10 * MINUTE_MILLISECONDS;
export const REAUTH_WINDOW_MILLISECONDS = 10 * MINUTE_MILLISECONDS;
export const TRUSTED_BROWSER_MILLISECONDS = 30 * DAY_MILLISECONDS;
export const RECOVERY_CODE_COUNT = 10;
/** Longer than any resend pause: helpers that sent a code leave this much time before the test sends another. */
export const RESEND_GAP_MILLISECONDS = 2 * MINUTE_MILLISECONDS;

export const MEMBER_PASSWORD = 'a member password, long enough';

export type Mailbox = Awaited<ReturnType<typeof startMailbox>>;
export type SMSWebhook = Awaited<ReturnType<typeof startSMSWebhook>>;
export type MailMessage = Mailbox['messages'][number];
export type SMSMessage = SMSWebhook['messages'][number];

// ---------------------------------------------------------------------------------------------
// A browser: real fetch, a cookie jar, and the public origin on state-changing requests.

export type CookieKind = 'session' | 'pending' | 'trusted';

export function cookieName(server: TestServer, kind: CookieKind): string {
  return `${server.config.secureCookies ? '__Host-' : ''}cairn_${kind}`;
}

export interface BrowserResponse {
  status: number;
  headers: Headers;
  body: JsonBody;
  text: string;
  /** Set-Cookie headers of this answer by cookie name (raw, with attributes). */
  setCookies: Map<string, string>;
  /** The session token this answer set, or null (none set, or cleared). */
  session: string | null;
  /** The raw Set-Cookie header of the session cookie (as test/support/http.ts's ApiResponse has it). */
  sessionCookieHeader: string | null;
}

export interface RequestOptions {
  json?: unknown;
  rawBody?: string;
  contentType?: string;
  /** Defaults to the public origin on unsafe methods; null sends none. */
  origin?: string | null;
  headers?: Record<string, string>;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export class Browser {
  readonly server: TestServer;
  readonly jar = new Map<string, string>();

  constructor(server: TestServer, cookies: Record<string, string> = {}) {
    this.server = server;
    for (const [name, value] of Object.entries(cookies)) this.jar.set(name, value);
  }

  /** Another browser that starts with a copy of this one's cookies (e.g. to keep an old token). */
  copy(): Browser {
    return new Browser(this.server, Object.fromEntries(this.jar));
  }

  cookie(kind: CookieKind): string | undefined {
    return this.jar.get(cookieName(this.server, kind));
  }

  setCookie(kind: CookieKind, value: string | undefined): void {
    const name = cookieName(this.server, kind);
    if (value === undefined) this.jar.delete(name);
    else this.jar.set(name, value);
  }

  get session(): string | undefined {
    return this.cookie('session');
  }

  async request(method: string, path: string, options: RequestOptions = {}): Promise<BrowserResponse> {
    const headers: Record<string, string> = { ...options.headers };
    const origin = options.origin === undefined ? (SAFE_METHODS.has(method) ? null : this.server.origin) : options.origin;
    if (origin !== null) headers.origin = origin;
    if (this.jar.size > 0 && headers.cookie === undefined) {
      headers.cookie = [...this.jar].map(([name, value]) => `${name}=${value}`).join('; ');
    }
    let body: string | undefined;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.rawBody !== undefined) {
      body = options.rawBody;
    }
    if (options.contentType !== undefined) headers['content-type'] = options.contentType;
    const response = await fetch(`${this.server.url}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await response.text();
    let parsed: JsonBody = undefined;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const setCookies = new Map<string, string>();
    for (const header of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = header.split(';').map((part) => part.trim());
      const separator = pair.indexOf('=');
      const name = pair.slice(0, separator);
      const value = pair.slice(separator + 1);
      setCookies.set(name, header);
      const cleared =
        value === '' ||
        attributes.some((a) => /^max-age=0$/i.test(a)) ||
        attributes.some((a) => /^expires=/i.test(a) && Date.parse(a.slice(8)) <= Date.now() && !/max-age=[1-9]/i.test(header));
      if (cleared) this.jar.delete(name);
      else this.jar.set(name, value);
    }
    const sessionHeader = setCookies.get(cookieName(this.server, 'session'));
    const sessionValue = sessionHeader ? (this.jar.get(cookieName(this.server, 'session')) ?? null) : null;
    return {
      status: response.status,
      headers: response.headers,
      body: parsed,
      text,
      setCookies,
      session: sessionValue,
      sessionCookieHeader: sessionHeader ?? null,
    };
  }

  get(path: string, options: RequestOptions = {}): Promise<BrowserResponse> {
    return this.request('GET', path, options);
  }

  post(path: string, json?: unknown, options: RequestOptions = {}): Promise<BrowserResponse> {
    return this.request('POST', path, { ...options, ...(json !== undefined ? { json } : {}) });
  }

  put(path: string, json?: unknown, options: RequestOptions = {}): Promise<BrowserResponse> {
    return this.request('PUT', path, { ...options, ...(json !== undefined ? { json } : {}) });
  }

  delete(path: string, options: RequestOptions = {}): Promise<BrowserResponse> {
    return this.request('DELETE', path, options);
  }

  login(identifier: string, password: string): Promise<BrowserResponse> {
    return this.post('/api/auth/login', { identifier, password });
  }

  verify(body: Record<string, unknown>): Promise<BrowserResponse> {
    return this.post('/api/auth/mfa/verify', body);
  }

  me(): Promise<BrowserResponse> {
    return this.get('/api/auth/me');
  }

  mfa(): Promise<BrowserResponse> {
    return this.get('/api/account/mfa');
  }
}

// ---------------------------------------------------------------------------------------------
// A server with a real SMTP mailbox and SMS webhook, the test clock and a signed-in administrator.

export interface MFAContext {
  server: TestServer;
  clock: TestClock;
  mailbox: Mailbox;
  sms: SMSWebhook;
  /** The administrator created at setup, signed in (a session within the default grace period). */
  admin: Browser;
  close(): Promise<void>;
}

export async function startMFAServer(database: DatabaseKind, options: { env?: Record<string, string> } = {}): Promise<MFAContext> {
  const clock = createTestClock();
  const mailbox = await startMailbox();
  const sms = await startSMSWebhook();
  const server = await startTestServer({
    database,
    clock,
    env: { SMTP_URL: mailbox.url, SMS_PROVIDER: 'webhook', SMS_WEBHOOK_URL: sms.url, ...options.env },
  });
  const adminSession = await completeSetup(server);
  const admin = new Browser(server, { [cookieName(server, 'session')]: adminSession });
  return {
    server,
    clock,
    mailbox,
    sms,
    admin,
    close: async () => {
      await server.close();
      await mailbox.close();
      await sms.close();
    },
  };
}

export interface Member {
  user: JsonBody;
  email: string;
  password: string;
  /** A browser holding the member's session. */
  browser: Browser;
}

let memberSerial = 0;

/** A user with a chosen password and a fresh session (sales_rep unless told: no second factor required by default). */
export async function createMember(
  context: MFAContext,
  input: { email?: string; name?: string; username?: string; role?: string } = {},
): Promise<Member> {
  memberSerial += 1;
  const email = input.email ?? `member${memberSerial}@example.com`;
  const adminSession = context.admin.session;
  assert.ok(adminSession, 'the administrator is signed in');
  const { user, session } = await createActiveUser(
    context.server,
    adminSession,
    { email, name: input.name ?? `Member ${memberSerial}`, role: input.role ?? 'sales_rep', ...(input.username ? { username: input.username } : {}) },
    MEMBER_PASSWORD,
  );
  const browser = new Browser(context.server, { [cookieName(context.server, 'session')]: session });
  return { user, email, password: MEMBER_PASSWORD, browser };
}

// ---------------------------------------------------------------------------------------------
// Codes.

/** The authenticator app's code at the test clock's time, `steps` time steps away. */
export function totpCode(context: { clock: TestClock }, secret: string, steps = 0): Promise<string> {
  return generate({ secret, epoch: Math.floor((context.clock.now() + steps * TOTP_STEP_MILLISECONDS) / 1000) });
}

/** Waits for a message after index `since` that matches; answers it. */
export async function nextMessage<M>(box: { messages: M[] }, since: number, predicate: (message: M) => boolean, timeoutMilliseconds = 5000): Promise<M> {
  const deadline = Date.now() + timeoutMilliseconds;
  for (;;) {
    const found = box.messages.slice(since).find(predicate);
    if (found) return found;
    if (Date.now() > deadline) {
      assert.fail(`no matching message arrived within ${timeoutMilliseconds} ms; received: ${JSON.stringify(box.messages.slice(since)).slice(0, 2000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export function mailTo(address: string): (message: MailMessage) => boolean {
  return (message) => message.to.some((to) => to.toLowerCase().includes(address.toLowerCase()));
}

/** Runs `action` and answers the code of the SMS it sent to `phone` (E.164). */
export async function smsCodeFrom(context: MFAContext, phone: string, action: () => Promise<BrowserResponse>): Promise<{ response: BrowserResponse; code: string }> {
  const since = context.sms.messages.length;
  const response = await action();
  assert.equal(response.status, 202, response.text);
  const message = await nextMessage(context.sms, since, (m) => m.to === phone);
  const code = extractCode(message.text);
  assert.ok(code, `a code in ${JSON.stringify(message.text)}`);
  return { response, code };
}

/** Runs `action` and answers the code of the e-mail it sent to `address`. */
export async function mailCodeFrom(context: MFAContext, address: string, action: () => Promise<BrowserResponse>): Promise<{ response: BrowserResponse; code: string; message: MailMessage }> {
  const since = context.mailbox.messages.length;
  const response = await action();
  assert.equal(response.status, 202, response.text);
  const message = await nextMessage(context.mailbox, since, (m) => mailTo(address)(m) && extractCode(m.text) !== null && extractCode(m.text) !== undefined);
  const code = extractCode(message.text);
  assert.ok(code, `a code in ${JSON.stringify(message.text)}`);
  return { response, code, message };
}

// ---------------------------------------------------------------------------------------------
// Enrolment.

export interface TOTPEnrolment {
  secret: string;
  uri: string;
  factor: JsonBody;
  recoveryCodes: string[] | undefined;
}

/**
 * Enrols an authenticator app for the browser's session and moves the clock one time step on,
 * so that the next code the test computes is not a replay of the confirming one.
 */
export async function enrolTOTP(context: MFAContext, browser: Browser): Promise<TOTPEnrolment> {
  const started = await browser.post('/api/account/mfa/totp');
  assert.equal(started.status, 200, started.text);
  const confirmed = await browser.post('/api/account/mfa/totp/confirm', { code: await totpCode(context, started.body.secret) });
  assert.equal(confirmed.status, 200, confirmed.text);
  context.clock.advance(TOTP_STEP_MILLISECONDS);
  return { secret: started.body.secret, uri: started.body.uri, factor: confirmed.body.factor, recoveryCodes: confirmed.body.recoveryCodes };
}

export const PHONE = Object.freeze({ entered: '138 0013 8000', e164: '+8613800138000' });

export async function enrolSMS(context: MFAContext, browser: Browser, phone: { entered: string; e164: string } = PHONE): Promise<{ factor: JsonBody; recoveryCodes: string[] | undefined }> {
  const { code } = await smsCodeFrom(context, phone.e164, () => browser.post('/api/account/mfa/sms', { phone: phone.entered }));
  const confirmed = await browser.post('/api/account/mfa/sms/confirm', { code });
  assert.equal(confirmed.status, 200, confirmed.text);
  context.clock.advance(RESEND_GAP_MILLISECONDS);
  return { factor: confirmed.body.factor, recoveryCodes: confirmed.body.recoveryCodes };
}

export async function enrolEmail(context: MFAContext, browser: Browser, address: string): Promise<{ factor: JsonBody; recoveryCodes: string[] | undefined }> {
  const { code } = await mailCodeFrom(context, address, () => browser.post('/api/account/mfa/email'));
  const confirmed = await browser.post('/api/account/mfa/email/confirm', { code });
  assert.equal(confirmed.status, 200, confirmed.text);
  context.clock.advance(RESEND_GAP_MILLISECONDS);
  return { factor: confirmed.body.factor, recoveryCodes: confirmed.body.recoveryCodes };
}

// ---------------------------------------------------------------------------------------------
// Signing in.

/** Signs in with the password in a new browser (or the one given) and expects the second step. */
export async function signInToSecondStep(context: MFAContext, email: string, password: string, browser = new Browser(context.server)): Promise<{ browser: Browser; answer: JsonBody }> {
  const response = await browser.login(email, password);
  assert.equal(response.status, 200, response.text);
  assert.equal(response.body.status, 'mfa_required', response.text);
  return { browser, answer: response.body };
}

/** A full sign-in with the authenticator app, one time step after the last code used. */
export async function signInWithTOTP(context: MFAContext, email: string, password: string, secret: string, browser = new Browser(context.server)): Promise<Browser> {
  await signInToSecondStep(context, email, password, browser);
  context.clock.advance(TOTP_STEP_MILLISECONDS);
  const verified = await browser.verify({ method: 'totp', code: await totpCode(context, secret) });
  assert.equal(verified.status, 200, verified.text);
  assert.deepEqual(verified.body, { status: 'signed_in' });
  assert.ok(browser.session, 'the verified sign-in has a session');
  return browser;
}

// ---------------------------------------------------------------------------------------------
// Policy.

export async function setPolicy(context: MFAContext, change: Record<string, unknown>): Promise<JsonBody> {
  const current = await context.admin.get('/api/admin/settings/mfa');
  assert.equal(current.status, 200, current.text);
  const updated = await context.admin.put('/api/admin/settings/mfa', { ...current.body.policy, ...change });
  assert.equal(updated.status, 200, updated.text);
  return updated.body.policy;
}

/** The audit events of one kind, oldest first. */
export async function auditEvents(context: MFAContext, event: string): Promise<JsonBody[]> {
  return context.server.database.db.selectFrom('audit_events').selectAll().where('event', '=', event).orderBy('id').execute();
}

/**
 * Waits until the outbox has delivered every notification (no message row left pending or
 * sending), so a test can tell the mail its action causes from earlier ones.
 */
export async function settleOutbox(context: MFAContext, timeoutMilliseconds = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMilliseconds;
  for (;;) {
    const waiting = await context.server.database.db
      .selectFrom('messages')
      .select('id')
      .where('status', 'in', ['pending', 'sending'])
      .execute();
    if (waiting.length === 0) return;
    if (Date.now() > deadline) assert.fail(`${waiting.length} messages still waiting in the outbox after ${timeoutMilliseconds} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

// ---------------------------------------------------------------------------------------------
// A software passkey: what a platform authenticator and the browser together answer to
// navigator.credentials.create/get (ES256, "none" attestation, user present and verified),
// so the WebAuthn ceremonies can be driven over plain HTTP. The browser tests drive Chromium's.

const b64url = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');
const sha256 = (data: Uint8Array | string): Buffer => createHash('sha256').update(data).digest();

/** Authenticator data flags (WebAuthn Level 3, section 6.1). */
const FLAG_USER_PRESENT = 0x01;
const FLAG_USER_VERIFIED = 0x04;
const FLAG_ATTESTED_CREDENTIAL = 0x40;

export class SoftwarePasskey {
  readonly credentialId: Buffer = randomBytes(32);
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  signCount = 0;
  userHandle: string | null = null;
  readonly origin: string;

  constructor(origin: string) {
    this.origin = origin;
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.privateKey = pair.privateKey;
    this.publicKey = pair.publicKey;
  }

  get id(): string {
    return b64url(this.credentialId);
  }

  private coseKey(): Uint8Array {
    const jwk = this.publicKey.export({ format: 'jwk' });
    return isoCBOR.encode(
      new Map<number, number | Uint8Array>([
        [1, 2], // kty: EC2
        [3, -7], // alg: ES256
        [-1, 1], // crv: P-256
        [-2, Buffer.from(jwk.x!, 'base64url')],
        [-3, Buffer.from(jwk.y!, 'base64url')],
      ]),
    );
  }

  private authenticatorData(rpID: string, flags: number, attested: boolean): Buffer {
    const counter = Buffer.alloc(4);
    counter.writeUInt32BE(this.signCount);
    const parts = [sha256(rpID), Buffer.from([flags]), counter];
    if (attested) {
      const length = Buffer.alloc(2);
      length.writeUInt16BE(this.credentialId.length);
      parts.push(Buffer.alloc(16), length, this.credentialId, Buffer.from(this.coseKey()));
    }
    return Buffer.concat(parts);
  }

  /** The answer to navigator.credentials.create(options) (the registration ceremony). */
  register(options: JsonBody, overrides: { origin?: string; rpID?: string; challenge?: string } = {}): JsonBody {
    this.userHandle = options.user?.id ?? null;
    const clientDataJSON = Buffer.from(
      JSON.stringify({ type: 'webauthn.create', challenge: overrides.challenge ?? options.challenge, origin: overrides.origin ?? this.origin, crossOrigin: false }),
    );
    const authData = this.authenticatorData(overrides.rpID ?? options.rp.id, FLAG_USER_PRESENT | FLAG_USER_VERIFIED | FLAG_ATTESTED_CREDENTIAL, true);
    const attestationObject = isoCBOR.encode(
      new Map<string, string | Uint8Array | Map<string, string>>([
        ['fmt', 'none'],
        ['attStmt', new Map<string, string>()],
        ['authData', authData],
      ]),
    );
    return {
      id: this.id,
      rawId: this.id,
      type: 'public-key',
      response: { clientDataJSON: b64url(clientDataJSON), attestationObject: b64url(attestationObject), transports: ['internal'] },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }

  /** The answer to navigator.credentials.get(options) (an authentication ceremony); the counter goes up by one. */
  authenticate(options: JsonBody, overrides: { origin?: string; rpID?: string; challenge?: string; signCount?: number; userVerified?: boolean } = {}): JsonBody {
    this.signCount = overrides.signCount ?? this.signCount + 1;
    const clientDataJSON = Buffer.from(
      JSON.stringify({ type: 'webauthn.get', challenge: overrides.challenge ?? options.challenge, origin: overrides.origin ?? this.origin, crossOrigin: false }),
    );
    const flags = FLAG_USER_PRESENT | (overrides.userVerified === false ? 0 : FLAG_USER_VERIFIED);
    const authData = this.authenticatorData(overrides.rpID ?? options.rpId, flags, false);
    const signature = sign('sha256', Buffer.concat([authData, sha256(clientDataJSON)]), this.privateKey);
    return {
      id: this.id,
      rawId: this.id,
      type: 'public-key',
      response: {
        clientDataJSON: b64url(clientDataJSON),
        authenticatorData: b64url(authData),
        signature: b64url(signature),
        ...(this.userHandle ? { userHandle: this.userHandle } : {}),
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }
}

/** Registers a software passkey for the browser's session; answers it with the confirmed factor. */
export async function enrolPasskey(context: MFAContext, browser: Browser, name = 'Laptop'): Promise<{ passkey: SoftwarePasskey; factor: JsonBody; recoveryCodes: string[] | undefined }> {
  const passkey = new SoftwarePasskey(context.server.origin);
  const options = await browser.post('/api/account/mfa/passkeys/options');
  assert.equal(options.status, 200, options.text);
  const registered = await browser.post('/api/account/mfa/passkeys', { name, credential: passkey.register(options.body.options) });
  assert.equal(registered.status, 201, registered.text);
  return { passkey, factor: registered.body.factor, recoveryCodes: registered.body.recoveryCodes };
}
