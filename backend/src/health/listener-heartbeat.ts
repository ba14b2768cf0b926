import * as os from 'node:os';

/**
 * The coverage listener runs in the worker, out of the API's sight: each listener keeps a short-lived key in Redis
 * with its state, listed in a registry, and /health reads them. A key that expired means its worker stopped (the queue check sees it too).
 */
export interface ListenerHeartbeat {
  worker: string;
  state: 'listening' | 'reconnecting';
  /** when the current state began (ISO) */
  since: string;
  /** last time the listener had read the whole change log (ISO), null before the first catch-up */
  caughtUpAt: string | null;
  /** changes logged and not yet queued for recompute */
  backlog?: number;
  lastError?: string;
}

/** Written every HEARTBEAT_EVERY_MS, kept HEARTBEAT_TTL_MS: a missed beat or two is not yet an alarm. */
export const HEARTBEAT_EVERY_MS = 5000;
export const HEARTBEAT_TTL_MS = 15000;

type Redis = import('ioredis').Redis;

export const workerName = () => `${os.hostname()}:${process.pid}`;
const beatKey = (queuePrefix: string, worker: string) => `${queuePrefix}:health:coverage-listener:${worker}`;
/** Which workers have beaten lately, scored by when their beat expires: read in one step, never by scanning keys. */
const registryKey = (queuePrefix: string) => `${queuePrefix}:health:coverage-listeners`;

/** This worker's beat, and its place in the registry (expired places swept out on the way). */
export async function writeHeartbeat(redis: Redis, queuePrefix: string, beat: ListenerHeartbeat): Promise<void> {
  const now = Date.now();
  await redis
    .multi()
    .set(beatKey(queuePrefix, beat.worker), JSON.stringify(beat), 'PX', HEARTBEAT_TTL_MS)
    .zadd(registryKey(queuePrefix), now + HEARTBEAT_TTL_MS, beat.worker)
    .zremrangebyscore(registryKey(queuePrefix), '-inf', now)
    .exec();
}

export async function clearHeartbeat(redis: Redis, queuePrefix: string): Promise<void> {
  await redis.multi().del(beatKey(queuePrefix, workerName())).zrem(registryKey(queuePrefix), workerName()).exec();
}

/** The live beats, by worker name; `host` keeps only that host's workers (the container's own health check). */
export async function readHeartbeats(redis: Redis, queuePrefix: string, host?: string): Promise<ListenerHeartbeat[]> {
  const workers = (await redis.zrangebyscore(registryKey(queuePrefix), Date.now(), '+inf')).filter((w) => !host || w.startsWith(`${host}:`));
  if (!workers.length) return [];
  const values = await redis.mget(...workers.map((w) => beatKey(queuePrefix, w)));
  return values
    .filter((v): v is string => v !== null)
    .map((v) => JSON.parse(v) as ListenerHeartbeat)
    .sort((a, b) => a.worker.localeCompare(b.worker));
}
