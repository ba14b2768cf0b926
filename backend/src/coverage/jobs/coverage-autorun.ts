import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/config';
import { CoverageService } from '../coverage.service';
import { CoverageRepository } from '../coverage.repository';

/** On a worker's first start against a database with no coverage yet, computes the city once (COVERAGE_AUTORUN). */
@Injectable()
export class CoverageAutorun implements OnApplicationBootstrap {
  private readonly log = new Logger(CoverageAutorun.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly coverage: CoverageService,
    private readonly repo: CoverageRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.coverage.autorun) return;
    if ((await this.repo.liveOrCompletedRuns()) > 0) return;
    try {
      const run = await this.coverage.startFullRun('first start');
      this.log.log({ runId: run.id }, 'no coverage yet: whole-city recompute started');
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'could not start the first coverage run');
    }
  }
}
