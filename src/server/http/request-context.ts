import type { FastifyRequest } from 'fastify';
import type { RequestContext } from '../auth/audit/index.ts';
import type { Locale } from '../errors.ts';

export function requestContext(request: FastifyRequest): RequestContext {
  return { ip: request.ip, userAgent: request.headers['user-agent'] ?? '', requestId: request.id };
}

/** The signed-in person's language, else the browser's first choice between Chinese and English. */
export function requestLocale(request: FastifyRequest): Locale {
  const userLocale = request.auth?.user.locale;
  if (userLocale === 'zh-CN' || userLocale === 'en') return userLocale;
  return localeFromAcceptLanguage(request.headers['accept-language']);
}

export function localeFromAcceptLanguage(header: string | undefined): Locale {
  const first = header?.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('zh') ? 'zh-CN' : 'en';
}
