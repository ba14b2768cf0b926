import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { SharingKpiService } from './sharing-kpi.service';

@ApiTags('kpi')
@Controller('kpis')
export class KpiController {
  constructor(private readonly sharing: SharingKpiService) {}

  @Get('sharing')
  @ApiOperation({ summary: 'Sharing and co-build rates against their targets (?district, ?operator, ?from, ?to, ?groupBy=district|operator); definitions in the README' })
  sharingRates(@Query() query: Record<string, string>) {
    return this.sharing.sharing(query);
  }
}
