import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { Client } from 'pg';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/config';
import { JobName, QueueName, RecomputeCoverageNearPayload } from '../../jobs/queues';

/**
 * Listens for changes to what radiates (database NOTIFY from the tenancy and structure triggers), gathers them
 * for a short while and queues one incremental recompute, so the map is current within seconds of an edit.
 */
@Injectable()
export class CoverageDirtyListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(CoverageDirtyListener.name);
  private client?: Client;
  private structures = new Set<number>();
  private tenancies = new Set<number>();
  private timer?: NodeJS.Timeout;
  private firstAt = 0;

  static readonly DEBOUNCE_MS = 300;
  static readonly MAX_WAIT_MS = 2000;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectQueue(QueueName.Coverage) private readonly queue: Queue,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.client = new Client({ connectionString: this.config.database.url, application_name: 'cosite-coverage-listener' });
    this.client.on('notification', (msg) => this.onChange(msg.payload));
    this.client.on('error', (err) => this.log.error({ err: err.message }, 'coverage listener connection lost'));
    await this.client.connect();
    await this.client.query('LISTEN coverage_dirty');
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    await this.flush();
    await this.client?.end().catch(() => undefined);
  }

  private onChange(payload: string | undefined): void {
    try {
      const p = JSON.parse(payload ?? '{}') as { structureId?: number; tenancyId?: number };
      if (p.structureId) this.structures.add(Number(p.structureId));
      if (p.tenancyId) this.tenancies.add(Number(p.tenancyId));
    } catch {
      return;
    }
    const now = Date.now();
    if (!this.firstAt) this.firstAt = now;
    if (this.timer) clearTimeout(this.timer);
    const wait = Math.max(0, Math.min(CoverageDirtyListener.DEBOUNCE_MS, this.firstAt + CoverageDirtyListener.MAX_WAIT_MS - now));
    this.timer = setTimeout(() => void this.flush(), wait);
  }

  private async flush(): Promise<void> {
    if (!this.structures.size && !this.tenancies.size) return;
    const data: RecomputeCoverageNearPayload = { structureIds: [...this.structures], tenancyIds: [...this.tenancies] };
    this.structures.clear();
    this.tenancies.clear();
    this.firstAt = 0;
    await this.queue.add(JobName.RecomputeCoverageNear, data, { attempts: 3, backoff: { type: 'exponential', delay: 500 } });
  }
}
