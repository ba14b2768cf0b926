import { Global, Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { CITY_GRID, COVERAGE_RECOMPUTE } from '../common/coverage-hooks';
import { QueueName } from '../jobs/queues';
import { CoverageCoreModule } from './coverage-core.module';
import { CoverageRecompute } from './coverage-recompute';
import { CoverageService } from './coverage.service';

/**
 * What the terrain and clutter import jobs need from coverage, behind the tokens of common/coverage-hooks.ts: the
 * recompute after an import and the city grid, on the process's one CoverageService. Global, imported once by the
 * worker, so the import modules reach it without importing coverage.
 */
@Global()
@Module({
  imports: [CoverageCoreModule, BullModule.registerQueue({ name: QueueName.Clutter })],
  providers: [CoverageRecompute, { provide: COVERAGE_RECOMPUTE, useExisting: CoverageRecompute }, { provide: CITY_GRID, useExisting: CoverageService }],
  exports: [COVERAGE_RECOMPUTE, CITY_GRID],
})
export class CoverageHooksModule {}
