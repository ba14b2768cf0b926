import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { JobName, QueueName, RunPlanPayload } from '../../jobs/queues';
import { PlansService } from '../plans.service';

/** One plan at a time per worker: a plan is CPU-bound (the coverage engine over its candidates). */
@Processor(QueueName.Plans, { concurrency: 1, lockDuration: 120_000 })
export class RunPlanJob extends WorkerHost {
  constructor(private readonly plans: PlansService) {
    super();
  }

  async process(job: Job<RunPlanPayload>): Promise<void> {
    if (job.name !== JobName.RunPlan) throw new Error(`no handler for job ${job.name}`);
    await this.plans.run(job.data.planId);
  }

  @OnWorkerEvent('failed')
  async onFailed(job: Job<RunPlanPayload> | undefined, err: Error): Promise<void> {
    if (job && job.attemptsMade >= (job.opts.attempts ?? 1)) await this.plans.fail(job.data.planId, err.message);
  }
}
