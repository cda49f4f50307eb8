/**
 * A real SMTP server for tests (npm `smtp-server`) on a free port of 127.0.0.1: no TLS, no
 * authentication. Point SMTP_URL at `url`; what arrives is parsed (mailparser) into
 * `messages`. `failNext(n)` answers the next n messages with a temporary SMTP failure.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import type { AddressObject } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  /** The From header as mailparser renders it, e.g. `"Cairn" <no-reply@localhost>`. */
  from: string;
  /** The envelope recipients (RCPT TO). */
  to: string[];
  subject: string;
  text: string;
  html: string | null;
}

export interface Mailbox {
  /** smtp://127.0.0.1:PORT */
  url: string;
  /** Every accepted message, oldest first; the array is appended to as mail arrives. */
  messages: ReceivedMail[];
  /** The first message, received already or later, that matches; rejects after `timeoutMs`. */
  waitFor(predicate?: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  /** Refuses the next `count` messages with `451 4.3.0` (a temporary failure); they are not recorded. */
  failNext(count: number): void;
  close(): Promise<void>;
}

/** The 6-digit one-time code in a message's text, or null when it has none. */
export function extractCode(text: string): string | null {
  return /(?<!\d)(\d{6})(?!\d)/.exec(text)?.[1] ?? null;
}

const SMTP_TEMPORARY_FAILURE = 451;
const CLOSE_TIMEOUT_MILLISECONDS = 1000;

interface Waiter<M> {
  predicate: (message: M) => boolean;
  resolve: (message: M) => void;
}

/** The message list and `waitFor` shared by the mailbox and the SMS webhook. */
export function createInbox<M>(what: string): {
  messages: M[];
  add(message: M): void;
  waitFor(predicate?: (message: M) => boolean, timeoutMs?: number): Promise<M>;
} {
  const messages: M[] = [];
  const waiters = new Set<Waiter<M>>();
  return {
    messages,
    add: (message) => {
      messages.push(message);
      for (const waiter of waiters) {
        if (waiter.predicate(message)) {
          waiters.delete(waiter);
          waiter.resolve(message);
        }
      }
    },
    waitFor: (predicate = () => true, timeoutMs = 5000) => {
      const found = messages.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise<M>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`no matching ${what} arrived within ${timeoutMs} ms; received ${messages.length}: ${JSON.stringify(messages).slice(0, 2000)}`));
        }, timeoutMs);
        const waiter: Waiter<M> = {
          predicate,
          resolve: (message) => {
            clearTimeout(timer);
            resolve(message);
          },
        };
        waiters.add(waiter);
      });
    },
  };
}

function addressesText(value: AddressObject | AddressObject[] | undefined): string {
  if (value === undefined) return '';
  return (Array.isArray(value) ? value : [value]).map((address) => address.text).join(', ');
}

export async function startMailbox(): Promise<Mailbox> {
  const inbox = createInbox<ReceivedMail>('mail');
  let failures = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    closeTimeout: CLOSE_TIMEOUT_MILLISECONDS,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', (error: Error) => callback(error));
      stream.on('end', () => {
        if (failures > 0) {
          failures -= 1;
          callback(Object.assign(new Error('Try again later'), { responseCode: SMTP_TEMPORARY_FAILURE }));
          return;
        }
        simpleParser(Buffer.concat(chunks)).then(
          (parsed) => {
            inbox.add({
              from: addressesText(parsed.from),
              to: session.envelope.rcptTo.map((recipient) => recipient.address),
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : null,
            });
            callback();
          },
          (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages: inbox.messages,
    waitFor: inbox.waitFor,
    failNext: (count) => {
      failures = count;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
