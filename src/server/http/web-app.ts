import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { declareRoutesPublic } from './public-routes.ts';

export const WEB_DIST_DIR = path.resolve(import.meta.dirname, '../../../dist/web');

/** Serves the built single-page app; `sendIndex` is the fallback for client-side routes. */
export async function registerWebApp(app: FastifyInstance, distDir: string): Promise<{ sendIndex(reply: FastifyReply): FastifyReply } | null> {
  if (!fs.existsSync(path.join(distDir, 'index.html'))) {
    app.log.warn({ distDir }, 'web app is not built; run `npm run build` (npm start does it)');
    return null;
  }
  await app.register(async (web) => {
    declareRoutesPublic(web);
    await web.register(fastifyStatic, {
      root: distDir,
      wildcard: false,
      index: false,
      // Hashed asset names never change content: cache them for a year; index.html must revalidate.
      setHeaders: (reply, filePath) => {
        reply.header('cache-control', filePath.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  });
  // Read once: the fallback runs in the root context, where @fastify/static's reply.sendFile does not exist.
  const indexHTML = fs.readFileSync(path.join(distDir, 'index.html'), 'utf8');
  return { sendIndex: (reply) => reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(indexHTML) };
}
