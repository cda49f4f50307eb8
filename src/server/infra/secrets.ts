import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const SECRETS_KEY_BYTES = 32;
const SECRETS_KEY_FILE = 'secrets.key';
const GCM_IV_BYTES = 12;

/**
 * The configured key, or the one in DATA_DIR/secrets.key, created (mode 0600) on first start.
 * Losing it makes enrolled authenticator apps and outstanding codes unusable, so it is kept
 * with the data and belongs in backups.
 */
export function loadOrCreateSecretsKey(options: { configured: Buffer | undefined; dataDir: string }): Buffer {
  if (options.configured) return options.configured;
  const file = path.join(options.dataDir, SECRETS_KEY_FILE);
  if (fs.existsSync(file)) {
    const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length !== SECRETS_KEY_BYTES) throw new Error(`${file} does not hold ${SECRETS_KEY_BYTES} bytes in base64`);
    return key;
  }
  fs.mkdirSync(options.dataDir, { recursive: true });
  const key = randomBytes(SECRETS_KEY_BYTES);
  // 'wx': never overwrite a key another process wrote a moment ago.
  fs.writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  return key;
}

/**
 * Encryption for secrets the server must read back (TOTP seeds), and keyed hashes for short
 * secrets it only checks (one-time and recovery codes, OWASP ASVS 6.5.2). Separate subkeys
 * per use, derived from the one configured key.
 */
export interface Secrets {
  encrypt(plaintext: string): string;
  decrypt(sealed: string): string;
  /** HMAC-SHA-256 of the value bound to its context (e.g. purpose, channel, attempt). */
  keyedHash(context: string, value: string): string;
  /** Constant-time comparison of two keyed hashes. */
  sameHash(a: string, b: string): boolean;
}

export function createSecrets(key: Buffer): Secrets {
  if (key.length !== SECRETS_KEY_BYTES) throw new Error(`the secrets key must be ${SECRETS_KEY_BYTES} bytes`);
  const subkey = (label: string): Buffer => createHmac('sha256', key).update(label).digest();
  const encryptionKey = subkey('cairn encryption v1');
  const hashingKey = subkey('cairn code hashing v1');
  return {
    encrypt: (plaintext) => {
      const iv = randomBytes(GCM_IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', encryptionKey, iv);
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return ['v1', iv.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
    },
    decrypt: (sealed) => {
      const [version, iv, body, tag] = sealed.split('.');
      if (version !== 'v1' || !iv || body === undefined || !tag) throw new Error('not a sealed secret');
      const decipher = createDecipheriv('aes-256-gcm', encryptionKey, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    },
    keyedHash: (context, value) => createHmac('sha256', hashingKey).update(context).update('\0').update(value).digest('hex'),
    sameHash: (a, b) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b)),
  };
}
