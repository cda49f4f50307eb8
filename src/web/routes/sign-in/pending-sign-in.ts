/**
 * Whether this tab is in the middle of a sign-in (password done, second factor pending), so a
 * reload asks the server for the second step again. The pending cookie is HttpOnly, so the
 * page remembers the fact itself; without this, every visit to /login would ask the server.
 */
const KEY = 'cairn.pendingSignInUntil';
// The server's pending sign-in lives 5 minutes (docs/second-factors-api.md).
const PENDING_SIGN_IN_TTL_MS = 5 * 60 * 1000;

export function rememberPendingSignIn(): void {
  try {
    window.sessionStorage.setItem(KEY, String(Date.now() + PENDING_SIGN_IN_TTL_MS));
  } catch {
    // Without storage a reload simply starts again at the password.
  }
}

export function forgetPendingSignIn(): void {
  try {
    window.sessionStorage.removeItem(KEY);
  } catch {
    // Nothing remembered.
  }
}

export function pendingSignInMayExist(): boolean {
  try {
    return Number(window.sessionStorage.getItem(KEY) ?? 0) > Date.now();
  } catch {
    return false;
  }
}
