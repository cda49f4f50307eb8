import type { Clock } from '../../../infra/clock.ts';
import { generateId, randomString } from '../../../infra/crypto.ts';
import type { RandomSource } from '../../../infra/crypto.ts';
import type { Secrets } from '../../../infra/secrets.ts';
import type { RecoveryCodeStore } from './store.ts';

export const RECOVERY_CODE_COUNT = 10;
/** 10 characters of a 32-letter alphabet: 50 bits each, shown as xxxxx-xxxxx. */
const RECOVERY_CODE_LENGTH = 10;
/** Lower-case letters and digits without the look-alikes 0/o, 1/l/i. */
const RECOVERY_CODE_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const HASH_CONTEXT = 'recovery_code';

/** Case, spaces and hyphens do not matter when a code is typed back. */
function normalize(code: string): string {
  return code.toLowerCase().replace(/[\s-]+/g, '');
}

export interface RecoveryCodes {
  /** A new set of codes; the old ones stop working. The plain codes are returned once, never stored. */
  regenerate(userId: string): Promise<string[]>;
  /** Uses one code; false when it matches no unused code of the user. */
  use(userId: string, code: string): Promise<boolean>;
  remaining(userId: string): Promise<number>;
  removeAll(userId: string): Promise<void>;
}

export function createRecoveryCodes(deps: { store: RecoveryCodeStore; secrets: Secrets; clock: Clock; random: RandomSource }): RecoveryCodes {
  const { store, secrets, clock, random } = deps;
  return {
    regenerate: async (userId) => {
      const now = clock.now();
      const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => randomString(random, RECOVERY_CODE_ALPHABET, RECOVERY_CODE_LENGTH));
      await store.replaceAll(
        userId,
        codes.map((code) => ({
          id: generateId(random),
          user_id: userId,
          code_hash: secrets.keyedHash(`${HASH_CONTEXT}:${userId}`, code),
          created_at: now,
          used_at: null,
        })),
      );
      return codes.map((code) => `${code.slice(0, 5)}-${code.slice(5)}`);
    },
    use: async (userId, code) => {
      const candidate = secrets.keyedHash(`${HASH_CONTEXT}:${userId}`, normalize(code));
      // Every unused code is compared, in constant time each, so timing does not tell which matched.
      let match: string | undefined;
      for (const row of await store.listUnused(userId)) {
        if (secrets.sameHash(candidate, row.code_hash)) match = row.id;
      }
      return match !== undefined && (await store.markUsed(match, clock.now()));
    },
    remaining: (userId) => store.countUnused(userId),
    removeAll: (userId) => store.deleteAllForUser(userId),
  };
}
