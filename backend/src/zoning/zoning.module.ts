import { Module } from '@nestjs/common';
import { featureLayerController } from '../layers/feature-layer.controller';
import { OVERLAY_LAYER } from './overlay.layer';
import { RulesRepository } from './rules.repository';
import { RulesService } from './rules.service';
import { SitingRepository } from './siting.repository';
import { SitingService } from './siting.service';
import { ZoningController } from './zoning.controller';

/** The planning bureau's side: zoning overlays, the regulation rules table and the siting rule engine. */
@Module({
  controllers: [featureLayerController(OVERLAY_LAYER, 'zoning'), ZoningController],
  providers: [RulesRepository, RulesService, SitingRepository, SitingService],
  exports: [RulesService, SitingService],
})
export class ZoningModule {}
