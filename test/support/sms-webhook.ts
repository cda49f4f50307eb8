/**
 * The SMS provider for tests: a node:http server on a free port of 127.0.0.1 that records the
 * JSON each POST carries. Point SMS_PROVIDER=webhook and SMS_WEBHOOK_URL at `url`.
 * `failNext(n)` answers the next n requests 500.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInbox } from './mailbox.ts';

export { extractCode } from './mailbox.ts';

export interface ReceivedSMS {
  to: string;
  text: string;
  /** The whole parsed body, to check that nothing but `to` and `text` is sent. */
  body: unknown;
  contentType: string;
}

export interface SMSWebhook {
  /** http://127.0.0.1:PORT/sms */
  url: string;
  /** Every accepted message, oldest first; the array is appended to as messages arrive. */
  messages: ReceivedSMS[];
  /** The first message, received already or later, that matches; rejects after `timeoutMs`. */
  waitFor(predicate?: (sms: ReceivedSMS) => boolean, timeoutMs?: number): Promise<ReceivedSMS>;
  /** Answers the next `count` requests 500; they are not recorded. */
  failNext(count: number): void;
  close(): Promise<void>;
}

const BODY_LIMIT_BYTES = 64 * 1024;

export async function startSMSWebhook(): Promise<SMSWebhook> {
  const inbox = createInbox<ReceivedSMS>('SMS');
  let failures = 0;
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= BODY_LIMIT_BYTES) chunks.push(chunk);
    });
    request.on('end', () => {
      const answer = (status: number, body: object): void => {
        response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      };
      if (request.method !== 'POST') return answer(405, { error: 'POST only' });
      if (failures > 0) {
        failures -= 1;
        return answer(500, { error: 'failing as the test asked' });
      }
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return answer(400, { error: 'not JSON' });
      }
      const { to, text } = (body ?? {}) as { to?: unknown; text?: unknown };
      if (typeof to !== 'string' || typeof text !== 'string') return answer(400, { error: 'to and text must be strings' });
      inbox.add({ to, text, body, contentType: request.headers['content-type'] ?? '' });
      return answer(200, { accepted: true });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/sms`,
    messages: inbox.messages,
    waitFor: inbox.waitFor,
    failNext: (count) => {
      failures = count;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
