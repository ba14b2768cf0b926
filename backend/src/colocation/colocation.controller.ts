import { Body, Controller, Get, Headers, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import type { Response } from 'express';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ValidQuery } from '../common/request-edge';
import { oneOf } from '@cosite/contracts';
import { ColocationService } from './colocation.service';
import { DemandBatchesService } from './demand-batches.service';
import { GapDemandService } from './gap-demand.service';

const resultsQuery = z.object({ format: oneOf(['csv', 'geojson']).default('csv') });

@ApiTags('colocation')
@Controller('colocation')
export class ColocationController {
  constructor(
    private readonly colocation: ColocationService,
    private readonly batches: DemandBatchesService,
    private readonly gaps: GapDemandService,
  ) {}

  @Post('batches')
  @HttpCode(202)
  @ApiOperation({ summary: 'Upload demands (CSV or GeoJSON); bad rows are reported by line, the rest analysed by the worker' })
  submitBatch(@Headers('content-type') contentType: string | undefined, @Body() body: unknown, @Req() req: AuthenticatedRequest) {
    return this.batches.submit(contentType, body, req.user);
  }

  @Get('batches/:id')
  batch(@Param('id') id: string, @Req() req: AuthenticatedRequest) {
    return this.batches.get(id, req.user);
  }

  @Get('batches/:id/results')
  @ApiOperation({ summary: 'Results of a batch: ?format=csv (default) or geojson' })
  async batchResults(@Param('id') id: string, @ValidQuery(resultsQuery) { format: f }: z.infer<typeof resultsQuery>, @Res() res: Response, @Req() req: AuthenticatedRequest) {
    const out = await this.batches.results(id, f, req.user);
    if (f === 'geojson') res.type('application/geo+json').send(JSON.stringify(out));
    else res.type('text/csv').setHeader('Content-Disposition', `attachment; filename="demands-${id}.csv"`).send(out);
  }

  @Post('analyses')
  @ApiOperation({ summary: 'Share before build: candidates in the ring with reasons and scores, the decision, and a new-build suggestion when nothing can be shared' })
  analyse(@Body() body: unknown, @Req() req: AuthenticatedRequest) {
    return this.colocation.analyse(body, undefined, undefined, req.user);
  }

  @Post('analyses/from-gap')
  @ApiOperation({ summary: 'A coverage gap (any of its cells) turned into a demand and analysed in one step' })
  analyseGap(@Body() body: unknown, @Req() req: AuthenticatedRequest) {
    return this.gaps.analyse(body, req.user);
  }

  @Get('analyses/:id')
  get(@Param('id') id: string, @Req() req: AuthenticatedRequest) {
    return this.colocation.get(id, req.user);
  }

  @Get('summary')
  @ApiOperation({ summary: 'Decisions booked: towers avoided, land saved, by operator, district and month' })
  summary() {
    return this.colocation.summary();
  }
}
