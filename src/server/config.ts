import path from 'node:path';
import { z } from 'zod';

const portSchema = z.coerce.number({ error: 'must be a whole number from 0 to 65535' }).int().min(0).max(65535);

const envSchema = z.object({
  PORT: portSchema.default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// or postgresql:// URL' }).optional(),
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }).optional(),
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' }).optional(),
  MAIL_FROM: z.string().min(3).optional(),
  SMS_PROVIDER: z.enum(['webhook'], { error: 'must be "webhook" (or unset for the dev outbox)' }).optional(),
  SMS_WEBHOOK_URL: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
  SECRETS_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/_-]{43}=?$/, 'must be 32 random bytes in base64 (e.g. `openssl rand -base64 32`)')
    .optional(),
  DEFAULT_PHONE_REGION: z
    .string()
    .regex(/^[A-Z]{2}$/, 'must be a two-letter ISO country code such as CN or US')
    .default('CN'),
  TRUST_PROXY: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface Config {
  readonly port: number;
  readonly host: string;
  /** The address people use, without a trailing slash; links in mails and the Origin check use it. */
  readonly publicURL: string;
  readonly publicOrigin: string;
  readonly secureCookies: boolean;
  readonly dataDir: string;
  /** Secret: contains the database password. */
  readonly databaseURL: string | undefined;
  readonly redisURL: string | undefined;
  readonly smtpURL: string | undefined;
  readonly mailFrom: string;
  /** 'webhook' posts {"to","text"} to smsWebhookURL; undefined keeps SMS in the dev outbox. */
  readonly smsProvider: 'webhook' | undefined;
  /** Secret: may carry a provider key in its query. */
  readonly smsWebhookURL: string | undefined;
  /**
   * Secret: 32 bytes that encrypt TOTP secrets and key the hashes of one-time and recovery codes.
   * Undefined = read from (or generated into) DATA_DIR/secrets.key at start-up; several app
   * servers must share one, so set it there.
   */
  readonly secretsKey: Buffer | undefined;
  /** Region for phone numbers entered without a country code. */
  readonly defaultPhoneRegion: string;
  /** Proxy addresses allowed to set X-Forwarded-For (comma-separated IPs/CIDRs); empty = trust none. */
  readonly trustProxy: string[];
  readonly logLevel: string;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** The only reader of process.env. Throws ConfigError with one line naming the first bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0]);
    // The value is not echoed: DATABASE_URL, REDIS_URL and SMTP_URL carry passwords.
    throw new ConfigError(`Invalid configuration: ${name} ${issue.message}`);
  }
  const e = parsed.data;
  if (e.SMS_PROVIDER === 'webhook' && !e.SMS_WEBHOOK_URL) {
    throw new ConfigError('Invalid configuration: SMS_WEBHOOK_URL is required when SMS_PROVIDER is webhook');
  }
  const publicURL = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  const origin = new URL(publicURL).origin;
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    publicURL,
    publicOrigin: origin,
    secureCookies: origin.startsWith('https:'),
    dataDir: path.resolve(e.DATA_DIR),
    databaseURL: e.DATABASE_URL,
    redisURL: e.REDIS_URL,
    smtpURL: e.SMTP_URL,
    mailFrom: e.MAIL_FROM ?? `Cairn <no-reply@${new URL(publicURL).hostname}>`,
    smsProvider: e.SMS_PROVIDER,
    smsWebhookURL: e.SMS_WEBHOOK_URL,
    secretsKey: e.SECRETS_KEY === undefined ? undefined : Buffer.from(e.SECRETS_KEY, 'base64'), // Node's base64 also reads the URL-safe alphabet
    defaultPhoneRegion: e.DEFAULT_PHONE_REGION,
    trustProxy: (e.TRUST_PROXY ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    logLevel: e.LOG_LEVEL,
  });
}
