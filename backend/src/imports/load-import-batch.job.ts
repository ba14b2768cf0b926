import { Logger } from '@nestjs/common';
import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { JobName, LoadImportBatchPayload, QueueName } from '../jobs/queues';
import { ImportsService } from './imports.service';

@Processor(QueueName.Imports, { concurrency: 1 })
export class LoadImportBatchJob extends WorkerHost {
  private readonly log = new Logger(LoadImportBatchJob.name);

  constructor(private readonly imports: ImportsService) {
    super();
  }

  async process(job: Job<LoadImportBatchPayload>): Promise<string> {
    if (job.name !== JobName.LoadImportBatch) throw new Error(`no handler for job ${job.name}`);
    return this.imports.run(job.data.batchId);
  }

  /** After the last retry, the batch says so instead of staying "running" forever. */
  @OnWorkerEvent('failed')
  async onFailed(job: Job<LoadImportBatchPayload> | undefined, err: Error): Promise<void> {
    if (!job) return;
    this.log.warn({ batchId: job.data.batchId, attempt: job.attemptsMade, err: err.message }, 'import attempt failed');
    if (job.attemptsMade >= (job.opts.attempts ?? 1)) await this.imports.fail(job.data.batchId, err.message);
  }
}
