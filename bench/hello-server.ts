/** The baseline: a bare Fastify hello-world route, with the same logger setup as Cairn's. */
import Fastify from 'fastify';
import { LOG_REDACT_PATHS } from '../src/server/app.ts';

const app = Fastify({ logger: { level: process.env.LOG_LEVEL ?? 'info', redact: { paths: LOG_REDACT_PATHS, censor: '[redacted]' } } });
app.get('/hello', async () => ({ hello: 'world' }));
await app.listen({ port: Number(process.env.PORT), host: process.env.HOST ?? '127.0.0.1' });
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
