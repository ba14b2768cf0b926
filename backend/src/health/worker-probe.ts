import * as os from 'node:os';
import IORedis from 'ioredis';
import { loadConfig, redisConnection } from '../config/config';
import { readHeartbeats } from './listener-heartbeat';

/**
 * `node worker-probe.js`: the worker container's health check. Healthy while a worker on this host keeps its
 * heartbeat in Redis (its event loop turns and it reaches Redis) and its coverage listener is connected.
 */
async function main(): Promise<number> {
  const config = loadConfig();
  const redis = new IORedis({ ...redisConnection(config.redis.url), lazyConnect: true, connectTimeout: 3000, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    const beats = await readHeartbeats(redis, config.queue.prefix, os.hostname());
    if (!beats.length) return fail('no heartbeat from a worker on this host');
    if (beats.some((b) => b.state !== 'listening')) return fail('coverage listener reconnecting');
    return 0;
  } finally {
    redis.disconnect();
  }
}

function fail(why: string): number {
  console.error(`worker unhealthy: ${why}`);
  return 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`worker unhealthy: ${(err as Error).message}`);
    process.exit(1);
  },
);
