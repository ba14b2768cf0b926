import { Module } from '@nestjs/common';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { JobsModule } from './jobs/jobs.module';
import { loggerModule } from './app.module';
import { ImportsService } from './imports/imports.service';
import { LoadImportBatchJob } from './imports/load-import-batch.job';
import { CoverageCoreModule } from './coverage/coverage-core.module';
import { CoverageHooksModule } from './coverage/coverage-hooks.module';
import { CoverageJob } from './coverage/jobs/coverage.job';
import { CoverageDirtyListener } from './coverage/jobs/coverage-dirty.listener';
import { CoverageAutorun } from './coverage/jobs/coverage-autorun';
import { ColocationService } from './colocation/colocation.service';
import { DemandBatchesService } from './colocation/demand-batches.service';
import { AnalyseDemandBatchJob } from './colocation/jobs/analyse-demand-batch.job';
import { CoBuildService } from './colocation/co-build.service';
import { NewBuildSiting } from './colocation/new-build-siting';
import { RulesRepository } from './zoning/rules.repository';
import { RulesService } from './zoning/rules.service';
import { SitingRepository } from './zoning/siting.repository';
import { SitingService } from './zoning/siting.service';
import { ConsolidationService } from './poles/consolidation.service';
import { ConsolidatePolesJob } from './poles/consolidate-poles.job';
import { PolesRepository } from './poles/poles.repository';
import { InventoryWriter } from './inventory/inventory-writer';
import { TerrainWorkerModule } from './terrain/terrain.module';
import { ClutterWorkerModule } from './clutter/clutter.module';
import { PlansService } from './plans/plans.service';
import { PlansRepository } from './plans/plans.repository';
import { RunPlanJob } from './plans/jobs/run-plan.job';

/** The worker process: BullMQ processors, one per queue. */
@Module({
  imports: [ConfigModule, loggerModule, DatabaseModule, JobsModule, CoverageCoreModule, CoverageHooksModule, TerrainWorkerModule, ClutterWorkerModule],
  providers: [
    ImportsService,
    LoadImportBatchJob,
    CoverageJob,
    CoverageDirtyListener,
    CoverageAutorun,
    ColocationService,
    DemandBatchesService,
    CoBuildService,
    NewBuildSiting,
    RulesRepository,
    RulesService,
    SitingRepository,
    SitingService,
    AnalyseDemandBatchJob,
    ConsolidationService,
    PolesRepository,
    InventoryWriter,
    ConsolidatePolesJob,
    PlansService,
    PlansRepository,
    RunPlanJob,
  ],
})
export class WorkerModule {}
