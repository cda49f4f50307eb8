import type { OutgoingMessage } from './messenger.ts';

/** A provider for one channel: SMTP for e-mail, the webhook for SMS. */
export interface ChannelTransport {
  /** Resolves once the provider accepted the message; throws DeliveryError otherwise. */
  send(message: OutgoingMessage): Promise<void>;
  close(): void;
}

export const DELIVERY_ERROR_MAX_LENGTH = 200;

/** Why a send failed, short enough for `messages.last_error` and the log; never the body. */
export class DeliveryError extends Error {
  constructor(reason: string) {
    super(reason.split('\n')[0]!.slice(0, DELIVERY_ERROR_MAX_LENGTH));
    this.name = 'DeliveryError';
  }
}

/** One bound for every provider call, so a hanging provider cannot hold a sign-in. */
export const SEND_TIMEOUT_MILLISECONDS = 10_000;
