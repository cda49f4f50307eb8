import { AppError } from '../../errors.ts';
import type { Clock } from '../../infra/clock.ts';
import { generateToken, hashToken } from '../../infra/crypto.ts';
import type { RandomSource } from '../../infra/crypto.ts';
import type { PendingSignInRow, PendingSignInStore } from './pending-store.ts';

/** Time to fetch a code from a phone or mailbox; the pending state grants nothing else meanwhile. */
export const PENDING_SIGN_IN_TTL_MILLISECONDS = 5 * 60 * 1000;
/** Wrong second factors (any method) one pending sign-in allows before it ends. */
export const PENDING_SIGN_IN_MAX_FAILURES = 5;

export interface NewPendingSignIn {
  token: string;
  maxAgeSeconds: number;
}

export interface PendingSignIns {
  create(userId: string): Promise<NewPendingSignIn>;
  /** The live pending sign-in behind the cookie; throws mfa_sign_in_expired otherwise. */
  find(token: string | null): Promise<PendingSignInRow>;
  /** Counts a wrong second factor; true when that was the last one allowed and the sign-in has ended. */
  failed(row: PendingSignInRow): Promise<boolean>;
  /** Ends it on success; throws mfa_sign_in_expired when a concurrent request ended it first. */
  finish(row: PendingSignInRow): Promise<void>;
  sweep(): Promise<void>;
}

export function createPendingSignIns(deps: { store: PendingSignInStore; clock: Clock; random: RandomSource }): PendingSignIns {
  const { store, clock, random } = deps;
  return {
    create: async (userId) => {
      const token = generateToken(random);
      const now = clock.now();
      await store.insert({ id: hashToken(token), user_id: userId, created_at: now, expires_at: now + PENDING_SIGN_IN_TTL_MILLISECONDS, failed_tries: 0 });
      return { token, maxAgeSeconds: PENDING_SIGN_IN_TTL_MILLISECONDS / 1000 };
    },
    find: async (token) => {
      const row = token ? await store.find(hashToken(token)) : undefined;
      if (!row || clock.now() >= row.expires_at || row.failed_tries >= PENDING_SIGN_IN_MAX_FAILURES) throw new AppError('mfa_sign_in_expired');
      return row;
    },
    failed: async (row) => {
      const failures = await store.countFailure(row.id);
      if (failures < PENDING_SIGN_IN_MAX_FAILURES) return false;
      await store.take(row.id);
      return true;
    },
    finish: async (row) => {
      if (!(await store.take(row.id))) throw new AppError('mfa_sign_in_expired');
    },
    sweep: () => store.deleteEnded(clock.now()),
  };
}
