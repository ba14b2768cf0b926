import { Module } from '@nestjs/common';
import { ColocationController } from './colocation.controller';
import { ColocationService } from './colocation.service';
import { DemandBatchesService } from './demand-batches.service';
import { CoBuildService } from './co-build.service';
import { NewBuildSiting } from './new-build-siting';
import { GapDemandService } from './gap-demand.service';
import { CoverageModule } from '../coverage/coverage.module';
import { ZoningModule } from '../zoning/zoning.module';

/** Share before build: one demand, batches of demands, and co-build groups of new-build demands. */
@Module({
  imports: [CoverageModule, ZoningModule],
  controllers: [ColocationController],
  providers: [ColocationService, DemandBatchesService, CoBuildService, NewBuildSiting, GapDemandService],
  exports: [ColocationService, DemandBatchesService],
})
export class ColocationModule {}
