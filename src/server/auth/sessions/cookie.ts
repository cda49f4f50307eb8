import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * HttpOnly + SameSite=Lax always; under HTTPS also Secure with the `__Host-` prefix, which
 * pins the cookie to this exact host and path (no subdomain can set or shadow it).
 */
export interface SessionCookie {
  readonly name: string;
  read(request: FastifyRequest): string | null;
  set(reply: FastifyReply, token: string, expiresAt: number): void;
  clear(reply: FastifyReply): void;
}

export function createSessionCookie(options: { secure: boolean }): SessionCookie {
  const name = options.secure ? '__Host-cairn_session' : 'cairn_session';
  const attributes = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: options.secure };
  return {
    name,
    read: (request) => request.cookies[name] ?? null,
    set: (reply, token, expiresAt) => {
      reply.setCookie(name, token, { ...attributes, expires: new Date(expiresAt) });
    },
    clear: (reply) => {
      reply.clearCookie(name, attributes);
    },
  };
}
