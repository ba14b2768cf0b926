import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  kpiDashboard,
  kpiDashboardQuery,
  type KpiDashboardQuery,
  kpiSharingQuery,
  type KpiSharingQuery,
  kpiSharingResult,
  type KpiSharingResult,
} from '@cosite/contracts';
import { jsonSchemaOf, QueryOf, Returns } from '../common/dto';
import { DashboardService } from './dashboard.service';
import { SharingKpiService } from './sharing-kpi.service';

@ApiTags('kpi')
@Controller('kpis')
export class KpiController {
  constructor(
    private readonly sharing: SharingKpiService,
    private readonly dashboard: DashboardService,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      "The regulator's dashboard: sharing and co-build rates, towers avoided and land saved, new-site sharing, 5G per 10,000 residents, key-site reach, approvals by state and lead time (?district, ?operator, ?from, ?to, ?format=csv)",
  })
  @ApiResponse({
    status: 200,
    description: 'the dashboard: JSON, or with ?format=csv every figure as one line (indicator, scope, value, unit, target, meetsTarget)',
    content: { 'application/json': { schema: jsonSchemaOf(kpiDashboard, 'output') }, 'text/csv': { schema: { type: 'string' } } } as never,
  })
  async report(@QueryOf(kpiDashboardQuery) query: KpiDashboardQuery, @Res() res: Response): Promise<void> {
    const out = await this.dashboard.report(query);
    if ('csv' in out) res.type('text/csv').setHeader('Content-Disposition', 'attachment; filename="cosite-kpis.csv"').send(out.csv);
    else res.json(out);
  }

  @Get('sharing')
  @ApiOperation({
    summary: 'Sharing and co-build rates against their targets (?district, ?operator, ?from, ?to, ?groupBy=district|operator); definitions in the README',
  })
  @Returns(kpiSharingResult)
  sharingRates(@QueryOf(kpiSharingQuery) query: KpiSharingQuery): Promise<KpiSharingResult> {
    return this.sharing.sharing(query);
  }
}
