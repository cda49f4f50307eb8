import type { SessionWithUser } from './store.ts';

/**
 * Validated sessions kept in this process for a moment, so the requests of one page load do
 * not each query the database (measured in bench/: the lookup is the largest cost of an
 * authenticated API call). This process forgets a session at once when it ends one; another
 * process (a second app server, the CLI) is seen within the time-to-live.
 */
export const SESSION_CACHE_TTL_MILLISECONDS = 2000;
export const SESSION_CACHE_MAX_ENTRIES = 10_000;

export interface SessionCache {
  get(id: string, now: number): SessionWithUser | undefined;
  set(id: string, found: SessionWithUser, now: number): void;
  delete(id: string): void;
  deleteUser(userId: string): void;
}

export function createSessionCache(): SessionCache {
  const entries = new Map<string, { found: SessionWithUser; cachedAt: number }>();
  return {
    get: (id, now) => {
      const entry = entries.get(id);
      if (!entry) return undefined;
      if (now - entry.cachedAt >= SESSION_CACHE_TTL_MILLISECONDS || now < entry.cachedAt) {
        entries.delete(id);
        return undefined;
      }
      return entry.found;
    },
    set: (id, found, now) => {
      entries.delete(id);
      // Map keeps insertion order: the first key is the oldest entry.
      if (entries.size >= SESSION_CACHE_MAX_ENTRIES) entries.delete(entries.keys().next().value!);
      entries.set(id, { found, cachedAt: now });
    },
    delete: (id) => {
      entries.delete(id);
    },
    deleteUser: (userId) => {
      for (const [id, entry] of entries) if (entry.found.user.id === userId) entries.delete(id);
    },
  };
}
