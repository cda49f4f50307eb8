/**
 * A real Redis for the tests: Debian's `redis-server` (`.ci/run` installs it), one process per
 * test file on a free port, no persistence. A test can stop it, freeze it (SIGSTOP: the
 * connection stays open, nothing answers) and start it again on the same port.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { freePort } from './processes.ts';

/** An existing Redis for the tests that can share one (keys under a prefix of their own); unset = start one. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL;

export interface TestRedis {
  /** `redis://[:password@]127.0.0.1:port`. */
  url: string;
  port: number;
  /** Stops the server (SIGTERM; nothing is saved). */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty. */
  start(): Promise<void>;
  /** SIGSTOP / SIGCONT: the server keeps its connections but answers nothing while frozen. */
  freeze(): void;
  thaw(): void;
}

const READY = /Ready to accept connections/;

function launch(port: number, password: string | undefined): Promise<ChildProcess> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--loglevel', 'notice'];
  if (password !== undefined) args.push('--requirepass', password);
  return new Promise((resolve, reject) => {
    const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const onData = (chunk: string): void => {
      output += chunk;
      if (READY.test(output)) {
        child.stdout!.off('data', onData);
        child.stdout!.resume();
        resolve(child);
      }
    };
    child.stdout!.setEncoding('utf8').on('data', onData);
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'ENOENT' ? new Error('redis-server is not installed: apt-get install -y redis-server (see .ci/run)') : error),
    );
    child.once('exit', (code) => reject(new Error(`redis-server exited (${code}) before it was ready: ${output}`)));
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Starts a redis-server of this test file's own; `password` sets `requirepass`. */
export async function startRedis(options: { password?: string } = {}): Promise<TestRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined = await launch(port, options.password);
  // A test file that dies leaves no server behind.
  const killOnExit = (): void => void child?.kill('SIGKILL');
  process.once('exit', killOnExit);
  const auth = options.password === undefined ? '' : `:${encodeURIComponent(options.password)}@`;
  return {
    url: `redis://${auth}127.0.0.1:${port}`,
    port,
    stop: async () => {
      if (!child) return;
      const stopping = child;
      child = undefined;
      stopping.kill('SIGCONT');
      stopping.kill('SIGTERM');
      await exited(stopping);
      process.off('exit', killOnExit);
    },
    start: async () => {
      if (child) return;
      child = await launch(port, options.password);
      process.once('exit', killOnExit);
    },
    freeze: () => void child?.kill('SIGSTOP'),
    thaw: () => void child?.kill('SIGCONT'),
  };
}
