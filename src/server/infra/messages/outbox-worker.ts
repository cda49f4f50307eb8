import type { Clock } from '../clock.ts';
import { DeliveryError } from './transport.ts';
import type { ChannelTransport } from './transport.ts';
import type { MessageChannel, MessageRow, MessageStore } from './store.ts';

const MINUTE_MILLISECONDS = 60_000;

/** The wait after each failed attempt of a notification; after the last one the message is 'failed'. */
export const RETRY_DELAYS_MILLISECONDS: readonly number[] = [1, 5, 15, 60, 60].map((minutes) => minutes * MINUTE_MILLISECONDS);
/** The first try and one per retry delay. */
export const MAX_DELIVERY_ATTEMPTS = RETRY_DELAYS_MILLISECONDS.length + 1;
/** Well above the send timeout: a row still 'sending' after this lost its sender (a crash) and is tried again. */
export const SENDING_LEASE_MILLISECONDS = 5 * MINUTE_MILLISECONDS;
export const POLL_INTERVAL_MILLISECONDS = 30_000;
/** Claimed and sent together in one round; a round repeats while it finds this many. */
export const CLAIM_BATCH_SIZE = 10;

export interface MessageLog {
  error(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export type Transports = Partial<Record<MessageChannel, ChannelTransport>>;

export interface OutboxWorker {
  /** One attempt at a claimed notification ('sending'): records 'sent', a retry, or 'failed'. Never throws. */
  attempt(row: MessageRow): Promise<void>;
  /** Sends every notification that is due by the clock; answers how many were attempted. */
  runDueRetries(): Promise<number>;
  start(): void;
  stop(): Promise<void>;
}

/** Why an attempt failed, for the row and the log: never the body. */
export function failureReason(error: unknown): string {
  return error instanceof DeliveryError ? error.message : 'unexpected error';
}

/** Drains the notifications table: retries with backoff, polled on a timer that never keeps the process alive. */
export function createOutboxWorker(deps: { store: MessageStore; transports: Transports; clock: Clock; log: MessageLog }): OutboxWorker {
  const channels = (Object.keys(deps.transports) as MessageChannel[]).filter((channel) => deps.transports[channel] !== undefined);
  const allChannels: readonly MessageChannel[] = ['email', 'sms'];
  let timer: NodeJS.Timeout | undefined;
  let round: Promise<number> | undefined;

  const attempt = async (row: MessageRow): Promise<void> => {
    const logged = { messageId: row.id, channel: row.channel, attempt: row.attempts };
    try {
      const transport = deps.transports[row.channel];
      if (!transport) throw new Error(`no provider for ${row.channel}`);
      if (row.body_text === null) throw new Error('the message has no body');
      try {
        await transport.send({
          channel: row.channel,
          to: row.recipient,
          ...(row.subject === null ? {} : { subject: row.subject }),
          text: row.body_text,
          ...(row.body_html === null ? {} : { html: row.body_html }),
        });
      } catch (error) {
        const reason = failureReason(error);
        if (row.attempts >= MAX_DELIVERY_ATTEMPTS) {
          await deps.store.markFailed(row.id, reason);
          deps.log.error({ ...logged, reason }, 'a notification could not be delivered; no more attempts');
        } else {
          const nextAttemptAt = deps.clock.now() + RETRY_DELAYS_MILLISECONDS[row.attempts - 1]!;
          await deps.store.markRetry(row.id, reason, nextAttemptAt);
          deps.log.warn({ ...logged, reason, nextAttemptAt }, 'a notification could not be delivered; it will be retried');
        }
        return;
      }
      await deps.store.markSent(row.id, deps.clock.now());
    } catch (error) {
      // A database error: the row stays 'sending' and is tried again once its lease ends.
      deps.log.error({ ...logged, err: error }, 'could not record a notification attempt');
    }
  };

  const runDueRetries = async (): Promise<number> => {
    let attempted = 0;
    for (;;) {
      const now = deps.clock.now();
      const claimed = await deps.store.claimDue({ now, leaseEndsAt: now + SENDING_LEASE_MILLISECONDS, channels, limit: CLAIM_BATCH_SIZE });
      await Promise.all(claimed.map(attempt));
      attempted += claimed.length;
      if (claimed.length < CLAIM_BATCH_SIZE) return attempted;
    }
  };

  const runRound = (work: () => Promise<number>): void => {
    if (round) return;
    round = work().catch((error: unknown) => {
      deps.log.error({ err: error }, 'could not send due notifications');
      return 0;
    });
    void round.finally(() => {
      round = undefined;
    });
  };

  return {
    attempt,
    runDueRetries,
    start: () => {
      if (timer) return;
      const unconfigured = allChannels.filter((channel) => !channels.includes(channel));
      timer = setInterval(() => runRound(runDueRetries), POLL_INTERVAL_MILLISECONDS);
      timer.unref();
      runRound(async () => {
        await deps.store.moveToOutbox(unconfigured);
        return runDueRetries();
      });
    },
    stop: async () => {
      clearInterval(timer);
      timer = undefined;
      await round;
    },
  };
}
