import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../../infra/clock.ts';
import { generateToken, hashToken } from '../../../infra/crypto.ts';
import type { RandomSource } from '../../../infra/crypto.ts';
import type { TrustedBrowserStore } from './store.ts';

/** "Trust this browser for 30 days" (as Google and Microsoft offer it). */
export const TRUSTED_BROWSER_TTL_MILLISECONDS = 30 * 24 * 60 * 60 * 1000;

export interface TrustedBrowsers {
  /** A new token for this browser and user; only its SHA-256 is stored. */
  trust(userId: string): Promise<{ token: string; maxAgeSeconds: number }>;
  isTrusted(token: string | null, userId: string): Promise<boolean>;
  forgetAll(userId: string): Promise<void>;
  sweep(): Promise<void>;
}

export function createTrustedBrowsers(deps: { store: TrustedBrowserStore; clock: Clock; random: RandomSource }): TrustedBrowsers {
  const { store, clock, random } = deps;
  return {
    trust: async (userId) => {
      const token = generateToken(random);
      const now = clock.now();
      await store.insert({ id: hashToken(token), user_id: userId, created_at: now, expires_at: now + TRUSTED_BROWSER_TTL_MILLISECONDS });
      return { token, maxAgeSeconds: TRUSTED_BROWSER_TTL_MILLISECONDS / 1000 };
    },
    isTrusted: async (token, userId) => token !== null && (await store.isTrusted(hashToken(token), userId, clock.now())),
    forgetAll: (userId) => store.deleteAllForUser(userId),
    sweep: () => store.deleteEnded(clock.now()),
  };
}

/** The trusted-browser cookie: long-lived (unlike the session cookie), HttpOnly, `__Host-` under HTTPS. */
export interface TrustedBrowserCookie {
  read(request: FastifyRequest): string | null;
  set(reply: FastifyReply, token: string, maxAgeSeconds: number): void;
}

export function createTrustedBrowserCookie(options: { secure: boolean }): TrustedBrowserCookie {
  const name = options.secure ? '__Host-cairn_trusted' : 'cairn_trusted';
  const attributes = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: options.secure };
  return {
    read: (request) => request.cookies[name] ?? null,
    set: (reply, token, maxAgeSeconds) => {
      reply.setCookie(name, token, { ...attributes, maxAge: maxAgeSeconds });
    },
  };
}
