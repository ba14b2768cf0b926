import { Module } from '@nestjs/common';
import { featureLayerController } from '../layers/feature-layer.controller';
import { STRUCTURE_LAYER } from './structure.layer';
import { TENANCY_LAYER } from './tenancy.layer';
import { ROUTE_LAYER } from './route.layer';
import { InventoryWriter } from './inventory-writer';

/** The shared inventory: structures, the tenancies on them, and linear routes (ducts, pole lines, cables). */
@Module({
  controllers: [
    featureLayerController(STRUCTURE_LAYER, 'inventory'),
    featureLayerController(TENANCY_LAYER, 'inventory'),
    featureLayerController(ROUTE_LAYER, 'inventory'),
  ],
  // approvals and multi-pole integration write the inventory through it
  providers: [InventoryWriter],
  exports: [InventoryWriter],
})
export class InventoryModule {}
