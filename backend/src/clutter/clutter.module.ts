import { Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { QueueName } from '../jobs/queues';
import { ClutterController } from './clutter.controller';
import { ClutterService } from './clutter.service';
import { ClutterImporter } from './clutter-importer';
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
 * The worker's part: the import job, which also runs the delayed coverage recompute of terrain and clutter imports.
 * The recompute and the city grid come from coverage through the tokens of common/coverage-hooks.ts (the worker
 * imports CoverageHooksModule), so clutter does not import coverage.
 */
@Module({
  imports: [ClutterModule],
  providers: [ClutterImporter, ImportClutterJob],
})
export class ClutterWorkerModule {}
