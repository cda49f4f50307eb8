/**
 * `npm run bench -- login|session|all`: prints figures as ratios against a baseline measured
 * in the same run, medians of BENCH_ROUNDS rounds (default 3) of BENCH_SECONDS (default 8).
 *   login    bare argon2id verifications/s on all cores vs password sign-ins/s over HTTP at 16 connections (goal ≥ 0.9)
 *   session  GET /api/auth/me with a valid session vs a bare Fastify hello-world route (goal ≥ 0.7), with p99s
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPasswordHasher } from '../src/server/auth/passwords/index.ts';
import { createUserService, createUserStore } from '../src/server/auth/users/index.ts';
import { openDatabase } from '../src/server/db/index.ts';
import { migrateToLatest } from '../src/server/db/migrate.ts';
import { systemClock } from '../src/server/infra/clock.ts';
import { systemRandom } from '../src/server/infra/crypto.ts';
import { DURATION_SECONDS, format, load, median, ROUNDS, startChildServer } from './support.ts';
import type { ChildServer } from './support.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const PASSWORD = 'bench password 0123456789';
const CONNECTIONS = 16;
/** One account per connection: sign-in allows only a few attempts at once per account (the throttle). */
const IDENTIFIERS = Array.from({ length: CONNECTIONS }, (_, i) => `bench${i}@example.com`);

/** A Cairn server on a fresh SQLite database with accounts whose passwords need no change. */
async function startCairn(): Promise<ChildServer & { origin: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-bench-'));
  const env = { DATA_DIR: dataDir, LOG_LEVEL: 'info' };
  const database = openDatabase({ dataDir, databaseURL: undefined });
  await migrateToLatest(database.db);
  const users = createUserService({ store: createUserStore(database.db), hasher: createPasswordHasher(), clock: systemClock, random: systemRandom });
  for (const email of IDENTIFIERS) await users.createWithPassword({ email, name: email, role: 'sales_rep', locale: 'en' }, PASSWORD);
  await database.db.destroy();
  const server = await startChildServer(path.join(ROOT, 'src/server/main.ts'), env, '/healthz');
  // PUBLIC_URL defaults to http://localhost:PORT, which is the Origin the server accepts.
  const origin = `http://localhost:${new URL(server.url).port}`;
  return {
    url: server.url,
    origin,
    stop: async () => {
      await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function argon2RatePerSecond(): Promise<number> {
  const hasher = createPasswordHasher();
  const stored = await hasher.hash(PASSWORD);
  const concurrency = os.availableParallelism() * 2; // keep every core busy while results come back
  const deadline = performance.now() + DURATION_SECONDS * 1000;
  let count = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        await hasher.verify(stored, PASSWORD);
        count++;
      }
    }),
  );
  return count / ((performance.now() - started) / 1000);
}

async function benchLogin(): Promise<void> {
  const hashRates: number[] = [];
  const loginRates: number[] = [];
  const p99s: number[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    hashRates.push(await argon2RatePerSecond());
    const server = await startCairn();
    try {
      let next = 0;
      const result = await load({
        url: `${server.url}/api/auth/login`,
        connections: CONNECTIONS,
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: server.origin },
        requests: [
          {
            setupRequest: (request) => ({
              ...request,
              body: JSON.stringify({ identifier: IDENTIFIERS[next++ % IDENTIFIERS.length], password: PASSWORD }),
            }),
          },
        ],
      });
      if (result.non2xx > 0) throw new Error(`${result.non2xx} sign-ins failed`);
      loginRates.push(result.requestsPerSecond);
      p99s.push(result.p99Milliseconds);
    } finally {
      await server.stop();
    }
    console.log(`  round ${round}: argon2id ${format(hashRates.at(-1)!, 1)}/s, sign-ins ${format(loginRates.at(-1)!, 1)}/s`);
  }
  const hashes = median(hashRates);
  const logins = median(loginRates);
  console.log(`login (median of ${ROUNDS} rounds, ${os.availableParallelism()} cores)`);
  console.log(`  bare argon2id verifications/s (all cores): ${format(hashes, 1)}`);
  console.log(`  password sign-ins/s over HTTP, 16 connections: ${format(logins, 1)} (p99 ${format(median(p99s))} ms)`);
  // The ratio is taken per round (baseline and measurement side by side), then the median.
  const ratios = loginRates.map((rate, i) => rate / hashRates[i]!);
  console.log(`  ratio: ${format(median(ratios), 2)} (goal ≥ 0.90; rounds: ${ratios.map((r) => format(r, 2)).join(', ')})`);
}

async function benchSession(): Promise<void> {
  const helloRates: number[] = [];
  const meRates: number[] = [];
  const helloP99: number[] = [];
  const meP99: number[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const hello = await startChildServer(path.join(ROOT, 'bench/hello-server.ts'), { LOG_LEVEL: 'info' }, '/hello');
    try {
      const result = await load({ url: `${hello.url}/hello`, connections: CONNECTIONS });
      helloRates.push(result.requestsPerSecond);
      helloP99.push(result.p99Milliseconds);
    } finally {
      await hello.stop();
    }
    const cairn = await startCairn();
    try {
      const signIn = await fetch(`${cairn.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: cairn.origin },
        body: JSON.stringify({ identifier: IDENTIFIERS[0], password: PASSWORD }),
      });
      const cookie = signIn.headers.getSetCookie()[0]!.split(';')[0]!;
      const result = await load({ url: `${cairn.url}/api/auth/me`, connections: CONNECTIONS, headers: { cookie } });
      if (result.non2xx > 0) throw new Error(`${result.non2xx} requests failed`);
      meRates.push(result.requestsPerSecond);
      meP99.push(result.p99Milliseconds);
    } finally {
      await cairn.stop();
    }
    console.log(`  round ${round}: hello ${format(helloRates.at(-1)!)}/s, /api/auth/me ${format(meRates.at(-1)!)}/s`);
  }
  const hello = median(helloRates);
  const me = median(meRates);
  console.log(`session (median of ${ROUNDS} rounds, 16 connections, load generator on the same machine)`);
  console.log(`  bare Fastify hello world: ${format(hello)} req/s, p99 ${format(median(helloP99))} ms`);
  console.log(`  GET /api/auth/me with a session: ${format(me)} req/s, p99 ${format(median(meP99))} ms`);
  const ratios = meRates.map((rate, i) => rate / helloRates[i]!);
  console.log(`  ratio: ${format(median(ratios), 2)} (goal ≥ 0.70; rounds: ${ratios.map((r) => format(r, 2)).join(', ')})`);
}

const BENCHES: Record<string, () => Promise<void>> = { login: benchLogin, session: benchSession };
const wanted = process.argv[2] ?? 'all';
const selected = wanted === 'all' ? Object.keys(BENCHES) : [wanted];
for (const name of selected) {
  const bench = BENCHES[name];
  if (!bench) {
    console.error(`unknown benchmark "${name}"; choose one of: ${Object.keys(BENCHES).join(', ')}, all`);
    process.exit(2);
  }
  await bench();
}
