import { randomString } from '../../infra/crypto.ts';
import type { RandomSource } from '../../infra/crypto.ts';

/** OWASP ASVS 6.4.1: initial passwords are short-lived. */
export const TEMPORARY_PASSWORD_TTL_MILLISECONDS = 72 * 60 * 60 * 1000;

// No 0/O, 1/I/L: the password is read aloud or copied from a screen when handed over.
const UNAMBIGUOUS_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const GROUPS = 4;
const GROUP_LENGTH = 4;

/** 16 characters of a 31-letter alphabet: about 79 bits, e.g. "K7QM-3RTX-9WPD-HC4N". */
export function generateTemporaryPassword(random: RandomSource): string {
  const raw = randomString(random, UNAMBIGUOUS_ALPHABET, GROUPS * GROUP_LENGTH);
  return raw.match(new RegExp(`.{${GROUP_LENGTH}}`, 'g'))!.join('-');
}
