import { Controller, Get, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { QueryParams } from '../common/request-edge';
import { DashboardService, querySchema as dashboardQuery } from './dashboard.service';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { SharingKpiService, querySchema as sharingQuery } from './sharing-kpi.service';

@ApiTags('kpi')
@Controller('kpis')
export class KpiController {
  constructor(
    private readonly sharing: SharingKpiService,
    private readonly dashboard: DashboardService,
  ) {}

  @Get()
  @ApiOperation({ summary: "The regulator's dashboard: sharing and co-build rates, towers avoided and land saved, new-site sharing, 5G per 10,000 residents, key-site reach, approvals by state and lead time (?district, ?operator, ?from, ?to, ?format=csv)" })
  @QueryParams(dashboardQuery)
  async report(@Query() query: Record<string, string>, @Res() res: Response) {
    const out = await this.dashboard.report(query);
    if ('csv' in out) res.type('text/csv').setHeader('Content-Disposition', 'attachment; filename="cosite-kpis.csv"').send(out.csv as string);
    else res.json(out);
  }

  @Get('sharing')
  @ApiOperation({ summary: 'Sharing and co-build rates against their targets (?district, ?operator, ?from, ?to, ?groupBy=district|operator); definitions in the README' })
  @QueryParams(sharingQuery)
  sharingRates(@Query() query: Record<string, string>) {
    return this.sharing.sharing(query);
  }
}
