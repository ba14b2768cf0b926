import { Inject, Logger } from '@nestjs/common';
import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { ImportClutterPayload, JobName, QueueName, RecomputeAfterImportPayload } from '../../jobs/queues';
import { ClutterImporter } from '../clutter-importer';
import { COVERAGE_RECOMPUTE, type CoverageRecomputeTrigger } from '../../common/coverage-hooks';

type ClutterJob = Job<ImportClutterPayload | RecomputeAfterImportPayload, string, string>;

/**
 * The clutter queue: imports, one at a time per worker (a raster can be 16 M pixels), and the delayed "recompute
 * once the running full run has ended" jobs of terrain and clutter imports.
 */
@Processor(QueueName.Clutter, { concurrency: 1 })
export class ImportClutterJob extends WorkerHost {
  private readonly log = new Logger(ImportClutterJob.name);

  constructor(
    private readonly importer: ClutterImporter,
    @Inject(COVERAGE_RECOMPUTE) private readonly recompute: CoverageRecomputeTrigger,
  ) {
    super();
  }

  async process(job: ClutterJob): Promise<string> {
    if (job.name === JobName.ImportClutter) return this.importer.run((job.data as ImportClutterPayload).importId);
    if (job.name === JobName.RecomputeAfterImport) return this.recompute.whenFree(job.data as RecomputeAfterImportPayload);
    throw new Error(`no handler for job ${job.name}`);
  }

  /** After the last retry the import says so instead of staying "running" forever. */
  @OnWorkerEvent('failed')
  async onFailed(job: ClutterJob | undefined, err: Error): Promise<void> {
    if (!job) return;
    if (job.name === JobName.RecomputeAfterImport) {
      if (job.attemptsMade >= (job.opts.attempts ?? 1))
        this.log.error(
          { reason: (job.data as RecomputeAfterImportPayload).reason, err: err.message },
          'gave up waiting to recompute coverage after an import: start one with POST /api/v1/coverage/runs',
        );
      return;
    }
    const { importId } = job.data as ImportClutterPayload;
    this.log.warn({ importId, attempt: job.attemptsMade, err: err.message }, 'clutter import attempt failed');
    if (job.attemptsMade >= (job.opts.attempts ?? 1)) await this.importer.fail(importId, err.message);
  }
}
