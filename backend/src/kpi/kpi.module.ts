import { Module } from '@nestjs/common';
import { ZoningModule } from '../zoning/zoning.module';
import { KpiController } from './kpi.controller';
import { SharingKpiService } from './sharing-kpi.service';

/** The regulator's measures: sharing and co-build rates, computed in SQL. */
@Module({ imports: [ZoningModule], controllers: [KpiController], providers: [SharingKpiService] })
export class KpiModule {}
