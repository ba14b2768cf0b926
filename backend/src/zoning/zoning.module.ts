import { Module } from '@nestjs/common';
import { featureLayerController } from '../layers/feature-layer.controller';
import { OVERLAY_LAYER } from './overlay.layer';
import { RulesService } from './rules.service';
import { SitingService } from './siting.service';
import { ZoningController } from './zoning.controller';

/** The planning bureau's side: zoning overlays, the regulation rules table and the siting rule engine. */
@Module({ controllers: [featureLayerController(OVERLAY_LAYER, 'zoning'), ZoningController], providers: [RulesService, SitingService], exports: [RulesService, SitingService] })
export class ZoningModule {}
