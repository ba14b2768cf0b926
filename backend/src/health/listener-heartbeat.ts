import * as os from 'node:os';

/**
 * The coverage listener runs in the worker, out of the API's sight: each listener keeps a short-lived key in Redis
 * with its state, and /health reads them. A key that expired means its worker stopped (the queue check sees it too).
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

export const heartbeatPattern = (queuePrefix: string) => `${queuePrefix}:health:coverage-listener:*`;
export const heartbeatKey = (queuePrefix: string) => `${queuePrefix}:health:coverage-listener:${os.hostname()}:${process.pid}`;
export const workerName = () => `${os.hostname()}:${process.pid}`;
