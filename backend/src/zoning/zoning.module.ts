import { Module } from '@nestjs/common';
import { featureLayerController } from '../common/feature-layer.controller';
import { OVERLAY_LAYER } from './overlay.layer';

/** Planning overlays (scenic, heritage, flood, sensitive sites, reserved telecom land, no-build zones). */
@Module({ controllers: [featureLayerController(OVERLAY_LAYER, 'zoning')] })
export class ZoningModule {}
