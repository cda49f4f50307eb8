import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * HttpOnly + SameSite=Lax always; under HTTPS also Secure with the `__Host-` prefix, which
 * pins the cookie to this exact host and path (no subdomain can set or shadow it).
 */
export interface SessionCookie {
  readonly name: string;
  read(request: FastifyRequest): string | null;
  set(reply: FastifyReply, token: string): void;
  clear(reply: FastifyReply): void;
}

export function createSessionCookie(options: { secure: boolean }): SessionCookie {
  const name = options.secure ? '__Host-cairn_session' : 'cairn_session';
  const attributes = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: options.secure };
  return {
    name,
    read: (request) => request.cookies[name] ?? null,
    // No Expires: the browser forgets the cookie when it closes (shared computers); the server
    // ends the session anyway after its idle and absolute timeouts.
    set: (reply, token) => {
      reply.setCookie(name, token, attributes);
    },
    clear: (reply) => {
      reply.clearCookie(name, attributes);
    },
  };
}
