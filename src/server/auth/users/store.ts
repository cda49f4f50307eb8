import type { Selectable } from 'kysely';
import type { DB } from '../../db/index.ts';
import type { UsersTable } from '../../db/schema.ts';

export type UserRow = Selectable<UsersTable>;

export interface UserStore {
  findById(id: string): Promise<UserRow | undefined>;
  findByEmail(emailNormalized: string): Promise<UserRow | undefined>;
  findByUsername(usernameNormalized: string): Promise<UserRow | undefined>;
  insert(row: UserRow): Promise<void>;
  list(): Promise<UserRow[]>;
  countByRole(role: string): Promise<number>;
  setPassword(id: string, change: { passwordHash: string; changedAt: number; mustChange: boolean; temporaryExpiresAt: number | null }): Promise<void>;
  /** Replaces the hash only; used when hashing parameters change (no change of password). */
  upgradePasswordHash(id: string, passwordHash: string, now: number): Promise<void>;
  setLastSignIn(id: string, at: number): Promise<void>;
  setLocale(id: string, locale: string, now: number): Promise<void>;
  setMFAGraceEndsAt(id: string, at: number | null): Promise<void>;
  setStatus(id: string, status: 'active' | 'disabled', now: number): Promise<void>;
}

export function createUserStore(db: DB): UserStore {
  return {
    findById: (id) => db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst(),
    findByEmail: (email) => db.selectFrom('users').selectAll().where('email_normalized', '=', email).executeTakeFirst(),
    findByUsername: (username) =>
      db.selectFrom('users').selectAll().where('username_normalized', '=', username).executeTakeFirst(),
    insert: async (row) => {
      await db.insertInto('users').values(row).execute();
    },
    list: () => db.selectFrom('users').selectAll().orderBy('created_at', 'asc').orderBy('id').execute(),
    countByRole: async (role) => {
      const row = await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number | string>().as('count'))
        .where('role', '=', role)
        .executeTakeFirstOrThrow();
      return Number(row.count);
    },
    setPassword: async (id, change) => {
      await db
        .updateTable('users')
        .set({
          password_hash: change.passwordHash,
          password_changed_at: change.changedAt,
          must_change_password: change.mustChange ? 1 : 0,
          temporary_password_expires_at: change.temporaryExpiresAt,
          updated_at: change.changedAt,
        })
        .where('id', '=', id)
        .execute();
    },
    upgradePasswordHash: async (id, passwordHash, now) => {
      await db.updateTable('users').set({ password_hash: passwordHash, updated_at: now }).where('id', '=', id).execute();
    },
    setLastSignIn: async (id, at) => {
      await db.updateTable('users').set({ last_sign_in_at: at }).where('id', '=', id).execute();
    },
    setLocale: async (id, locale, now) => {
      await db.updateTable('users').set({ locale, updated_at: now }).where('id', '=', id).execute();
    },
    setStatus: async (id, status, now) => {
      await db.updateTable('users').set({ status, updated_at: now }).where('id', '=', id).execute();
    },
    setMFAGraceEndsAt: async (id, at) => {
      await db.updateTable('users').set({ mfa_grace_ends_at: at }).where('id', '=', id).execute();
    },
  };
}
