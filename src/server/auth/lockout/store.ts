import type { DB } from '../../db/index.ts';

export interface LockoutState {
  failures: number;
  lockedAt: number | null;
}

/** The persisted part of lockout: consecutive wrong passwords and the hard lock, per throttle key. */
export interface LockoutStore {
  get(key: string): Promise<LockoutState | undefined>;
  /**
   * Counts one more failure, atomically; sets the lock when the count reaches `lockAfter`.
   * Answers the new state and whether this failure set the lock.
   */
  recordFailure(key: string, userId: string | null, lockAfter: number, now: number): Promise<LockoutState & { lockedNow: boolean }>;
  clear(key: string): Promise<void>;
  /** Locked accounts: user id → when locked. */
  lockedUsers(): Promise<Map<string, number>>;
}

export function createLockoutStore(db: DB): LockoutStore {
  return {
    get: async (key) => {
      const row = await db.selectFrom('sign_in_lockouts').select(['failures', 'locked_at']).where('key', '=', key).executeTakeFirst();
      return row && { failures: row.failures, lockedAt: row.locked_at };
    },
    recordFailure: async (key, userId, lockAfter, now) => {
      const row = await db
        .insertInto('sign_in_lockouts')
        .values({ key, user_id: userId, failures: 1, locked_at: lockAfter <= 1 ? now : null, updated_at: now })
        .onConflict((oc) =>
          oc.column('key').doUpdateSet((eb) => ({
            failures: eb('sign_in_lockouts.failures', '+', 1),
            locked_at: eb
              .case()
              .when('sign_in_lockouts.locked_at', 'is not', null)
              .then(eb.ref('sign_in_lockouts.locked_at'))
              .when(eb('sign_in_lockouts.failures', '+', 1), '>=', lockAfter)
              .then(now)
              .else(null)
              .end(),
            updated_at: now,
          })),
        )
        .returning(['failures', 'locked_at'])
        .executeTakeFirstOrThrow();
      // Past the pause threshold one attempt runs at a time (see service.ts), so one failure sets the lock.
      return { failures: row.failures, lockedAt: row.locked_at, lockedNow: row.locked_at === now };
    },
    clear: async (key) => {
      await db.deleteFrom('sign_in_lockouts').where('key', '=', key).execute();
    },
    lockedUsers: async () => {
      const rows = await db
        .selectFrom('sign_in_lockouts')
        .select(['user_id', 'locked_at'])
        .where('locked_at', 'is not', null)
        .where('user_id', 'is not', null)
        .execute();
      return new Map(rows.map((row) => [row.user_id!, row.locked_at!]));
    },
  };
}
