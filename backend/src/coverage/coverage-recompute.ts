import { Injectable, Logger } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import type { RecomputeNote } from '@cosite/contracts';
import { ApiError } from '../common/errors';
import type { CoverageRecomputeTrigger } from '../common/coverage-hooks';
import { CoverageService } from './coverage.service';
import { CoverageRepository } from './coverage.repository';
import { JobName, QueueName, RecomputeAfterImportPayload } from '../jobs/queues';

/** What became of the whole-city recompute an import asked for; kept in the clutter import's report. */
export type { RecomputeNote };

/** How long a pending recompute waits between tries: a full run of the city takes minutes. */
const RETRY_DELAY_MS = 60_000;
const RETRY_ATTEMPTS = 120;

/**
 * Terrain and clutter feed every cell's path loss, so a successful import starts a full coverage recompute. When a
 * full run is already going (startFullRun refuses with run_in_progress), that run reads the old data: a delayed job on the clutter
 * queue starts the recompute once it has ended (retrying every minute, for up to two hours). Imports finishing during
 * the same run share one such job.
 */
@Injectable()
export class CoverageRecompute implements CoverageRecomputeTrigger {
  private readonly log = new Logger(CoverageRecompute.name);

  constructor(
    private readonly coverage: CoverageService,
    private readonly runs: CoverageRepository,
    @InjectQueue(QueueName.Clutter) private readonly queue: Queue<RecomputeAfterImportPayload>,
  ) {}

  /** Never throws: the import has succeeded whatever becomes of the recompute. */
  async afterImport(reason: string, committedAt: string): Promise<RecomputeNote> {
    try {
      const run = await this.coverage.startFullRun(reason);
      this.log.log({ runId: run.id, reason }, 'coverage recompute started after an import');
      return { status: 'started', runId: run.id };
    } catch (err) {
      const busy = err instanceof ApiError && err.code === 'run_in_progress';
      const running = busy ? ((await this.runs.latestRuns(5).catch(() => [])).find((r) => r.kind === 'full' && r.status === 'running') ?? null) : null;
      try {
        await this.queue.add(
          JobName.RecomputeAfterImport,
          { reason, committedAt },
          {
            jobId: `recompute-after-${running?.id ?? committedAt.replace(/\W/g, '')}`,
            delay: RETRY_DELAY_MS,
            attempts: RETRY_ATTEMPTS,
            backoff: { type: 'fixed', delay: RETRY_DELAY_MS },
          },
        );
      } catch (queueErr) {
        this.log.error({ reason, err: (queueErr as Error).message }, 'coverage recompute after an import could not be started nor queued');
        return {
          status: 'not started',
          message: `${(err as Error).message}; queueing a later recompute failed too (${(queueErr as Error).message}): start one with POST /api/v1/coverage/runs`,
        };
      }
      const message = busy
        ? `a full recompute (${running?.id ?? 'unknown'}) was already running on the old data; a new one starts once it has ended`
        : `the recompute could not start (${(err as Error).message}); it is retried every minute`;
      this.log.warn({ reason, waitingFor: running?.id, err: (err as Error).message }, 'coverage recompute after an import is pending');
      return { status: 'pending', waitingFor: running?.id ?? null, message };
    }
  }

  /** The delayed job: starts the recompute unless a full run started after the import already covers it. Throws (to be retried) while a run is going. */
  async whenFree(p: RecomputeAfterImportPayload): Promise<string> {
    const committed = new Date(p.committedAt).getTime();
    const later = (await this.runs.latestRuns(5)).find(
      (r) => r.kind === 'full' && (r.status === 'running' || r.status === 'completed') && new Date(r.startedAt).getTime() >= committed,
    );
    if (later) return `covered by run ${later.id}`;
    const run = await this.coverage.startFullRun(p.reason);
    this.log.log({ runId: run.id, reason: p.reason }, 'pending coverage recompute started');
    return run.id;
  }
}
