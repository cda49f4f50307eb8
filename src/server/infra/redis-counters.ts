/**
 * Counters in Redis (REDIS_URL), shared by every app server: sign-in throttles, guess limits,
 * send limits. Each method is one Redis command or one Lua script, so it is atomic across
 * processes. A counter is a hash {count, expiresAt}: the lapse time is the caller's `now` plus
 * the window, kept with the count and compared with the caller's `now`, so a counter behaves as
 * the in-memory one under any clock (tests use a fixed clock, far from Redis's own time). Redis's
 * own TTL (relative, the window) only frees the memory of lapsed counters.
 *
 * An unreachable or failing Redis fails closed: every call throws `service_unavailable` (503),
 * never a count of zero that would let attempts through.
 */
import { Redis } from 'ioredis';
import { AppError } from '../errors.ts';
import type { Counter, Counters } from './counters.ts';

export const REDIS_COUNTERS_KEY_PREFIX = 'cairn:counters:';
/** A request waits at most this long for Redis before it answers 503 (the sign-in makes about 5 calls). */
export const REDIS_COMMAND_TIMEOUT_MILLISECONDS = 2_000;
/** How long start-up waits for a first connection before it gives up. */
export const REDIS_CONNECT_TIMEOUT_MILLISECONDS = 5_000;

// KEYS[1] counter; ARGV now, expiresAt for a new count, window. A lapsed count starts anew.
const INCREMENT_SCRIPT = `
local expiresAt = redis.call('HGET', KEYS[1], 'expiresAt')
if expiresAt and tonumber(expiresAt) > tonumber(ARGV[1]) then
  return {redis.call('HINCRBY', KEYS[1], 'count', 1), expiresAt}
end
redis.call('HSET', KEYS[1], 'count', 1, 'expiresAt', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return {1, ARGV[2]}
`;

// Never below zero, never creates a counter; HINCRBY keeps the key's TTL.
const DECREMENT_SCRIPT = `
local count = tonumber(redis.call('HGET', KEYS[1], 'count'))
if count and count > 0 then redis.call('HINCRBY', KEYS[1], 'count', -1) end
return 0
`;

interface CounterScripts {
  cairnCounterIncrement(key: string, now: string, expiresAt: string, windowMilliseconds: string): Promise<[number, string]>;
  cairnCounterDecrement(key: string): Promise<number>;
}

export interface RedisLog {
  error(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

/**
 * What may be logged of a Redis error: ioredis attaches the failed command with its arguments
 * (`err.command.args`), and for AUTH those are the password; keys carry e-mail addresses.
 */
export function describeRedisError(error: unknown): { type: string; message: string; code?: string } {
  if (!(error instanceof Error)) return { type: typeof error, message: String(error) };
  const code = (error as { code?: unknown }).code;
  return { type: error.name, message: error.message, ...(typeof code === 'string' ? { code } : {}) };
}

/** Counters over an ioredis client; `onError` hears each failed call before it becomes a 503. */
export function createRedisCounters(redis: Redis, options: { prefix?: string; onError?: (error: unknown) => void } = {}): Counters {
  const prefix = options.prefix ?? REDIS_COUNTERS_KEY_PREFIX;
  redis.defineCommand('cairnCounterIncrement', { numberOfKeys: 1, lua: INCREMENT_SCRIPT });
  redis.defineCommand('cairnCounterDecrement', { numberOfKeys: 1, lua: DECREMENT_SCRIPT });
  const scripts = redis as Redis & CounterScripts;
  const failClosed = (error: unknown): never => {
    options.onError?.(error);
    throw new AppError('service_unavailable');
  };
  return {
    increment: async (key, windowMilliseconds, now) => {
      const [count, expiresAt] = await scripts
        .cairnCounterIncrement(prefix + key, String(now), String(now + windowMilliseconds), String(windowMilliseconds))
        .catch(failClosed);
      return { count, expiresAt: Number(expiresAt) };
    },
    decrement: async (key) => {
      await scripts.cairnCounterDecrement(prefix + key).catch(failClosed);
    },
    get: async (key, now) => {
      const [count, expiresAt] = await redis.hmget(prefix + key, 'count', 'expiresAt').catch(failClosed);
      if (count === null || expiresAt === null || Number(expiresAt) <= now) return undefined;
      return { count: Number(count), expiresAt: Number(expiresAt) } satisfies Counter;
    },
    reset: async (key) => {
      await redis.del(prefix + key).catch(failClosed);
    },
  };
}

export interface RedisCountersConnection {
  counters: Counters;
  /** Resolves once Redis answers; rejects with an operator-readable message (no URL, no password). */
  connect(): Promise<void>;
  close(): Promise<void>;
}

/**
 * One client for the app server's counters. Commands are never queued while Redis is away
 * (no offline queue, no retries): a request fails at once with 503 instead of waiting, and is
 * never replayed later. The client reconnects on its own; the log says when Redis went away and
 * when it came back, once each, not at every reconnection attempt.
 */
export function openRedisCounters(options: { url: string; log: RedisLog; prefix?: string }): RedisCountersConnection {
  const { log } = options;
  const redis = new Redis(options.url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    commandTimeout: REDIS_COMMAND_TIMEOUT_MILLISECONDS,
    connectTimeout: REDIS_CONNECT_TIMEOUT_MILLISECONDS,
  });
  let down = false;
  let lastError: unknown;
  redis.on('error', (error: unknown) => {
    lastError = error;
    if (down) return;
    down = true;
    log.error({ redis: describeRedisError(error) }, 'Redis does not answer: sign-in and other counted requests answer 503 until it does');
  });
  let closing = false;
  redis.on('close', () => {
    if (down || closing) return;
    down = true;
    log.error({}, 'lost the connection to Redis: sign-in and other counted requests answer 503 until it is back');
  });
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    log.info({}, 'Redis answers again');
  });
  const counters = createRedisCounters(redis, {
    ...(options.prefix !== undefined ? { prefix: options.prefix } : {}),
    onError: (error) => {
      // While Redis is away the 'error' event has said so once; other failures (a timeout, OOM) are logged each.
      if (redis.status === 'ready') log.error({ redis: describeRedisError(error) }, 'a Redis counter call failed');
    },
  });
  return {
    counters,
    connect: async () => {
      try {
        await redis.connect();
      } catch (error) {
        redis.disconnect();
        // connect() rejects with "Connection is closed."; the cause (refused, wrong password) came as an 'error' event.
        throw new Error(`Cannot reach Redis (REDIS_URL): ${describeRedisError(lastError ?? error).message}`);
      }
    },
    close: async () => {
      closing = true;
      if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
      else redis.disconnect();
    },
  };
}
