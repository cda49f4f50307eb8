import { DeliveryError, SEND_TIMEOUT_MILLISECONDS } from './transport.ts';
import type { ChannelTransport } from './transport.ts';

function reasonOf(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return `SMS webhook: no answer within ${SEND_TIMEOUT_MILLISECONDS / 1000} s`;
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  // Not the error's message: fetch may name the URL, which can carry the provider's key.
  return `SMS webhook: request failed${typeof cause?.code === 'string' ? ` (${cause.code})` : ''}`;
}

/** SMS_PROVIDER=webhook: POST {"to", "text"} as JSON to SMS_WEBHOOK_URL; any answer but 2xx is a failure. */
export function createWebhookSMSTransport(options: { webhookURL: string }): ChannelTransport {
  return {
    send: async (message) => {
      let response: Response;
      try {
        response = await fetch(options.webhookURL, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ to: message.to, text: message.text }),
          // A redirect would re-send the code to wherever it points.
          redirect: 'manual',
          signal: AbortSignal.timeout(SEND_TIMEOUT_MILLISECONDS),
        });
      } catch (error) {
        throw new DeliveryError(reasonOf(error));
      }
      await response.body?.cancel().catch(() => undefined);
      if (response.status < 200 || response.status > 299) throw new DeliveryError(`SMS webhook: HTTP ${response.status}`);
    },
    close: () => undefined,
  };
}
