import { Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { CoverageCoreModule } from '../coverage/coverage-core.module';
import { QueueName } from '../jobs/queues';
import { ClutterController } from './clutter.controller';
import { ClutterService } from './clutter.service';
import { ClutterImporter } from './clutter-importer';
import { CoverageRecompute } from './coverage-recompute';
import { ImportClutterJob } from './jobs/import-clutter.job';

/** Clutter (land-use) classes per coverage-grid cell: imports of classified rasters, counts. */
@Module({
  imports: [BullModule.registerQueue({ name: QueueName.Clutter })],
  controllers: [ClutterController],
  providers: [ClutterService],
  exports: [ClutterService, BullModule],
})
export class ClutterModule {}

/**
 * The worker's part: the import job and the coverage recompute after terrain and clutter imports (the terrain
 * worker module imports this one for it), on the process's one CoverageService.
 */
@Module({
  imports: [ClutterModule, CoverageCoreModule],
  providers: [ClutterImporter, CoverageRecompute, ImportClutterJob],
  exports: [CoverageRecompute],
})
export class ClutterWorkerModule {}
