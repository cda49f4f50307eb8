import type { AuditLog, RequestContext } from '../../auth/audit/index.ts';
import { AppError } from '../../errors.ts';
import type { DeliveryMode, MessageRow, MessageStore } from '../../infra/messages/index.ts';
import type { z } from 'zod';
import type { outboxMessageSchema } from '../../../shared/schemas.ts';

export type OutboxMessage = z.infer<typeof outboxMessageSchema>;

export interface OutboxService {
  list(limit: number): Promise<{ delivery: { email: DeliveryMode; sms: DeliveryMode }; data: OutboxMessage[] }>;
  /** The message with its body; opening one is audited. */
  open(id: string, actorId: string, context: RequestContext): Promise<OutboxMessage & { bodyText: string; bodyHtml: string | null }>;
}

/** Only dev-outbox messages are readable: with a provider the body is either gone or on its way out. */
function readableBody(row: MessageRow): string | null {
  return row.status === 'outbox' ? row.body_text : null;
}

function toOutboxMessage(row: MessageRow): OutboxMessage {
  return {
    id: row.id,
    channel: row.channel,
    recipient: row.recipient,
    subject: row.subject,
    status: row.status,
    createdAt: row.created_at,
    sentAt: row.sent_at,
    lastError: row.last_error,
    hasBody: readableBody(row) !== null,
  };
}

export function createOutboxService(deps: {
  messages: Pick<MessageStore, 'list' | 'findById'>;
  delivery: { readonly email: DeliveryMode; readonly sms: DeliveryMode };
  audit: AuditLog;
}): OutboxService {
  return {
    list: async (limit) => ({
      delivery: { email: deps.delivery.email, sms: deps.delivery.sms },
      data: (await deps.messages.list(limit)).map(toOutboxMessage),
    }),
    open: async (id, actorId, context) => {
      const row = await deps.messages.findById(id);
      if (!row) throw new AppError('not_found');
      const bodyText = readableBody(row);
      if (bodyText === null) throw new AppError('outbox_body_unavailable');
      // Dev-outbox bodies hold one-time codes and links: who read one is on record.
      await deps.audit.record({
        event: 'outbox.message_opened',
        context,
        actorId,
        targetId: row.user_id,
        details: { messageId: row.id, channel: row.channel },
      });
      return { ...toOutboxMessage(row), bodyText, bodyHtml: row.body_html };
    },
  };
}
