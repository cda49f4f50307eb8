import type { FastifyRequest } from 'fastify';

/**
 * Whether a request is for the JSON API. Decided on the route the router matched (or on the
 * decoded path for unknown routes), never on the raw URL: `/%61pi/...` routes to `/api/...`.
 */
export function isAPIRequest(request: FastifyRequest): boolean {
  const path = request.routeOptions.url ?? decodedPath(request.url);
  return (path === '/api' || path.startsWith('/api/')) && !path.startsWith('/api/docs');
}

function decodedPath(url: string): string {
  const path = url.split('?')[0] ?? '';
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
