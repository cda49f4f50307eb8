import type { MFAMethod } from '../../../../shared/schemas.ts';
import type { RequestContext } from '../../audit/index.ts';
import type { Proof } from '../../mfa/service.ts';
import type { WebAuthnOptions } from '../../mfa/passkeys/service.ts';
import type { SentCode } from '../../mfa/one-time-codes/service.ts';
import type { UserRow } from '../../users/index.ts';

/** Who started a reset: the person (forgot password, a backup channel), the lockout mail, or an administrator. */
export type ResetIssuer = 'self' | 'backup_email' | 'backup_phone' | 'lockout' | 'admin' | 'assisted';

export interface ResetLinkState {
  expiresAt: number;
  mfa: { methods: MFAMethod[]; destinations: Record<string, string> } | null;
}

/** Password reset tokens: 32 random bytes, SHA-256 stored, 30 minutes, single use, one live per account. */
export interface ResetLinks {
  /**
   * Mails `PUBLIC_URL/reset-password#token=...` to `sendTo` (default: the e-mail stored on the
   * account) in the account's language; the token and the mail are written in one transaction.
   * Voids the account's earlier links. `actorId`: the administrator, when one sent it.
   */
  send(user: UserRow, issuedBy: ResetIssuer, context: RequestContext, options?: { sendTo?: string; actorId?: string | null }): Promise<void>;
  /** A token handed straight to the page (after a backup-phone code), not mailed. Voids earlier links. */
  issueToken(user: UserRow, issuedBy: ResetIssuer, context: RequestContext): Promise<string>;
  /** Throws reset_link_invalid. */
  check(token: string): Promise<ResetLinkState>;
  sendCode(token: string, method: 'sms' | 'email', context: RequestContext): Promise<SentCode & { destination: string }>;
  passkeyOptions(token: string): Promise<WebAuthnOptions>;
  /**
   * Sets the new password when the token is live and, where the account has a second factor,
   * the proof is right; then ends every session, unlocks the account and mails the owner.
   */
  reset(token: string, password: string, proof: Proof | undefined, context: RequestContext): Promise<void>;
}
