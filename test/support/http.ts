/**
 * A small HTTP client for the integration tests: real `fetch` against a listening test
 * server, the session cookie handled by hand (no cookie jar), and an `Origin` equal to
 * the public URL's on every state-changing request unless a test says otherwise.
 */
import assert from 'node:assert/strict';
import type { TestServer } from './server.ts';

/** Parsed JSON answers are checked field by field in the tests; `any` keeps that readable. */
export type JsonBody = any;

export interface ApiResponse {
  status: number;
  headers: Headers;
  /** The parsed JSON body, or undefined when the body is empty or not JSON. */
  body: JsonBody;
  text: string;
  /** The raw Set-Cookie header for the session cookie, when the answer set or cleared it. */
  sessionCookieHeader: string | null;
  /** The session token the answer set (null when it set none or cleared it). */
  session: string | null;
}

export interface CallOptions {
  /** Sent as JSON with `Content-Type: application/json`. */
  json?: unknown;
  /** Sent as is; give `contentType` alongside when one is wanted. */
  rawBody?: string;
  contentType?: string;
  /** The session token to send in the cookie. */
  session?: string | null;
  /** Defaults to the server's origin on POST/PATCH/PUT/DELETE; `null` sends none. */
  origin?: string | null;
  headers?: Record<string, string>;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function sessionCookieName(server: TestServer): string {
  return server.config.secureCookies ? '__Host-cairn_session' : 'cairn_session';
}

function sessionCookieHeader(server: TestServer, headers: Headers): string | null {
  const name = sessionCookieName(server);
  return headers.getSetCookie().find((cookie) => cookie.startsWith(`${name}=`)) ?? null;
}

export async function call(server: TestServer, method: string, path: string, options: CallOptions = {}): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...options.headers };
  const origin = options.origin === undefined ? (SAFE_METHODS.has(method) ? null : server.origin) : options.origin;
  if (origin !== null) headers.origin = origin;
  if (options.session) headers.cookie = `${sessionCookieName(server)}=${options.session}`;
  let body: string | undefined;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.rawBody !== undefined) {
    body = options.rawBody;
  }
  if (options.contentType !== undefined) headers['content-type'] = options.contentType;
  const response = await fetch(`${server.url}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await response.text();
  let parsed: JsonBody = undefined;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const cookieHeader = sessionCookieHeader(server, response.headers);
  const value = cookieHeader?.slice(sessionCookieName(server).length + 1).split(';')[0] ?? '';
  return { status: response.status, headers: response.headers, body: parsed, text, sessionCookieHeader: cookieHeader, session: value || null };
}

export const get = (server: TestServer, path: string, options: CallOptions = {}): Promise<ApiResponse> => call(server, 'GET', path, options);
export const post = (server: TestServer, path: string, options: CallOptions = {}): Promise<ApiResponse> => call(server, 'POST', path, options);
export const patch = (server: TestServer, path: string, options: CallOptions = {}): Promise<ApiResponse> => call(server, 'PATCH', path, options);

/**
 * The one error shape: `{"error": {"code", "message"}}` plus, where they apply, `fields`,
 * `retryAfterSeconds` and `permission`; nothing else (no stack, no SQL).
 */
export function assertError(response: ApiResponse, status: number, code: string): void {
  assert.equal(response.status, status, `expected ${status} ${code}, got ${response.status} ${response.text}`);
  assert.equal(response.headers.get('content-type')?.split(';')[0], 'application/json');
  assert.deepEqual(Object.keys(response.body), ['error']);
  const error = response.body.error;
  assert.equal(error.code, code);
  assert.equal(typeof error.message, 'string');
  assert.ok(error.message.length > 0, 'the error has a message');
  for (const key of Object.keys(error)) {
    assert.ok(['code', 'message', 'fields', 'retryAfterSeconds', 'permission'].includes(key), `unexpected error key ${key}`);
  }
  assertNoInternals(response.text);
}

/** Stack frames, SQL and driver messages never reach a client. */
export function assertNoInternals(text: string): void {
  assert.doesNotMatch(text, /\bat .+\.(ts|js):\d+/, 'no stack frame');
  assert.doesNotMatch(text, /node_modules|src\/server/, 'no file paths');
  assert.doesNotMatch(text, /\b(select|insert into|update .+ set|delete from)\b/i, 'no SQL');
  assert.doesNotMatch(text, /sqlite|postgres|kysely|relation "|no such table|argon2/i, 'no database or library details');
}

export const ADMIN = Object.freeze({
  name: 'Ada Lovelace',
  email: 'ada@example.com',
  username: 'ada',
  password: 'correct horse battery staple',
});

/** Completes first-run setup with the server's token; answers the administrator's session token. */
export async function completeSetup(server: TestServer, overrides: Partial<typeof ADMIN> = {}): Promise<string> {
  const response = await post(server, '/api/setup', { json: { token: server.setupToken, ...ADMIN, ...overrides } });
  assert.equal(response.status, 201, response.text);
  assert.ok(response.session, 'setup signs the administrator in');
  return response.session;
}

export function signIn(server: TestServer, identifier: string, password: string, options: CallOptions = {}): Promise<ApiResponse> {
  return post(server, '/api/auth/login', { ...options, json: { identifier, password } });
}

/** Signs in and expects a session; answers its token. */
export async function signInOrFail(server: TestServer, identifier: string, password: string): Promise<string> {
  const response = await signIn(server, identifier, password);
  assert.equal(response.status, 200, response.text);
  assert.ok(response.session);
  return response.session;
}

export interface NewUserInput {
  email: string;
  name: string;
  username?: string;
  role: string;
}

/** Creates a user through the admin API; answers the user and the generated initial password. */
export async function createUser(
  server: TestServer,
  adminSession: string,
  input: NewUserInput,
): Promise<{ user: JsonBody; temporaryPassword: string }> {
  const response = await post(server, '/api/admin/users', { session: adminSession, json: input });
  assert.equal(response.status, 201, response.text);
  return { user: response.body.user, temporaryPassword: response.body.temporaryPassword };
}

/**
 * Creates a user, signs them in with the initial password and changes it: answers a session
 * of a fully signed-in user with the given password.
 */
export async function createActiveUser(
  server: TestServer,
  adminSession: string,
  input: NewUserInput,
  password: string,
): Promise<{ user: JsonBody; session: string }> {
  const { user, temporaryPassword } = await createUser(server, adminSession, input);
  const pending = await signInOrFail(server, input.email, temporaryPassword);
  const changed = await post(server, '/api/auth/password/change', {
    session: pending,
    json: { currentPassword: temporaryPassword, newPassword: password },
  });
  assert.equal(changed.status, 200, changed.text);
  assert.ok(changed.session);
  return { user, session: changed.session };
}

export const MINUTE_MILLISECONDS = 60 * 1000;
export const HOUR_MILLISECONDS = 60 * MINUTE_MILLISECONDS;
