import type { Config } from '../../config.ts';
import type { DB } from '../../db/index.ts';
import { AppError } from '../../errors.ts';
import type { Clock } from '../clock.ts';
import { generateId } from '../crypto.ts';
import type { RandomSource } from '../crypto.ts';
import { createMailTransport } from './mail.ts';
import type { DeliveryMode, Messenger, OutgoingMessage, StagedMessenger } from './messenger.ts';
import { createOutboxWorker, failureReason, SENDING_LEASE_MILLISECONDS } from './outbox-worker.ts';
import type { MessageLog, Transports } from './outbox-worker.ts';
import { createWebhookSMSTransport } from './sms.ts';
import { createMessageStore } from './store.ts';
import type { MessageRow } from './store.ts';

export interface MessengerService extends Messenger, StagedMessenger {
  /** Starts the retry worker (a timer that does not keep the process alive). */
  start(): void;
  /** Stops the worker and waits for the sends under way. */
  stop(): Promise<void>;
  /** Sends the notifications that are due by the injected clock now; tests call it instead of waiting for the timer. */
  runDueRetries(): Promise<number>;
  /** Resolves when the first tries started by `notify` have finished. */
  whenIdle(): Promise<void>;
}

export interface MessengerDependencies {
  config: Pick<Config, 'smtpURL' | 'mailFrom' | 'smsProvider' | 'smsWebhookURL'>;
  db: DB;
  clock: Clock;
  random: RandomSource;
  log: MessageLog;
}

export function createTransports(config: MessengerDependencies['config']): Transports {
  const transports: Transports = {};
  if (config.smtpURL) transports.email = createMailTransport({ smtpURL: config.smtpURL, mailFrom: config.mailFrom });
  if (config.smsProvider === 'webhook' && config.smsWebhookURL) transports.sms = createWebhookSMSTransport({ webhookURL: config.smsWebhookURL });
  return transports;
}

/**
 * Codes fail closed and are never stored with a provider; notifications are stored, tried at
 * once in the background, then retried by the worker. Without a provider for a channel every
 * message of it stays readable in the dev outbox and nothing is sent.
 */
export function createMessenger(deps: MessengerDependencies): MessengerService {
  const store = createMessageStore(deps.db);
  const transports = createTransports(deps.config);
  const worker = createOutboxWorker({ store, transports, clock: deps.clock, log: deps.log });
  const inFlight = new Set<Promise<void>>();
  let stopped = false;
  const mode = (channel: OutgoingMessage['channel']): DeliveryMode => (transports[channel] ? 'provider' : 'outbox');

  const newRow = (message: OutgoingMessage, kind: MessageRow['kind'], fields: Partial<MessageRow>): MessageRow => ({
    id: generateId(deps.random),
    channel: message.channel,
    kind,
    user_id: message.userId ?? null,
    recipient: message.to,
    subject: message.channel === 'email' ? (message.subject ?? '') : null,
    body_text: message.text,
    body_html: message.channel === 'email' ? (message.html ?? null) : null,
    status: 'outbox',
    attempts: 0,
    next_attempt_at: null,
    last_error: null,
    created_at: deps.clock.now(),
    sent_at: null,
    ...fields,
  });

  return {
    delivery: Object.freeze({ email: mode('email'), sms: mode('sms') }),

    sendCode: async (message) => {
      const transport = transports[message.channel];
      if (!transport) {
        await store.insert(newRow(message, 'code', {}));
        return;
      }
      // The code itself is never written: only who it went to and how the delivery went.
      const row = newRow(message, 'code', { status: 'sending', attempts: 1, body_text: null, body_html: null });
      await store.insert(row);
      try {
        await transport.send(message);
      } catch (error) {
        const reason = failureReason(error);
        // Only markFailed/markSent's 'sending' condition applies: a code is never claimed for a retry.
        await store.markFailed(row.id, reason);
        deps.log.warn({ messageId: row.id, channel: row.channel, reason }, 'a one-time code could not be delivered');
        throw new AppError('delivery_failed');
      }
      await store.markSent(row.id, deps.clock.now());
    },

    notify: async (message) => {
      if (!transports[message.channel]) {
        await store.insert(newRow(message, 'notification', {}));
        return;
      }
      const now = deps.clock.now();
      const row = newRow(message, 'notification', { status: 'sending', attempts: 1, next_attempt_at: now + SENDING_LEASE_MILLISECONDS });
      await store.insert(row);
      // After stop() the row waits for the next worker: its lease ends and it is claimed again.
      if (stopped) return;
      const first = worker.attempt(row).finally(() => inFlight.delete(first));
      inFlight.add(first);
    },

    stage: async (transaction, message) => {
      const now = deps.clock.now();
      const row = transports[message.channel]
        ? newRow(message, 'notification', { status: 'pending', next_attempt_at: now })
        : newRow(message, 'notification', {});
      await createMessageStore(transaction).insert(row);
    },
    deliverStaged: () => {
      if (stopped || Object.keys(transports).length === 0) return;
      const round = worker
        .runDueRetries()
        .then(() => undefined)
        .catch((error: unknown) => deps.log.error({ err: error }, 'could not send staged notifications'))
        .finally(() => inFlight.delete(round));
      inFlight.add(round);
    },

    start: () => {
      stopped = false;
      worker.start();
    },
    stop: async () => {
      stopped = true;
      await worker.stop();
      await Promise.all(inFlight);
      for (const transport of Object.values(transports)) transport.close();
    },
    runDueRetries: () => worker.runDueRetries(),
    whenIdle: async () => {
      await Promise.all(inFlight);
    },
  };
}
