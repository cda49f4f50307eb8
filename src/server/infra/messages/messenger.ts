import type { DB } from '../../db/index.ts';

/**
 * Outgoing e-mail and SMS. With a provider configured (SMTP_URL; SMS_PROVIDER) messages go out
 * through it; without one they are kept in the dev outbox, a page for administrators, so a
 * one-machine install works without a mail server. Every message gets a row in `messages`.
 */
export interface OutgoingMessage {
  channel: 'email' | 'sms';
  /** An address or E.164 phone number stored on the account (DESIGN.md: mail only to those). */
  to: string;
  /** E-mail only. */
  subject?: string;
  text: string;
  /** E-mail only; a plain-text `text` is always sent too. */
  html?: string;
  /** Whose account the message is about, for the outbox list. */
  userId?: string | null;
}

export type DeliveryMode = 'outbox' | 'provider';

export interface Messenger {
  readonly delivery: { readonly email: DeliveryMode; readonly sms: DeliveryMode };
  /**
   * A one-time code: sent now and never retried. Resolves once the provider accepted it (or it
   * is in the dev outbox); throws AppError('delivery_failed') otherwise, so the caller fails
   * closed. With a provider the body (the code) is never stored.
   */
  sendCode(message: OutgoingMessage): Promise<void>;
  /**
   * A notification (factor added, sign-in alert...): stored first, then delivered in the
   * background with retries and backoff, so it survives a crash or a mail server outage.
   * Never throws because of delivery.
   */
  notify(message: OutgoingMessage): Promise<void>;
}

/**
 * Notifications written in the caller's transaction (the transactional outbox): the message
 * exists exactly when the action that caused it committed. After the commit, `deliverStaged`
 * sends it at once; the worker retries it like any notification.
 */
export interface StagedMessenger {
  stage(transaction: DB, message: OutgoingMessage): Promise<void>;
  deliverStaged(): void;
}
