import nodemailer from 'nodemailer';
import { DeliveryError, SEND_TIMEOUT_MILLISECONDS } from './transport.ts';
import type { ChannelTransport } from './transport.ts';

interface SMTPError {
  code?: unknown;
  responseCode?: unknown;
  message?: unknown;
}

function reasonOf(error: unknown): string {
  const { code, responseCode, message } = (error ?? {}) as SMTPError;
  const label = ['SMTP', typeof code === 'string' ? code : '', typeof responseCode === 'number' ? String(responseCode) : ''].filter(Boolean).join(' ');
  return `${label}: ${typeof message === 'string' ? message : 'unknown error'}`;
}

/** E-mail through the SMTP server of SMTP_URL (credentials and smtps:// in the URL), from MAIL_FROM. */
export function createMailTransport(options: { smtpURL: string; mailFrom: string }): ChannelTransport {
  const transporter = nodemailer.createTransport({
    url: options.smtpURL,
    connectionTimeout: SEND_TIMEOUT_MILLISECONDS,
    greetingTimeout: SEND_TIMEOUT_MILLISECONDS,
    socketTimeout: SEND_TIMEOUT_MILLISECONDS,
  });
  return {
    send: async (message) => {
      let timer: NodeJS.Timeout | undefined;
      // The per-step timeouts above do not bound a server that answers slowly at every step.
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new DeliveryError(`SMTP: no answer within ${SEND_TIMEOUT_MILLISECONDS / 1000} s`)), SEND_TIMEOUT_MILLISECONDS);
      });
      const sending = transporter
        .sendMail({
          from: options.mailFrom,
          to: message.to,
          subject: message.subject ?? '',
          text: message.text,
          ...(message.html === undefined ? {} : { html: message.html }),
        })
        .catch((error: unknown) => {
          throw new DeliveryError(reasonOf(error));
        });
      try {
        await Promise.race([sending, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    close: () => transporter.close(),
  };
}
