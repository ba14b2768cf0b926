import { Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { QueueName } from '../jobs/queues';
import { TerrainController } from './terrain.controller';
import { TerrainService } from './terrain.service';
import { TerrainGrid } from './terrain-grid';
import { LinkProfileService } from './link-profile.service';
import { ImportTerrainJob } from './jobs/import-terrain.job';
import { HillshadeService } from './hillshade.service';

/** Terrain: DEM imports, the tiles, the in-memory mosaic (TerrainGrid) and the link-profile API. */
@Module({
  imports: [BullModule.registerQueue({ name: QueueName.Terrain })],
  controllers: [TerrainController],
  providers: [TerrainService, TerrainGrid, LinkProfileService, HillshadeService],
  exports: [TerrainService, TerrainGrid],
})
export class TerrainModule {}

/** The worker's part: the import job, on top of the module's services (the coverage recompute after an import comes from CoverageHooksModule). */
@Module({ imports: [TerrainModule], providers: [ImportTerrainJob] })
export class TerrainWorkerModule {}
