export { createMessenger } from './service.ts';
export type { MessengerDependencies, MessengerService } from './service.ts';
export type { DeliveryMode, Messenger, OutgoingMessage, StagedMessenger } from './messenger.ts';
export { createMessageStore } from './store.ts';
export type { MessageChannel, MessageRow, MessageStatus, MessageStore } from './store.ts';
export { MAX_DELIVERY_ATTEMPTS, POLL_INTERVAL_MILLISECONDS, RETRY_DELAYS_MILLISECONDS } from './outbox-worker.ts';
export { SEND_TIMEOUT_MILLISECONDS } from './transport.ts';
