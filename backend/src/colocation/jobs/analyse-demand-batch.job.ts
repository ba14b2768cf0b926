import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { AnalyseDemandBatchPayload, JobName, QueueName } from '../../jobs/queues';
import { DemandBatchesService } from '../demand-batches.service';

// One chunk at a time per worker: on two cores a second chunk per worker only contends for CPU (measured).
@Processor(QueueName.Colocation, { concurrency: 1 })
export class AnalyseDemandBatchJob extends WorkerHost {
  constructor(private readonly batches: DemandBatchesService) {
    super();
  }

  async process(job: Job<AnalyseDemandBatchPayload>): Promise<void> {
    if (job.name !== JobName.AnalyseDemandBatch) throw new Error(`no handler for job ${job.name}`);
    await this.batches.run(job.data.batchId, job.data.chunk);
  }

  @OnWorkerEvent('failed')
  async onFailed(job: Job<AnalyseDemandBatchPayload> | undefined, err: Error): Promise<void> {
    if (job && job.attemptsMade >= (job.opts.attempts ?? 1)) await this.batches.fail(job.data.batchId, err.message);
  }
}
