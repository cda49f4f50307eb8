/** Runs Cairn's own entry points (`src/cli.ts`, `src/server/main.ts`) as child processes under Node 24. */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

export const REPOSITORY_DIR = path.resolve(import.meta.dirname, '../..');
/** The Node 24 the project pins (the system Node may be older and cannot strip types). */
export const NODE_BINARY = path.join(REPOSITORY_DIR, 'node_modules/.bin/node');

export interface ProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Only what the child needs: the test's own environment (DATABASE_URL, say) must not leak in. */
function childEnvironment(env: Record<string, string>): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...env };
}

/**
 * Runs a script to its end. `stdin`: a string is piped in and closed; `null` gives an empty,
 * closed standard input (what `cli user:create < /dev/null` sees).
 */
export function runScript(script: string, args: string[], options: { env: Record<string, string>; stdin?: string | null }): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(NODE_BINARY, [script, ...args], {
      cwd: REPOSITORY_DIR,
      env: childEnvironment(options.env),
      stdio: [typeof options.stdin === 'string' ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    if (typeof options.stdin === 'string') child.stdin!.end(options.stdin);
  });
}

export function runCLI(args: string[], options: { env: Record<string, string>; stdin?: string | null }): Promise<ProcessResult> {
  return runScript('src/cli.ts', args, options);
}

export interface RunningServer {
  child: ChildProcess;
  /** Resolves with everything written to stdout once `pattern` appears in it. */
  waitForOutput(pattern: RegExp): Promise<string>;
  /** Sends SIGTERM and resolves with the exit. */
  stop(): Promise<ProcessResult>;
}

/** Starts `src/server/main.ts` as `npm start` would (without the web build step). */
export function startServerProcess(env: Record<string, string>): RunningServer {
  const child = spawn(NODE_BINARY, ['src/server/main.ts'], { cwd: REPOSITORY_DIR, env: childEnvironment(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const waiters: Array<() => void> = [];
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    waiters.forEach((wake) => wake());
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<ProcessResult>((resolve) => child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return {
    child,
    waitForOutput: (pattern) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          if (pattern.test(stdout)) resolve(stdout);
        };
        waiters.push(check);
        check();
        void exited.then((result) => reject(new Error(`the server exited (${result.code}) before printing ${pattern}: ${result.stderr}`)));
      }),
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, 'localhost', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
