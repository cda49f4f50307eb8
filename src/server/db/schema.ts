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
  /** When a person who must enrol a second factor stops being let in without one. */
  mfa_grace_ends_at: number | null;
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
  /** The last time the person proved who they are in this session (sign-in or step-up). */
  authenticated_at: number;
  /** 1 while the session may only enrol a second factor (policy requires one, grace is over). */
  mfa_enrollment_required: number;
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

export type MFAMethodName = 'totp' | 'sms' | 'email' | 'passkey';

export interface MFAFactorsTable {
  id: string;
  user_id: string;
  method: MFAMethodName;
  /** 'pending' until confirmed by a correct code (or a verified passkey registration), then 'active'. */
  status: 'pending' | 'active';
  /** The person's name for a passkey. */
  label: string | null;
  /** TOTP secret, AES-256-GCM with the configured secrets key. */
  secret_encrypted: string | null;
  /** TOTP: the last accepted time step; a code of this step or earlier is refused (replay). */
  last_time_step: number | null;
  /** SMS: the phone in E.164; e-mail: the address. */
  destination: string | null;
  /** Passkey: base64url credential id, public key (COSE), signature counter, transports (JSON). */
  credential_id: string | null;
  public_key: string | null;
  sign_count: number | null;
  transports: string | null;
  created_at: number;
  confirmed_at: number | null;
  last_used_at: number | null;
}

export interface RecoveryCodesTable {
  id: string;
  user_id: string;
  /** HMAC-SHA-256 with the secrets key (DESIGN.md: keyed hash for short secrets). */
  code_hash: string;
  created_at: number;
  used_at: number | null;
}

export interface OneTimeCodesTable {
  id: string;
  user_id: string;
  /** What the code is for: 'sign_in', 'enrol' or 'reauth'. */
  purpose: string;
  factor_id: string;
  /** The pending sign-in, session or enrolment the code was sent for; it works for nothing else. */
  attempt_id: string;
  code_hash: string;
  created_at: number;
  expires_at: number;
  failed_tries: number;
  used_at: number | null;
}

export interface PendingSignInsTable {
  /** SHA-256 of the token in the pending sign-in cookie. */
  id: string;
  user_id: string;
  created_at: number;
  expires_at: number;
  failed_tries: number;
}

export interface WebAuthnChallengesTable {
  /** SHA-256 of the challenge. */
  id: string;
  purpose: 'register' | 'second_factor' | 'passwordless' | 'reauth' | 'recovery';
  user_id: string | null;
  /** The session or pending sign-in that asked for it; null for a passwordless sign-in. */
  bound_to: string | null;
  created_at: number;
  expires_at: number;
}

export interface TrustedBrowsersTable {
  /** SHA-256 of the token in the trusted-browser cookie. */
  id: string;
  user_id: string;
  created_at: number;
  expires_at: number;
}

export interface SettingsTable {
  key: string;
  /** JSON. */
  value: string;
  updated_at: number;
  updated_by: string | null;
}

export interface MessagesTable {
  id: string;
  channel: 'email' | 'sms';
  /** 'code' messages are sent once, now, and never retried; 'notification' messages are retried. */
  kind: 'code' | 'notification';
  user_id: string | null;
  recipient: string;
  subject: string | null;
  /** Kept only while needed: in the dev outbox (no provider), or until a notification is delivered. */
  body_text: string | null;
  body_html: string | null;
  /** 'outbox' (dev outbox, not sent), 'pending', 'sending', 'sent', 'failed'. */
  status: string;
  attempts: number;
  next_attempt_at: number | null;
  last_error: string | null;
  created_at: number;
  sent_at: number | null;
}

export interface PasswordResetTokensTable {
  /** SHA-256 (hex) of the 32-byte token in the link; the token itself is never stored. */
  id: string;
  user_id: string;
  /** 'self' (forgot password), 'backup_email', 'backup_phone', 'lockout', 'admin', 'assisted'. */
  issued_by: string;
  /** Where the link went (an address stored on the account, or the one an admin chose); '' when handed over in the page. */
  sent_to: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface SignInLockoutsTable {
  /** The sign-in throttle key: 'account:<user id>' or 'identifier:<normalised identifier>'. */
  key: string;
  user_id: string | null;
  /** Consecutive wrong passwords since the last success, reset or unlock. */
  failures: number;
  /** Set when failures reached the configured total: locked until an admin unlocks or a reset. */
  locked_at: number | null;
  updated_at: number;
}

export interface BackupChannelsTable {
  id: string;
  user_id: string;
  kind: 'email' | 'phone';
  /** An e-mail address, or a phone in E.164. */
  destination: string;
  /** 'pending' until confirmed by a code sent to it, then 'active'. */
  status: 'pending' | 'active';
  created_at: number;
  confirmed_at: number | null;
}

export interface SecurityAnswersTable {
  id: string;
  user_id: string;
  /** A key of the question catalogue (shared/security-questions.ts). */
  question_key: string;
  /** argon2id of the normalised answer. */
  answer_hash: string;
  created_at: number;
}

export interface RecoveryAttemptsTable {
  /** SHA-256 of the attempt token the browser holds. */
  id: string;
  /** Null when the identifier matched no account: the attempt then fails like a wrong answer. */
  user_id: string | null;
  /** 'backup_phone' | 'backup_email' | 'questions'. */
  kind: string;
  identifier: string;
  /** Questions: the catalogue keys asked (JSON array). */
  questions: string | null;
  questions_passed: number;
  /** The backup channel a code was sent to. */
  channel_id: string | null;
  failed_tries: number;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface RecoveryRequestsTable {
  id: string;
  /** SHA-256 of the token the requester keeps to see the outcome. */
  status_token_hash: string;
  /** As typed (trimmed), for the administrator. */
  identifier: string;
  user_id: string | null;
  message: string;
  contact: string;
  /** 1 when the requester answered the security questions correctly first. */
  questions_passed: number;
  /** 'pending' | 'approved' | 'rejected'. */
  status: string;
  ip: string;
  user_agent: string;
  created_at: number;
  decided_at: number | null;
  decided_by: string | null;
  /** JSON: the approval's action, where a link went, whether factors were reset; or the reason for a rejection. */
  decision: string | null;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  setup_tokens: SetupTokensTable;
  audit_events: AuditEventsTable;
  mfa_factors: MFAFactorsTable;
  recovery_codes: RecoveryCodesTable;
  one_time_codes: OneTimeCodesTable;
  pending_sign_ins: PendingSignInsTable;
  webauthn_challenges: WebAuthnChallengesTable;
  trusted_browsers: TrustedBrowsersTable;
  settings: SettingsTable;
  messages: MessagesTable;
  password_reset_tokens: PasswordResetTokensTable;
  sign_in_lockouts: SignInLockoutsTable;
  backup_channels: BackupChannelsTable;
  security_answers: SecurityAnswersTable;
  recovery_attempts: RecoveryAttemptsTable;
  recovery_requests: RecoveryRequestsTable;
}
