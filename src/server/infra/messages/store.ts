import type { Selectable } from 'kysely';
import type { DB } from '../../db/index.ts';
import type { MessagesTable } from '../../db/schema.ts';

export type MessageRow = Selectable<MessagesTable>;
export type MessageChannel = MessagesTable['channel'];
/** 'outbox': kept in the dev outbox, not sent; 'sending': an attempt is under way (or its sender died). */
export type MessageStatus = 'outbox' | 'pending' | 'sending' | 'sent' | 'failed';

export interface ClaimOptions {
  now: number;
  /** While an attempt runs, the row is due again at this time: a sender that died mid-send loses it then. */
  leaseEndsAt: number;
  /** Only channels that have a provider are claimed. */
  channels: readonly MessageChannel[];
  limit: number;
}

export interface MessageStore {
  insert(row: MessageRow): Promise<void>;
  findById(id: string): Promise<MessageRow | undefined>;
  /** Newest first. */
  list(limit: number): Promise<MessageRow[]>;
  /**
   * Atomically moves due notifications (pending, or sending with an expired lease) to 'sending'
   * and counts the attempt; a row is claimed by one caller only, across processes.
   */
  claimDue(options: ClaimOptions): Promise<MessageRow[]>;
  /** The body is dropped: with a provider, delivered messages keep their delivery status only. */
  markSent(id: string, sentAt: number): Promise<void>;
  markRetry(id: string, error: string, nextAttemptAt: number): Promise<void>;
  /** Final: no more attempts; the body is dropped. */
  markFailed(id: string, error: string): Promise<void>;
  /** Pending notifications of channels that have no provider any more become readable in the dev outbox. */
  moveToOutbox(channels: readonly MessageChannel[]): Promise<number>;
}

const CLAIMABLE_STATUSES: readonly MessageStatus[] = ['pending', 'sending'];

export function createMessageStore(db: DB): MessageStore {
  return {
    insert: async (row) => {
      await db.insertInto('messages').values(row).execute();
    },
    findById: (id) => db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirst(),
    list: (limit) => db.selectFrom('messages').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute(),
    claimDue: async ({ now, leaseEndsAt, channels, limit }) => {
      if (channels.length === 0) return [];
      const due = db
        .selectFrom('messages')
        .select('id')
        .where('kind', '=', 'notification')
        .where('status', 'in', CLAIMABLE_STATUSES)
        .where('next_attempt_at', '<=', now)
        .where('channel', 'in', channels)
        .orderBy('next_attempt_at')
        .limit(limit);
      // The conditions are repeated on the updated row itself: PostgreSQL re-checks them after
      // waiting for a concurrent claimer's row lock, so a row already claimed (status 'sending'
      // with a lease in the future) is skipped instead of claimed twice. SQLite runs one writer.
      return db
        .updateTable('messages')
        .set((eb) => ({ status: 'sending', attempts: eb('attempts', '+', 1), next_attempt_at: leaseEndsAt }))
        .where('id', 'in', due)
        .where('kind', '=', 'notification')
        .where('status', 'in', CLAIMABLE_STATUSES)
        .where('next_attempt_at', '<=', now)
        .returningAll()
        .execute();
    },
    markSent: async (id, sentAt) => {
      await db
        .updateTable('messages')
        .set({ status: 'sent', sent_at: sentAt, body_text: null, body_html: null, next_attempt_at: null, last_error: null })
        .where('id', '=', id)
        .where('status', '=', 'sending')
        .execute();
    },
    markRetry: async (id, error, nextAttemptAt) => {
      await db
        .updateTable('messages')
        .set({ status: 'pending', last_error: error, next_attempt_at: nextAttemptAt })
        .where('id', '=', id)
        .where('status', '=', 'sending')
        .execute();
    },
    markFailed: async (id, error) => {
      await db
        .updateTable('messages')
        .set({ status: 'failed', last_error: error, next_attempt_at: null, body_text: null, body_html: null })
        .where('id', '=', id)
        .where('status', '=', 'sending')
        .execute();
    },
    moveToOutbox: async (channels) => {
      if (channels.length === 0) return 0;
      const result = await db
        .updateTable('messages')
        .set({ status: 'outbox', next_attempt_at: null })
        .where('kind', '=', 'notification')
        .where('status', '=', 'pending')
        .where('channel', 'in', channels)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
  };
}
