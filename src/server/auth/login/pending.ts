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
  /** Counts a try before it is checked; throws mfa_sign_in_expired when none is left. True for the last one. */
  reserveTry(row: PendingSignInRow): Promise<{ last: boolean }>;
  /** Gives back a try that was not a wrong guess (right answer, expired code, unavailable method). */
  releaseTry(row: PendingSignInRow): Promise<void>;
  /** Ends it after too many wrong guesses. */
  end(row: PendingSignInRow): Promise<void>;
  /** Ends it on success; throws mfa_sign_in_expired when a concurrent request ended it first. */
  finish(row: PendingSignInRow): Promise<void>;
  /** Ends the account's sign-ins waiting for a second factor (the password they passed was replaced). */
  endAllForUser(userId: string): Promise<void>;
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
    reserveTry: async (row) => {
      const tries = await store.reserveTry(row.id, PENDING_SIGN_IN_MAX_FAILURES);
      if (tries === undefined) throw new AppError('mfa_sign_in_expired');
      return { last: tries >= PENDING_SIGN_IN_MAX_FAILURES };
    },
    releaseTry: (row) => store.releaseTry(row.id),
    end: async (row) => {
      await store.take(row.id);
    },
    finish: async (row) => {
      if (!(await store.take(row.id))) throw new AppError('mfa_sign_in_expired');
    },
    endAllForUser: (userId) => store.deleteForUser(userId),
    sweep: () => store.deleteEnded(clock.now()),
  };
}
