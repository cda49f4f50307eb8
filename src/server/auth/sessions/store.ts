import type { Selectable } from 'kysely';
import type { DB } from '../../db/index.ts';
import type { SessionsTable, UsersTable } from '../../db/schema.ts';

export type SessionRow = Selectable<SessionsTable>;

/** What a request knows of its caller; no secrets. */
export type SessionUser = Pick<
  Selectable<UsersTable>,
  'id' | 'email' | 'username' | 'name' | 'role' | 'locale' | 'status' | 'must_change_password' | 'mfa_grace_ends_at'
>;

export interface SessionWithUser {
  session: SessionRow;
  user: SessionUser;
}

export interface SessionStore {
  insert(row: SessionRow): Promise<void>;
  /** Deletes the session and answers it; undefined when it was gone (a concurrent request took it). */
  take(id: string): Promise<SessionRow | undefined>;
  /** One query for the hot path: the session and its user. */
  findWithUser(id: string): Promise<SessionWithUser | undefined>;
  touch(id: string, lastSeenAt: number): Promise<void>;
  delete(id: string): Promise<void>;
  deleteAllForUser(userId: string): Promise<void>;
  /** The user's sessions that have not ended by time, most recently seen first. */
  listLiveForUser(userId: string, now: number, idleSince: number): Promise<SessionRow[]>;
  /** Deletes one session of this user; false when the user has no session with that id. */
  deleteForUser(userId: string, id: string): Promise<boolean>;
  /** Deletes every session of the user but `keepId`; answers the deleted rows. */
  deleteOthersForUser(userId: string, keepId: string): Promise<SessionRow[]>;
  /** Removes the sessions that ended by time (expired, or idle since before `idleSince`). */
  deleteEnded(now: number, idleSince: number): Promise<void>;
}

export function createSessionStore(db: DB): SessionStore {
  // Compiled once: building a Kysely query costs more than running it on SQLite, and every request runs this one.
  const findWithUserQuery = db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id as s_id',
      'sessions.user_id as s_user_id',
      'sessions.created_at as s_created_at',
      'sessions.last_seen_at as s_last_seen_at',
      'sessions.expires_at as s_expires_at',
      'sessions.ip as s_ip',
      'sessions.user_agent as s_user_agent',
      'sessions.authenticated_at as s_authenticated_at',
      'sessions.mfa_enrollment_required as s_mfa_enrollment_required',
    ])
    .select([
      'users.id',
      'users.email',
      'users.username',
      'users.name',
      'users.role',
      'users.locale',
      'users.status',
      'users.must_change_password',
      'users.mfa_grace_ends_at',
    ])
    .where('sessions.id', '=', '')
    .compile();
  return {
    insert: async (row) => {
      await db.insertInto('sessions').values(row).execute();
    },
    take: (id) => db.deleteFrom('sessions').where('id', '=', id).returningAll().executeTakeFirst(),
    findWithUser: async (id) => {
      const query = { ...findWithUserQuery, parameters: [id] } as typeof findWithUserQuery;
      const row = (await db.executeQuery(query)).rows[0];
      if (!row) return undefined;
      const {
        s_id,
        s_user_id,
        s_created_at,
        s_last_seen_at,
        s_expires_at,
        s_ip,
        s_user_agent,
        s_authenticated_at,
        s_mfa_enrollment_required,
        ...user
      } = row;
      return {
        session: {
          id: s_id,
          user_id: s_user_id,
          created_at: s_created_at,
          last_seen_at: s_last_seen_at,
          expires_at: s_expires_at,
          ip: s_ip,
          user_agent: s_user_agent,
          authenticated_at: s_authenticated_at,
          mfa_enrollment_required: s_mfa_enrollment_required,
        },
        user,
      };
    },
    touch: async (id, lastSeenAt) => {
      await db.updateTable('sessions').set({ last_seen_at: lastSeenAt }).where('id', '=', id).execute();
    },
    delete: async (id) => {
      await db.deleteFrom('sessions').where('id', '=', id).execute();
    },
    deleteAllForUser: async (userId) => {
      await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
    },
    listLiveForUser: (userId, now, idleSince) =>
      db
        .selectFrom('sessions')
        .selectAll()
        .where('user_id', '=', userId)
        .where('expires_at', '>', now)
        .where('last_seen_at', '>', idleSince)
        .orderBy('last_seen_at', 'desc')
        .orderBy('created_at', 'desc')
        .execute(),
    deleteForUser: async (userId, id) => {
      const deleted = await db.deleteFrom('sessions').where('id', '=', id).where('user_id', '=', userId).returning('id').executeTakeFirst();
      return deleted !== undefined;
    },
    deleteOthersForUser: (userId, keepId) =>
      db.deleteFrom('sessions').where('user_id', '=', userId).where('id', '!=', keepId).returningAll().execute(),
    deleteEnded: async (now, idleSince) => {
      await db
        .deleteFrom('sessions')
        .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<=', idleSince)]))
        .execute();
    },
  };
}
