import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { InjectQueue } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { QueueName } from '../jobs/queues';

/** Liveness of everything Cosite stands on: PostgreSQL with PostGIS, Redis, and the job queue with its worker. */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    private readonly db: DataSource,
    @InjectQueue(QueueName.Imports) private readonly imports: Queue,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([() => this.database(), () => this.postgis(), () => this.redis(), () => this.queue()]);
  }

  private async database() {
    const session = this.indicator.check('database');
    try {
      const [r] = await withTimeout(this.db.query(`SELECT current_setting('server_version') AS version, current_database() AS name`));
      return session.up({ version: r.version, database: r.name });
    } catch (e) {
      return session.down({ message: (e as Error).message });
    }
  }

  private async postgis() {
    const session = this.indicator.check('postgis');
    try {
      const [r] = await withTimeout(this.db.query(`SELECT postgis_lib_version() AS version, postgis_geos_version() AS geos, postgis_proj_version() AS proj`));
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
      const [counts, workers] = await withTimeout(Promise.all([this.imports.getJobCounts('waiting', 'active', 'failed', 'delayed'), this.imports.getWorkersCount()]));
      // No worker means imports would wait forever: report it as down.
      return workers > 0 ? session.up({ name: QueueName.Imports, workers, ...counts }) : session.down({ name: QueueName.Imports, workers, message: 'no worker is consuming the queue' });
    } catch (e) {
      return session.down({ message: (e as Error).message });
    }
  }
}

function withTimeout<T>(p: Promise<T>, ms = 3000): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref())]);
}
