/**
 * Table types for Kysely. Column names are snake_case in both databases; every `*_at`
 * column holds milliseconds since the Unix epoch (UTC); flags are integers 0/1 so one
 * migration set serves SQLite and PostgreSQL.
 */
import type { Generated } from 'kysely';

export interface UsersTable {
  id: string;
  email: string;
  email_normalized: string;
  username: string | null;
  username_normalized: string | null;
  name: string;
  role: string;
  locale: string;
  status: string;
  password_hash: string;
  password_changed_at: number;
  must_change_password: number;
  temporary_password_expires_at: number | null;
  last_sign_in_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface SessionsTable {
  /** SHA-256 (hex) of the token in the cookie; the token itself is never stored. */
  id: string;
  user_id: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  ip: string;
  user_agent: string;
}

export interface SetupTokensTable {
  token_hash: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface AuditEventsTable {
  id: Generated<number>;
  occurred_at: number;
  event: string;
  actor_id: string | null;
  target_id: string | null;
  ip: string | null;
  user_agent: string | null;
  request_id: string | null;
  details: string;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  setup_tokens: SetupTokensTable;
  audit_events: AuditEventsTable;
}
