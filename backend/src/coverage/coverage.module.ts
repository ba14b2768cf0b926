import { Module } from '@nestjs/common';
import { CoverageController } from './coverage.controller';
import { CoverageCoreModule } from './coverage-core.module';
import { CoverageKpiService } from './coverage-kpi.service';
import { CapacityService } from './capacity.service';
import { featureLayerController } from '../layers/feature-layer.controller';
import { OBSERVED_CELL_LAYER } from './observed-cell.layer';

/** Radio coverage on H3: propagation models (pure, in propagation/), the engine (pure, in engine/), runs, KPIs, sector load. */
@Module({
  imports: [CoverageCoreModule],
  controllers: [CoverageController, featureLayerController(OBSERVED_CELL_LAYER, 'coverage')],
  providers: [CoverageKpiService, CapacityService],
  exports: [CoverageCoreModule, CoverageKpiService, CapacityService],
})
export class CoverageModule {}
