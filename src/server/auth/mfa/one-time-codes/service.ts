import { AppError } from '../../../errors.ts';
import type { Clock } from '../../../infra/clock.ts';
import type { Counters } from '../../../infra/counters.ts';
import { generateId, randomString } from '../../../infra/crypto.ts';
import type { RandomSource } from '../../../infra/crypto.ts';
import type { Messenger, OutgoingMessage } from '../../../infra/messages/messenger.ts';
import type { Secrets } from '../../../infra/secrets.ts';
import type { Binding, OneTimeCodeStore } from './store.ts';

/** OWASP ASVS 5.0 6.5.5: out-of-band codes live at most 10 minutes. */
export const ONE_TIME_CODE_TTL_MILLISECONDS = 10 * 60 * 1000;
export const ONE_TIME_CODE_DIGITS = 6;
/** NIST SP 800-63B-4 §3.1.3: limited tries per code; after these the code is dead. */
export const ONE_TIME_CODE_MAX_FAILED_TRIES = 5;
/** Send limits (DESIGN.md: SMS costs money and invites abuse). */
export const RESEND_INTERVAL_MILLISECONDS = 60 * 1000;
const HOUR_MILLISECONDS = 60 * 60 * 1000;
const DAY_MILLISECONDS = 24 * HOUR_MILLISECONDS;
const SEND_LIMITS = [
  { scope: 'account-hour', windowMilliseconds: HOUR_MILLISECONDS, max: 10 },
  { scope: 'account-day', windowMilliseconds: DAY_MILLISECONDS, max: 20 },
  { scope: 'ip-hour', windowMilliseconds: HOUR_MILLISECONDS, max: 30 },
] as const;

export interface SentCode {
  expiresInSeconds: number;
  resendAfterSeconds: number;
}

export interface OneTimeCodes {
  /**
   * Sends a new code bound to (purpose, factor, attempt); throws mfa_send_limited or
   * delivery_failed. `message` builds the text around the code.
   */
  send(input: {
    userId: string;
    ip: string;
    binding: Binding;
    message: (code: string) => OutgoingMessage;
  }): Promise<SentCode>;
  /** Throws mfa_code_expired (none, used, expired, out of tries) or mfa_code_invalid. */
  verify(binding: Binding, code: string): Promise<void>;
  /** Deletes expired codes. */
  sweep(): Promise<void>;
}

const DIGITS = '0123456789';
const bindingContext = (binding: Binding): string => `${binding.purpose}:${binding.factorId}:${binding.attemptId}`;

export function createOneTimeCodes(deps: {
  store: OneTimeCodeStore;
  messenger: Messenger;
  counters: Counters;
  secrets: Secrets;
  clock: Clock;
  random: RandomSource;
}): OneTimeCodes {
  const { store, messenger, counters, secrets, clock, random } = deps;

  async function assertMaySend(userId: string, ip: string, binding: Binding, now: number): Promise<void> {
    const recent = await counters.get(`code-resend:${bindingContext(binding)}`, now);
    if (recent) throw new AppError('mfa_send_limited', { retryAfterSeconds: Math.ceil((recent.expiresAt - now) / 1000) });
    for (const limit of SEND_LIMITS) {
      const key = `code-send:${limit.scope}:${limit.scope.startsWith('ip') ? ip : userId}`;
      const counted = await counters.get(key, now);
      if (counted && counted.count >= limit.max) {
        throw new AppError('mfa_send_limited', { retryAfterSeconds: Math.ceil((counted.expiresAt - now) / 1000) });
      }
    }
    await counters.increment(`code-resend:${bindingContext(binding)}`, RESEND_INTERVAL_MILLISECONDS, now);
    for (const limit of SEND_LIMITS) {
      await counters.increment(`code-send:${limit.scope}:${limit.scope.startsWith('ip') ? ip : userId}`, limit.windowMilliseconds, now);
    }
  }

  return {
    send: async ({ userId, ip, binding, message }) => {
      const now = clock.now();
      await assertMaySend(userId, ip, binding, now);
      const code = randomString(random, DIGITS, ONE_TIME_CODE_DIGITS);
      const id = generateId(random);
      await store.replace({
        id,
        user_id: userId,
        purpose: binding.purpose,
        factor_id: binding.factorId,
        attempt_id: binding.attemptId,
        code_hash: secrets.keyedHash(bindingContext(binding), code),
        created_at: now,
        expires_at: now + ONE_TIME_CODE_TTL_MILLISECONDS,
        failed_tries: 0,
        used_at: null,
      });
      try {
        await messenger.sendCode(message(code));
      } catch (error) {
        // A code that never arrived must not linger as the one that works.
        await store.delete(id);
        throw error;
      }
      return { expiresInSeconds: ONE_TIME_CODE_TTL_MILLISECONDS / 1000, resendAfterSeconds: RESEND_INTERVAL_MILLISECONDS / 1000 };
    },

    verify: async (binding, code) => {
      const row = await store.findLatest(binding);
      const now = clock.now();
      if (!row || row.used_at !== null || now >= row.expires_at || row.failed_tries >= ONE_TIME_CODE_MAX_FAILED_TRIES) {
        throw new AppError('mfa_code_expired');
      }
      const normalized = code.replace(/\s+/g, '');
      if (!secrets.sameHash(secrets.keyedHash(bindingContext(binding), normalized), row.code_hash)) {
        await store.countFailure(row.id);
        throw new AppError('mfa_code_invalid');
      }
      if (!(await store.consume(row.id, now, ONE_TIME_CODE_MAX_FAILED_TRIES))) throw new AppError('mfa_code_expired');
    },
    sweep: () => store.deleteEnded(clock.now()),
  };
}
