import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { ConsolidatePolesPayload, JobName, QueueName } from '../jobs/queues';
import { ConsolidationService } from './consolidation.service';

@Processor(QueueName.Poles, { concurrency: 1 })
export class ConsolidatePolesJob extends WorkerHost {
  constructor(private readonly consolidation: ConsolidationService) {
    super();
  }

  async process(job: Job<ConsolidatePolesPayload>): Promise<void> {
    if (job.name !== JobName.ConsolidatePoles) throw new Error(`no handler for job ${job.name}`);
    await this.consolidation.run(job.data.runId);
  }

  @OnWorkerEvent('failed')
  async onFailed(job: Job<ConsolidatePolesPayload> | undefined, err: Error): Promise<void> {
    if (job && job.attemptsMade >= (job.opts.attempts ?? 1)) await this.consolidation.fail(job.data.runId, err.message);
  }
}
