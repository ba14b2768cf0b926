import { Module } from '@nestjs/common';
import { ZoningModule } from '../zoning/zoning.module';
import { ConsolidationService } from './consolidation.service';
import { PolesController } from './poles.controller';

@Module({
  imports: [ZoningModule],
  controllers: [PolesController],
  providers: [ConsolidationService],
})
export class PolesModule {}
