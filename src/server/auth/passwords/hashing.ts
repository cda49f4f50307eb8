import { hash, parseOptions, verify } from '@node-rs/argon2';
import type { Algorithm } from '@node-rs/argon2';

const ARGON2ID = 2 as Algorithm;

/**
 * The one place that sets the hashing parameters. OWASP Password Storage cheat sheet:
 * argon2id with m=19 MiB, t=2, p=1 is the minimum; change these and every stored hash is
 * upgraded at its owner's next successful sign-in (see `needsRehash`).
 */
export const PASSWORD_HASH_PARAMETERS = Object.freeze({
  memoryCost: 19_456, // KiB
  timeCost: 2,
  parallelism: 1,
});

export interface HashParameters {
  readonly memoryCost: number;
  readonly timeCost: number;
  readonly parallelism: number;
}

/** NIST SP 800-63B-4 §3.1.1.2: passwords are Unicode-normalised (NFKC) before hashing. */
function normalise(password: string): string {
  return password.normalize('NFKC');
}

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(storedHash: string, password: string): Promise<boolean>;
  needsRehash(storedHash: string): boolean;
  /** Spends the same time as a real verification; used for unknown identifiers (no enumeration by timing). */
  verifyDummy(password: string): Promise<void>;
}

export function createPasswordHasher(parameters: HashParameters = PASSWORD_HASH_PARAMETERS): PasswordHasher {
  const options = { algorithm: ARGON2ID, ...parameters };
  // Made at once, so that even the first unknown identifier costs a full verification.
  const dummyHash = hash('cairn-dummy-password-for-unknown-identifiers', options);
  return {
    hash: (password) => hash(normalise(password), options),
    verify: async (storedHash, password) => {
      try {
        return await verify(storedHash, normalise(password));
      } catch {
        return false; // a malformed stored hash never signs anybody in
      }
    },
    needsRehash: (storedHash) => {
      try {
        const current = parseOptions(storedHash);
        return (
          current.algorithm !== ARGON2ID ||
          current.memoryCost !== parameters.memoryCost ||
          current.timeCost !== parameters.timeCost ||
          current.parallelism !== parameters.parallelism
        );
      } catch {
        return true;
      }
    },
    verifyDummy: async (password) => {
      await verify(await dummyHash, normalise(password));
    },
  };
}
