import type { MFAFactorMethod } from '../../../shared/schemas.ts';
import type { RoleKey } from '../../access/index.ts';
import { AppError } from '../../errors.ts';
import type { Locale } from '../../errors.ts';
import type { Clock } from '../../infra/clock.ts';
import { generateId } from '../../infra/crypto.ts';
import type { RandomSource } from '../../infra/crypto.ts';
import {
  assertAcceptableNewPassword,
  generateTemporaryPassword,
  TEMPORARY_PASSWORD_TTL_MILLISECONDS,
} from '../passwords/index.ts';
import type { PasswordHasher } from '../passwords/index.ts';
import type { UserRow, UserStore } from './store.ts';

export interface PublicUser {
  id: string;
  email: string;
  username: string | null;
  name: string;
  role: string;
  locale: string;
  status: 'active' | 'disabled';
  createdAt: number;
  lastSignInAt: number | null;
  passwordChangeRequired: boolean;
  mfaMethods: MFAFactorMethod[];
  lockedAt: number | null;
}

/** Never includes the hash. `mfaMethods`: the user's active second factors; `lockedAt`: see auth/lockout. */
export function toPublicUser(row: UserRow, mfaMethods: MFAFactorMethod[], lockedAt: number | null = null): PublicUser {
  return {
    id: row.id,
    email: row.email,
    username: row.username,
    name: row.name,
    role: row.role,
    locale: row.locale,
    status: row.status === 'active' ? 'active' : 'disabled',
    createdAt: row.created_at,
    lastSignInAt: row.last_sign_in_at,
    passwordChangeRequired: row.must_change_password === 1,
    mfaMethods,
    lockedAt,
  };
}

export function normaliseEmail(email: string): string {
  return email.normalize('NFKC').trim().toLowerCase();
}

export function normaliseUsername(username: string): string {
  return username.normalize('NFKC').trim().toLowerCase();
}

/** The form an identifier is looked up and throttled by: e-mail and username normalise alike. */
export function normaliseIdentifier(identifier: string): string {
  return identifier.includes('@') ? normaliseEmail(identifier) : normaliseUsername(identifier);
}

export interface NewUser {
  email: string;
  name: string;
  username?: string | undefined;
  role: RoleKey;
  locale: Locale;
}

export interface UserService {
  /** Finds a user by e-mail (when the identifier has an @) or username, case-insensitively. */
  findByIdentifier(identifier: string): Promise<UserRow | undefined>;
  findById(id: string): Promise<UserRow | undefined>;
  list(): Promise<UserRow[]>;
  hasAdministrator(): Promise<boolean>;
  /** Creates a user with a password they chose (first-run setup, CLI). */
  createWithPassword(user: NewUser, password: string): Promise<UserRow>;
  /** Creates a user with a generated initial password that must be changed at first sign-in. */
  createWithTemporaryPassword(user: NewUser): Promise<{ user: UserRow; temporaryPassword: string }>;
  setLocale(userId: string, locale: Locale): Promise<UserRow>;
  recordSignIn(userId: string): Promise<void>;
  /** Sets a password hash the caller made; `mustChange` with an expiry for generated initial passwords. */
  setPassword(userId: string, change: { passwordHash: string; changedAt: number; mustChange: boolean; temporaryExpiresAt: number | null }): Promise<void>;
  /** Replaces the password with a generated one that must be changed at the next sign-in (72 hours). */
  setTemporaryPassword(userId: string): Promise<{ temporaryPassword: string; expiresAt: number }>;
  setStatus(userId: string, status: 'active' | 'disabled'): Promise<void>;
  /** Replaces the hash of the same password, made with the current parameters. */
  upgradePasswordHash(userId: string, passwordHash: string): Promise<void>;
  /** When a person who must enrol a second factor stops being let in without one; null = not waiting. */
  setMFAGraceEndsAt(userId: string, at: number | null): Promise<void>;
}

export function createUserService(deps: {
  store: UserStore;
  hasher: PasswordHasher;
  clock: Clock;
  random: RandomSource;
  /** Called after a user's record changed, so cached copies (signed-in sessions) are dropped. */
  onUserChanged?: (userId: string) => void;
  /** Called after any change of password (change, reset, temporary password): reset links it voids, for one. */
  onPasswordChanged?: (userId: string) => Promise<void>;
}): UserService {
  const { store, hasher, clock, random } = deps;
  const changed = (userId: string): void => deps.onUserChanged?.(userId);

  async function insert(user: NewUser, passwordHash: string, temporaryExpiresAt: number | null): Promise<UserRow> {
    const email = normaliseEmail(user.email);
    const username = user.username ? normaliseUsername(user.username) : null;
    if (await store.findByEmail(email)) throw new AppError('email_taken', { fields: { email: 'taken' } });
    if (username && (await store.findByUsername(username))) {
      throw new AppError('username_taken', { fields: { username: 'taken' } });
    }
    const now = clock.now();
    const row: UserRow = {
      id: generateId(random),
      email: user.email.trim(),
      email_normalized: email,
      username: user.username?.trim() || null,
      username_normalized: username,
      name: user.name.trim(),
      role: user.role,
      locale: user.locale,
      status: 'active',
      password_hash: passwordHash,
      password_changed_at: now,
      must_change_password: temporaryExpiresAt === null ? 0 : 1,
      temporary_password_expires_at: temporaryExpiresAt,
      last_sign_in_at: null,
      mfa_grace_ends_at: null,
      created_at: now,
      updated_at: now,
    };
    try {
      await store.insert(row);
    } catch (error) {
      // A concurrent insert won the unique index between our check and our insert.
      if (await store.findByEmail(email)) throw new AppError('email_taken', { fields: { email: 'taken' } });
      if (username && (await store.findByUsername(username))) {
        throw new AppError('username_taken', { fields: { username: 'taken' } });
      }
      throw error;
    }
    return row;
  }

  return {
    findByIdentifier: (identifier) => {
      const key = normaliseIdentifier(identifier);
      return key.includes('@') ? store.findByEmail(key) : store.findByUsername(key);
    },
    findById: (id) => store.findById(id),
    list: () => store.list(),
    hasAdministrator: async () => (await store.countByRole('admin')) > 0,
    createWithPassword: async (user, password) => {
      assertAcceptableNewPassword(password);
      return insert(user, await hasher.hash(password), null);
    },
    createWithTemporaryPassword: async (user) => {
      const temporaryPassword = generateTemporaryPassword(random);
      const expiresAt = clock.now() + TEMPORARY_PASSWORD_TTL_MILLISECONDS;
      const row = await insert(user, await hasher.hash(temporaryPassword), expiresAt);
      return { user: row, temporaryPassword };
    },
    setLocale: async (userId, locale) => {
      await store.setLocale(userId, locale, clock.now());
      changed(userId);
      const row = await store.findById(userId);
      if (!row) throw new AppError('not_found');
      return row;
    },
    recordSignIn: (userId) => store.setLastSignIn(userId, clock.now()),
    setPassword: async (userId, change) => {
      await store.setPassword(userId, change);
      changed(userId);
      await deps.onPasswordChanged?.(userId);
    },
    setTemporaryPassword: async (userId) => {
      const temporaryPassword = generateTemporaryPassword(random);
      const now = clock.now();
      const expiresAt = now + TEMPORARY_PASSWORD_TTL_MILLISECONDS;
      await store.setPassword(userId, { passwordHash: await hasher.hash(temporaryPassword), changedAt: now, mustChange: true, temporaryExpiresAt: expiresAt });
      changed(userId);
      await deps.onPasswordChanged?.(userId);
      return { temporaryPassword, expiresAt };
    },
    setStatus: async (userId, status) => {
      await store.setStatus(userId, status, clock.now());
      changed(userId);
    },
    upgradePasswordHash: (userId, passwordHash) => store.upgradePasswordHash(userId, passwordHash, clock.now()),
    setMFAGraceEndsAt: async (userId, at) => {
      await store.setMFAGraceEndsAt(userId, at);
      changed(userId);
    },
  };
}
