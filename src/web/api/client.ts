import { currentLocale } from '../i18n/i18n.ts';
import { signInPath } from '../routes/safe-next.ts';

/** An error answer from the API (`{"error": {"code", "message", "fields"?}}`), or a network failure. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: Record<string, string> | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(options: {
    status: number;
    code: string;
    message: string;
    fields?: Record<string, string> | undefined;
    retryAfterSeconds?: number | undefined;
  }) {
    super(options.message);
    this.name = 'ApiError';
    this.status = options.status;
    this.code = options.code;
    this.fields = options.fields;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** Status 0: the server was not reached at all. */
export const NETWORK_ERROR_CODE = 'network_error';

// Answers 401 as part of their normal flow, so a 401 must not bounce to the sign-in page.
const PATHS_WITHOUT_SIGN_IN_REDIRECT = new Set(['/api/auth/me', '/api/auth/login', '/api/setup']);
/** The session-limited-to-enrolment page; everything else answers 403 mfa_enrollment_required. */
export const MFA_ENROLLMENT_PATH = '/two-step-setup';

/** The session ended (expired, revoked, signed out elsewhere): start again at sign-in. */
function redirectToSignIn(): void {
  if (window.location.pathname === '/login') return;
  window.location.assign(signInPath(window.location.pathname + window.location.search));
}

/** The company's policy now requires a second factor: nothing else works until one is set up. */
function redirectToEnrollment(): void {
  if (window.location.pathname === MFA_ENROLLMENT_PATH) return;
  window.location.assign(MFA_ENROLLMENT_PATH);
}

/** An administrator reset the password meanwhile: nothing else works until it is changed. */
function redirectToPasswordChange(): void {
  if (window.location.pathname === '/change-password') return;
  window.location.assign('/change-password');
}

function readErrorBody(body: unknown): { code?: string; message?: string; fields?: Record<string, string> } {
  if (body === null || typeof body !== 'object' || !('error' in body)) return {};
  const error = (body as { error: unknown }).error;
  if (error === null || typeof error !== 'object') return {};
  const { code, message, fields } = error as Record<string, unknown>;
  return {
    ...(typeof code === 'string' ? { code } : {}),
    ...(typeof message === 'string' ? { message } : {}),
    ...(fields !== null && typeof fields === 'object' ? { fields: fields as Record<string, string> } : {}),
  };
}

function retryAfterInBody(body: unknown): number | undefined {
  if (body === null || typeof body !== 'object' || !('error' in body)) return undefined;
  const error = (body as { error: unknown }).error;
  if (error === null || typeof error !== 'object') return undefined;
  const value = (error as Record<string, unknown>).retryAfterSeconds;
  return typeof value === 'number' ? value : undefined;
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    // The server words its own messages (field errors included) in the interface's language.
    'Accept-Language': currentLocale(),
  };
  if (body !== undefined) headers['Content-Type'] = 'application/json';

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch (cause) {
    throw new ApiError({ status: 0, code: NETWORK_ERROR_CODE, message: String(cause) });
  }

  const text = await response.text();
  let parsed: unknown = undefined;
  if (text !== '') {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }

  if (!response.ok) {
    const { code, message, fields } = readErrorBody(parsed);
    // Only a missing session sends the person to sign in: other 401s (a wrong code) belong to the form.
    if (response.status === 401 && code === 'unauthenticated' && !PATHS_WITHOUT_SIGN_IN_REDIRECT.has(path)) redirectToSignIn();
    if (response.status === 403 && code === 'password_change_required') redirectToPasswordChange();
    if (response.status === 403 && code === 'mfa_enrollment_required') redirectToEnrollment();
    const retryAfter = Number(response.headers.get('Retry-After') ?? retryAfterInBody(parsed));
    throw new ApiError({
      status: response.status,
      code: code ?? `http_${response.status}`,
      message: message ?? response.statusText,
      fields,
      retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
    });
  }
  return parsed as T;
}

export const api = {
  get: <T>(path: string): Promise<T> => request<T>('GET', path),
  post: <T>(path: string, body?: unknown): Promise<T> => request<T>('POST', path, body ?? {}),
  patch: <T>(path: string, body: unknown): Promise<T> => request<T>('PATCH', path, body),
  put: <T>(path: string, body: unknown): Promise<T> => request<T>('PUT', path, body),
  delete: (path: string): Promise<void> => request<void>('DELETE', path),
};
