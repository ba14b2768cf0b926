import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { Client } from 'pg';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/config';
import { JobName, QueueName, RecomputeCoverageNearPayload } from '../../jobs/queues';
import { CoverageChangeLog } from '../coverage.repository';
import { HEARTBEAT_EVERY_MS, ListenerHeartbeat, clearHeartbeat, workerName, writeHeartbeat } from '../../health/listener-heartbeat';

/**
 * Keeps coverage current within seconds of an edit. The tenancy and structure triggers write each change to the
 * `coverage_change` log and NOTIFY coverage_dirty; on a notification (debounced) this claims the logged changes and
 * queues one incremental recompute for them. A NOTIFY sent while the connection is down is lost, the log row is
 * not: the listener reconnects with backoff and catches up on the log before it reports itself listening again.
 * Its state goes to Redis as a heartbeat for /health.
 */
@Injectable()
export class CoverageDirtyListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(CoverageDirtyListener.name);
  private client?: Client;
  private readonly dead = new WeakSet<Client>();
  private state: ListenerHeartbeat['state'] = 'reconnecting';
  private since = new Date();
  private caughtUpAt: Date | null = null;
  private lastError?: string;
  private attempt = 0;
  private stopped = false;
  private timer?: NodeJS.Timeout;
  private reconnectTimer?: NodeJS.Timeout;
  private beatTimer?: NodeJS.Timeout;
  private pollTimer?: NodeJS.Timeout;
  private firstAt = 0;
  private draining?: Promise<void>;
  private next?: Promise<void>;

  static readonly DEBOUNCE_MS = 300;
  static readonly MAX_WAIT_MS = 2000;
  /** reconnect after COVERAGE_LISTENER_RETRY_MS (1 s), doubling up to 30 s */
  static readonly RECONNECT_MAX_MS = 30_000;
  /** a periodic look at the log too, in case a claim failed (e.g. Redis away when the job was queued) */
  static readonly CATCH_UP_EVERY_MS = 60_000;
  /** changes claimed per transaction; a larger backlog is several jobs (a big one turns into a full run) */
  static readonly CLAIM_LIMIT = 5000;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectQueue(QueueName.Coverage) private readonly queue: Queue,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.beatTimer = setInterval(() => void this.heartbeat(), HEARTBEAT_EVERY_MS).unref();
    this.pollTimer = setInterval(() => void this.catchUp(), CoverageDirtyListener.CATCH_UP_EVERY_MS).unref();
    await this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    for (const t of [this.timer, this.reconnectTimer]) if (t) clearTimeout(t);
    for (const t of [this.beatTimer, this.pollTimer]) if (t) clearInterval(t);
    await this.drain().catch(() => undefined);
    const client = this.client;
    this.client = undefined;
    if (client) this.dead.add(client);
    await client?.end().catch(() => undefined);
    await this.queue.client.then((redis) => clearHeartbeat(redis as unknown as import('ioredis').Redis, this.config.queue.prefix)).catch(() => undefined);
  }

  private async connect(): Promise<void> {
    this.reconnectTimer = undefined;
    if (this.stopped) return;
    // keep-alive: a half-open connection (a dropped route, a failover) must end in an error, not a silent wait
    const client = new Client({
      connectionString: this.config.database.url,
      application_name: 'cosite-coverage-listener',
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
    client.on('notification', () => this.schedule());
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client, new Error('connection ended')));
    try {
      await client.connect();
      await CoverageChangeLog.listen(client);
      if (this.dead.has(client)) return;
      this.client = client;
      // what changed while nobody listened, before saying we are current
      const n = await this.catchUp();
      if (this.dead.has(client) || this.stopped) return;
      if (this.attempt > 0) this.log.log({ attempts: this.attempt, caughtUp: n }, 'coverage listener reconnected and caught up');
      this.attempt = 0;
      this.lastError = undefined;
      this.setState('listening');
    } catch (err) {
      this.lost(client, err as Error);
    }
  }

  /** The connection is gone (terminated, network, server restart): retry with backoff; nothing is lost meanwhile. */
  private lost(client: Client, err: Error): void {
    if (this.dead.has(client)) return;
    this.dead.add(client);
    void client.end().catch(() => undefined);
    if (this.client === client) this.client = undefined;
    if (this.stopped) return;
    const delay = Math.min(CoverageDirtyListener.RECONNECT_MAX_MS, this.config.coverage.listenerRetryMs * 2 ** this.attempt);
    this.attempt++;
    this.lastError = err.message;
    this.log.error({ err: err.message, attempt: this.attempt, retryInMs: delay }, 'coverage listener connection lost; reconnecting');
    if (this.state !== 'reconnecting') this.setState('reconnecting');
    else void this.heartbeat();
    if (!this.reconnectTimer) this.reconnectTimer = setTimeout(() => void this.connect(), delay);
  }

  private setState(state: ListenerHeartbeat['state']): void {
    this.state = state;
    this.since = new Date();
    void this.heartbeat();
  }

  private async heartbeat(): Promise<void> {
    const beat: ListenerHeartbeat = {
      worker: workerName(),
      state: this.state,
      since: this.since.toISOString(),
      caughtUpAt: this.caughtUpAt?.toISOString() ?? null,
      ...(this.lastError ? { lastError: this.lastError } : {}),
    };
    try {
      const redis = (await this.queue.client) as unknown as import('ioredis').Redis;
      await writeHeartbeat(redis, this.config.queue.prefix, beat);
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'could not write the coverage listener heartbeat');
    }
  }

  private schedule(): void {
    const now = Date.now();
    if (!this.firstAt) this.firstAt = now;
    if (this.timer) clearTimeout(this.timer);
    const wait = Math.max(0, Math.min(CoverageDirtyListener.DEBOUNCE_MS, this.firstAt + CoverageDirtyListener.MAX_WAIT_MS - now));
    this.timer = setTimeout(() => {
      this.firstAt = 0;
      this.timer = undefined;
      this.drain().catch((err) => this.log.warn({ err: (err as Error).message }, 'coverage changes not claimed yet; the next catch-up retries'));
    }, wait);
  }

  /** Reads the whole log; returns the changes claimed, or -1 when it could not (then it stays for the next try). */
  private async catchUp(): Promise<number> {
    const before = this.claimed;
    try {
      await this.drain();
      this.caughtUpAt = new Date();
      return this.claimed - before;
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'coverage change log not read; retried on the next catch-up');
      return -1;
    }
  }

  private claimed = 0;

  /**
   * One claimer at a time per listener. A call during a claim gets a fresh one right after it, whatever became of
   * the first (which may have died with the old connection while the caller holds a new one).
   */
  private drain(): Promise<void> {
    if (this.draining) {
      this.next ??= this.draining
        .catch(() => undefined)
        .then(() => {
          this.next = undefined;
          return this.drain();
        });
      return this.next;
    }
    this.draining = (async () => {
      while ((await this.claimBatch()) === CoverageDirtyListener.CLAIM_LIMIT);
    })().finally(() => {
      this.draining = undefined;
    });
    return this.draining;
  }

  /**
   * Deletes a batch of logged changes and queues their recompute in one transaction: if queueing fails the rows
   * stay. SKIP LOCKED lets several workers' listeners share the log without queueing the same change twice.
   */
  private async claimBatch(): Promise<number> {
    const c = this.client;
    if (!c) throw new Error('not connected');
    const n = await CoverageChangeLog.claim(c, CoverageDirtyListener.CLAIM_LIMIT, async (rows) => {
      const data: RecomputeCoverageNearPayload = {
        structureIds: [...new Set(rows.map((r) => Number(r.structure_id)))],
        tenancyIds: [...new Set(rows.filter((r) => r.tenancy_id !== null).map((r) => Number(r.tenancy_id)))],
      };
      // the log rows are gone once queued: the job keeps trying for about an hour (1 s doubling) through a database outage
      await this.queue.add(JobName.RecomputeCoverageNear, data, { attempts: 12, backoff: { type: 'exponential', delay: 1000 } });
    });
    this.claimed += n;
    return n;
  }
}
