import { Module } from '@nestjs/common';
import { CoverageService } from './coverage.service';
import { CoverageRepository } from './coverage.repository';

/**
 * The coverage service and repository alone, so the API (through CoverageModule) and the worker share one instance
 * per process (it caches the city grid and the sectors): the worker's modules import this one.
 */
@Module({
  providers: [CoverageService, CoverageRepository],
  exports: [CoverageService, CoverageRepository],
})
export class CoverageCoreModule {}
