import { Module } from '@nestjs/common';
import { ZoningModule } from '../zoning/zoning.module';
import { KpiController } from './kpi.controller';
import { KpiRepository } from './kpi.repository';
import { SharingKpiService } from './sharing-kpi.service';
import { DashboardService } from './dashboard.service';
import { CoverageModule } from '../coverage/coverage.module';

/** The regulator's measures: sharing and co-build rates, computed in SQL. */
@Module({ imports: [ZoningModule, CoverageModule], controllers: [KpiController], providers: [KpiRepository, SharingKpiService, DashboardService] })
export class KpiModule {}
