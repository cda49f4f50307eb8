/**
 * What the recovery pages remember in this browser. The reset token arrives in the URL
 * fragment (never sent to a server, a proxy or a Referer: OWASP ASVS 14.2.1); it is moved to
 * this tab's sessionStorage and taken out of the address bar at once, so a reload still works
 * but the token stays out of history, bookmarks and screenshots.
 */
const RESET_TOKEN_KEY = 'cairn.resetToken';
const IDENTIFIER_KEY = 'cairn.recoveryIdentifier';
const ASSISTED_KEY = 'cairn.assistedRequest';

function read(storage: () => Storage, key: string): string | null {
  try {
    return storage().getItem(key);
  } catch {
    // Storage can be disabled; the pages then only lose what a reload would keep.
    return null;
  }
}

function write(storage: () => Storage, key: string, value: string | null): boolean {
  try {
    if (value === null) storage().removeItem(key);
    else storage().setItem(key, value);
    return true;
  } catch {
    // Not remembered.
    return false;
  }
}

const session = (): Storage => window.sessionStorage;
const local = (): Storage => window.localStorage;

/**
 * The reset token of this tab: a `#token=` in the address wins (a newer link), is kept in
 * sessionStorage, and is removed from the address bar (router state kept) before anything renders.
 */
export function takeResetToken(): string | null {
  const fromHash = new URLSearchParams(window.location.hash.replace(/^#/, '')).get('token');
  if (fromHash !== null && fromHash !== '') {
    write(session, RESET_TOKEN_KEY, fromHash);
    window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search);
    return fromHash;
  }
  return read(session, RESET_TOKEN_KEY);
}

export function forgetResetToken(): void {
  write(session, RESET_TOKEN_KEY, null);
}

/** The e-mail or username typed on a recovery page, to fill the next one in this tab. */
export function rememberIdentifier(identifier: string): void {
  write(session, IDENTIFIER_KEY, identifier);
}

export function recalledIdentifier(): string {
  return read(session, IDENTIFIER_KEY) ?? '';
}

/**
 * The token to look up an assisted request's outcome. In localStorage, so the person can close
 * the browser and come back later; it reveals only pending/approved/rejected.
 */
export function rememberAssistedRequest(statusToken: string): void {
  write(local, ASSISTED_KEY, statusToken);
}

export function assistedRequestToken(): string | null {
  return read(local, ASSISTED_KEY);
}

export function forgetAssistedRequest(): void {
  write(local, ASSISTED_KEY, null);
}

/**
 * Where to continue with a reset token handed over by the API (after a backup code): kept like
 * one from a link and never put in the address, unless storage is off (then in the fragment).
 */
export function resetPagePath(token: string): string {
  return write(session, RESET_TOKEN_KEY, token) ? '/reset-password' : `/reset-password#token=${encodeURIComponent(token)}`;
}
