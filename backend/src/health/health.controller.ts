import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { healthResult, type HealthResult } from '@cosite/contracts';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { InjectQueue } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import type { Response } from 'express';
import { QueueName } from '../jobs/queues';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { Returns } from '../common/dto';
import { HealthRepository } from './health.repository';
import { readHeartbeats } from './listener-heartbeat';

/**
 * Everything Cosite stands on: PostgreSQL with PostGIS and Redis (without them this API cannot answer: status
 * "error", 503), and the background side — the job queue's worker and the worker's coverage listener (without
 * them the API still serves, but imports wait and coverage goes stale: status "degraded", 200). A load balancer
 * that takes 503 as "replace this instance" so never kills a healthy API for a dead worker; a human (or a
 * monitor) reads `status` and `error`.
 */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly indicator: HealthIndicatorService,
    private readonly db: HealthRepository,
    @InjectQueue(QueueName.Imports) private readonly imports: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @ApiOperation({ summary: 'ok (200), degraded: worker or coverage listener down (200), error: database, PostGIS or Redis down (503)' })
  @Returns(healthResult, { description: 'ok or degraded; the same body comes with a 503 when status is error' })
  async check(@Res({ passthrough: true }) res: Response): Promise<HealthResult> {
    const [core, background] = await Promise.all([Promise.all([this.database(), this.postgis(), this.redis()]), Promise.all([this.queue(), this.listener()])]);
    const merge = (rs: HealthIndicatorResult[]) => Object.assign({}, ...rs) as HealthIndicatorResult;
    const details = merge([...core, ...background]);
    const pick = (s: 'up' | 'down') => Object.fromEntries(Object.entries(details).filter(([, v]) => v.status === s));
    const coreDown = core.some((r) => Object.values(r)[0].status === 'down');
    const backgroundDown = background.some((r) => Object.values(r)[0].status === 'down');
    const status = coreDown ? 'error' : backgroundDown ? 'degraded' : 'ok';
    res.status(coreDown ? 503 : 200);
    return { status, info: pick('up'), error: pick('down'), details };
  }

  private async database() {
    const session = this.indicator.check('database');
    try {
      const r = await withTimeout(this.db.database());
      return session.up({ version: r.version, database: r.name });
    } catch (e) {
      return session.down({ message: (e as Error).message });
    }
  }

  private async postgis() {
    const session = this.indicator.check('postgis');
    try {
      const r = await withTimeout(this.db.postgis());
      return session.up({ version: r.version, geos: r.geos, proj: r.proj });
    } catch (e) {
      return session.down({ message: (e as Error).message });
    }
  }

  private async redis() {
    const session = this.indicator.check('redis');
    try {
      const client = (await this.imports.client) as unknown as import('ioredis').Redis;
      const pong = await withTimeout(client.ping());
      const info = await withTimeout(client.info('server'));
      return session.up({ ping: pong, version: /redis_version:([^\r\n]+)/.exec(info)?.[1] });
    } catch (e) {
      return session.down({ message: (e as Error).message });
    }
  }

  private async queue() {
    const session = this.indicator.check('queue');
    try {
      const [counts, workers] = await withTimeout(
        Promise.all([this.imports.getJobCounts('waiting', 'active', 'failed', 'delayed'), this.imports.getWorkersCount()]),
      );
      // No worker means imports would wait forever: report it as down.
      return workers > 0
        ? session.up({ name: QueueName.Imports, workers, ...counts })
        : session.down({ name: QueueName.Imports, workers, message: 'no worker is consuming the queue' });
    } catch (e) {
      return session.down({ message: (e as Error).message });
    }
  }

  /** Each worker's coverage listener, from its heartbeat in Redis (see listener-heartbeat.ts). */
  private async listener() {
    const session = this.indicator.check('coverageListener');
    try {
      const redis = (await this.imports.client) as unknown as import('ioredis').Redis;
      const listeners = await withTimeout(readHeartbeats(redis, this.config.queue.prefix));
      if (!listeners.length) return session.down({ listeners, message: 'no coverage listener is running: edits do not update coverage' });
      const lost = listeners.filter((l) => l.state !== 'listening');
      if (lost.length)
        return session.down({
          listeners,
          message: `${lost.length} of ${listeners.length} coverage listeners lost their database connection and are reconnecting`,
        });
      return session.up({ listeners });
    } catch (e) {
      return session.down({ message: (e as Error).message });
    }
  }
}

function withTimeout<T>(p: Promise<T>, ms = 3000): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref())]);
}
