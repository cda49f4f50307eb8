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
  /** Changes with every removal; read it before a database lookup and hand it to `set`. */
  generation(): number;
  /** Keeps a lookup unless something was removed since it began (it may have read a revoked row). */
  set(id: string, found: SessionWithUser, now: number, generationAtLookup: number): void;
  delete(id: string): void;
  deleteUser(userId: string): void;
}

export function createSessionCache(): SessionCache {
  const entries = new Map<string, { found: SessionWithUser; cachedAt: number }>();
  let removals = 0;
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
    generation: () => removals,
    set: (id, found, now, generationAtLookup) => {
      if (generationAtLookup !== removals) return;
      entries.delete(id);
      // Map keeps insertion order: the first key is the oldest entry.
      if (entries.size >= SESSION_CACHE_MAX_ENTRIES) entries.delete(entries.keys().next().value!);
      entries.set(id, { found, cachedAt: now });
    },
    delete: (id) => {
      removals++;
      entries.delete(id);
    },
    deleteUser: (userId) => {
      removals++;
      for (const [id, entry] of entries) if (entry.found.user.id === userId) entries.delete(id);
    },
  };
}
