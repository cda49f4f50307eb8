import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The pending sign-in cookie: HttpOnly, SameSite=Strict (it is only ever used by this site's
 * own page), `__Host-` under HTTPS, scoped to the sign-in API, gone after 5 minutes.
 */
export interface PendingSignInCookie {
  read(request: FastifyRequest): string | null;
  set(reply: FastifyReply, token: string, maxAgeSeconds: number): void;
  clear(reply: FastifyReply): void;
}

export function createPendingSignInCookie(options: { secure: boolean }): PendingSignInCookie {
  const name = options.secure ? '__Host-cairn_pending' : 'cairn_pending';
  // __Host- requires Path=/.
  const attributes = { path: '/', httpOnly: true, sameSite: 'strict' as const, secure: options.secure };
  return {
    read: (request) => request.cookies[name] ?? null,
    set: (reply, token, maxAgeSeconds) => {
      reply.setCookie(name, token, { ...attributes, maxAge: maxAgeSeconds });
    },
    clear: (reply) => {
      reply.clearCookie(name, attributes);
    },
  };
}
