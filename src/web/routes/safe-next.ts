/**
 * The `?next=` target after sign-in, only when it stays on this site: a relative path that
 * starts with one `/` (not `//host` or `/\host`, which browsers treat as another origin).
 */
export function safeNextPath(next: string | null): string {
  if (next === null || !next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return '/';
  // Control characters (tabs and newlines are stripped by URL parsers) could smuggle a host in.
  if (/[\u0000-\u001f\u007f]/.test(next)) return '/';
  if (next === '/login' || next.startsWith('/login?') || next.startsWith('/setup')) return '/';
  return next;
}

/** The sign-in URL that brings the person back to `path` afterwards. */
export function signInPath(path: string): string {
  return path === '/' || path === '' ? '/login' : `/login?next=${encodeURIComponent(path)}`;
}
