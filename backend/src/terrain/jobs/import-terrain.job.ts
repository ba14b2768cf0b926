import { Inject, Logger } from '@nestjs/common';
import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { ImportTerrainPayload, JobName, QueueName } from '../../jobs/queues';
import { TerrainService } from '../terrain.service';
import { COVERAGE_RECOMPUTE, type CoverageRecomputeTrigger } from '../../common/coverage-hooks';

/** One terrain import at a time per worker: a 1″ tile is 13 M samples and the machine's memory is shared. */
@Processor(QueueName.Terrain, { concurrency: 1 })
export class ImportTerrainJob extends WorkerHost {
  private readonly log = new Logger(ImportTerrainJob.name);

  constructor(
    private readonly terrain: TerrainService,
    @Inject(COVERAGE_RECOMPUTE) private readonly recompute: CoverageRecomputeTrigger,
  ) {
    super();
  }

  async process(job: Job<ImportTerrainPayload>): Promise<string> {
    if (job.name !== JobName.ImportTerrain) throw new Error(`no handler for job ${job.name}`);
    const result = await this.terrain.run(job.data.importId);
    // new heights change every link's diffraction: recompute the city (or once the running full run has ended)
    const done = await this.terrain.get(job.data.importId);
    if (result === 'done' && done.status === 'completed') {
      const note = await this.recompute.afterImport('terrain import', new Date(done.finishedAt!).toISOString());
      this.log.log({ importId: job.data.importId, recompute: note }, 'coverage recompute after a terrain import');
    }
    return result;
  }

  /** After the last retry the import says so instead of staying "running" forever. */
  @OnWorkerEvent('failed')
  async onFailed(job: Job<ImportTerrainPayload> | undefined, err: Error): Promise<void> {
    if (!job) return;
    this.log.warn({ importId: job.data.importId, attempt: job.attemptsMade, err: err.message }, 'terrain import attempt failed');
    if (job.attemptsMade >= (job.opts.attempts ?? 1)) await this.terrain.fail(job.data.importId, err.message);
  }
}
