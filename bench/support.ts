/** Shared pieces of the benchmarks: child servers, the load generator, medians. */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import autocannon from 'autocannon';
import { freePort } from '../test/support/processes.ts';

export const NODE = process.execPath;
export const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
export const DURATION_SECONDS = Number(process.env.BENCH_SECONDS ?? 8);

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}


export interface ChildServer {
  url: string;
  stop(): Promise<void>;
}

/** Starts a server script as its own process (as in production) and waits until `readyPath` answers. */
export async function startChildServer(script: string, env: Record<string, string>, readyPath: string): Promise<ChildServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(NODE, [script], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    try {
      if ((await fetch(url + readyPath)).ok) break;
    } catch {
      // not listening yet
    }
    if (attempt > 300 || child.exitCode !== null) throw new Error(`${script} did not start`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export interface LoadResult {
  requestsPerSecond: number;
  p99Milliseconds: number;
  non2xx: number;
}

export async function load(options: autocannon.Options): Promise<LoadResult> {
  const result = await autocannon({ duration: DURATION_SECONDS, ...options });
  return { requestsPerSecond: result.requests.average, p99Milliseconds: result.latency.p99, non2xx: result.non2xx + result.errors };
}

export function format(value: number, digits = 0): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}
