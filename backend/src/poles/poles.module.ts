import { Module } from '@nestjs/common';
import { InventoryModule } from '../inventory/inventory.module';
import { ZoningModule } from '../zoning/zoning.module';
import { ConsolidationService } from './consolidation.service';
import { PolesController } from './poles.controller';
import { PolesRepository } from './poles.repository';

/** Multi-pole integration: runs, proposals and their acceptance (the inventory written through its writer). */
@Module({
  imports: [ZoningModule, InventoryModule],
  controllers: [PolesController],
  providers: [ConsolidationService, PolesRepository],
  exports: [ConsolidationService],
})
export class PolesModule {}
