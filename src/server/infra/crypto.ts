import { createHash, randomBytes } from 'node:crypto';

/** The source of randomness; injected so auth logic never calls crypto directly (oslo's RandomReader). */
export interface RandomSource {
  bytes(count: number): Uint8Array;
}

export const systemRandom: RandomSource = { bytes: (count) => randomBytes(count) };

/** 32 bytes = 256 bits, the minimum DESIGN.md sets for session, reset and API tokens. */
export const TOKEN_BYTES = 32;

export function generateToken(random: RandomSource): string {
  return Buffer.from(random.bytes(TOKEN_BYTES)).toString('base64url');
}

/** Tokens carry ≥ 256 random bits, so an unsalted fast hash is enough to keep them useless if the table leaks. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

const UUID_VERSION_4 = 0x40;
const UUID_VARIANT_RFC4122 = 0x80;

/** Random (v4) UUID from the injected source. */
export function generateId(random: RandomSource): string {
  const b = Buffer.from(random.bytes(16));
  b[6] = (b[6]! & 0x0f) | UUID_VERSION_4;
  b[8] = (b[8]! & 0x3f) | UUID_VARIANT_RFC4122;
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Unbiased characters from an alphabet (rejection sampling: no modulo bias). */
export function randomString(random: RandomSource, alphabet: string, length: number): string {
  const limit = 256 - (256 % alphabet.length);
  let out = '';
  while (out.length < length) {
    for (const byte of random.bytes(length * 2)) {
      if (byte < limit) out += alphabet[byte % alphabet.length];
      if (out.length === length) break;
    }
  }
  return out;
}
