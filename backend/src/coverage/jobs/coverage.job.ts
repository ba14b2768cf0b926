import { Logger } from '@nestjs/common';
import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { ComputeCoverageChunkPayload, JobName, QueueName, RecomputeCoverageNearPayload } from '../../jobs/queues';
import { CoverageService } from '../coverage.service';
import { CoverageRepository } from '../coverage.repository';

/**
 * The coverage queue: whole-city chunks and incremental recomputes, one handler each. A worker's first chunk loads the
 * grid's terrain and clutter, seconds of CPU that hold the event loop; on a busy 2-core machine that outlasted BullMQ's
 * 30 s lock, the chunk was taken as stalled and computed twice. Two minutes covers it.
 */
@Processor(QueueName.Coverage, { concurrency: 1, lockDuration: 120_000 })
export class CoverageJob extends WorkerHost {
  private readonly log = new Logger(CoverageJob.name);

  constructor(
    private readonly coverage: CoverageService,
    private readonly repo: CoverageRepository,
  ) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name) {
      case JobName.ComputeCoverageChunk:
        return this.coverage.computeChunk(job.data as ComputeCoverageChunkPayload);
      case JobName.RecomputeCoverageNear:
        return this.coverage.recomputeNear(job.data as RecomputeCoverageNearPayload);
      default:
        throw new Error(`no handler for job ${job.name} on queue ${QueueName.Coverage}`);
    }
  }

  /** A chunk that failed its last attempt fails its run (its other chunks keep their rows; retry redoes the rest). */
  @OnWorkerEvent('failed')
  async onFailed(job: Job | undefined, err: Error): Promise<void> {
    if (!job || job.name !== JobName.ComputeCoverageChunk) return;
    this.log.warn({ runId: job.data.runId, chunk: job.data.chunk, attempt: job.attemptsMade, err: err.message }, 'coverage chunk failed');
    if (job.attemptsMade >= (job.opts.attempts ?? 1)) await this.repo.setRunStatus(job.data.runId, 'failed', `chunk ${job.data.chunk}: ${err.message}`);
  }
}
