import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ValidQuery } from '../common/request-edge';
import { oneOf } from '@cosite/contracts';
import { ConsolidationService } from './consolidation.service';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { clientOf } from '../audit/audit-trail';

const proposalsQuery = z.object({ format: oneOf(['geojson', 'csv']).default('geojson') });

@ApiTags('poles')
@Controller('poles')
export class PolesController {
  constructor(private readonly consolidation: ConsolidationService) {}

  @Post('consolidation-runs')
  @HttpCode(202)
  @ApiOperation({ summary: 'Multi-pole integration of a district, a drawn area or the whole city (scope: "city"), run by the worker' })
  start(@Body() body: unknown) {
    return this.consolidation.start(body);
  }

  @Get('consolidation-runs/:id')
  @ApiOperation({ summary: 'A run: status, and when done the summary per district (poles before and after, share removed, smart poles, small-cell sites gained)' })
  get(@Param('id') id: string) {
    return this.consolidation.get(id);
  }

  @Get('consolidation-runs/:id/proposals')
  @ApiOperation({ summary: 'Smart-pole proposals: ?format=geojson (default) or csv' })
  async proposals(@Param('id') id: string, @ValidQuery(proposalsQuery) { format }: z.infer<typeof proposalsQuery>, @Res() res: Response) {
    if (format === 'csv') {
      res.type('text/csv').setHeader('Content-Disposition', `attachment; filename="smart-poles-${id}.csv"`).send(await this.consolidation.proposalsCsv(id));
    } else {
      res.type('application/geo+json').send(JSON.stringify(await this.consolidation.proposals(id)));
    }
  }

  @Post('consolidation-runs/:id/accept')
  @ApiOperation({ summary: 'Accept proposals (all open ones, or proposalIds) into the inventory as approved smart poles; merged poles are marked replaced' })
  accept(@Param('id') id: string, @Body() body: unknown, @Req() req: AuthenticatedRequest) {
    return this.consolidation.accept(id, body, req.user!, clientOf(req));
  }
}
