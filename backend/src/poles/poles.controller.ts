import { Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  poleAcceptInput,
  type PoleAcceptInput,
  poleAcceptResult,
  poleProposalsQuery,
  type PoleProposalsQuery,
  poleRun,
  poleRunId,
  poleRunInput,
  type PoleRunInput,
  poleRunStarted,
  smartPoleProposals,
} from '@cosite/contracts';
import type { Response } from 'express';
import { clientOf } from '../audit/audit-trail';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { BodyOf, Fails, jsonSchemaOf, ParamOf, QueryOf, Returns } from '../common/dto';
import { ConsolidationService } from './consolidation.service';
import { sendExport } from '../exports/send-export';

@ApiTags('poles')
@Controller('poles')
export class PolesController {
  constructor(private readonly consolidation: ConsolidationService) {}

  @Post('consolidation-runs')
  @HttpCode(202)
  @ApiOperation({ summary: 'Multi-pole integration of a district, a drawn area or the whole city (scope: "city"), run by the worker' })
  @Returns(poleRunStarted, { status: 202 })
  @Fails('rule_disabled')
  start(@BodyOf(poleRunInput) body: PoleRunInput) {
    return this.consolidation.start(body);
  }

  @Get('consolidation-runs/:id')
  @ApiOperation({
    summary: 'A run: status, and when done the summary per district (poles before and after, share removed, smart poles, small-cell sites gained)',
  })
  @Returns(poleRun)
  @Fails('not_found')
  get(@ParamOf('id', poleRunId) id: string) {
    return this.consolidation.get(id);
  }

  @Get('consolidation-runs/:id/proposals')
  @ApiOperation({ summary: 'Smart-pole proposals: ?format=geojson (default), csv, xlsx, kml or shapefile' })
  @ApiResponse({
    status: 200,
    description: 'the proposals: GeoJSON (each smart pole a point, the merged poles in `members`), or CSV with one line per smart pole',
    content: { 'application/geo+json': { schema: jsonSchemaOf(smartPoleProposals, 'output') }, 'text/csv': { schema: { type: 'string' } } } as never,
  })
  @Fails('not_found')
  async proposals(@ParamOf('id', poleRunId) id: string, @QueryOf(poleProposalsQuery) { format }: PoleProposalsQuery, @Res() res: Response) {
    if (format === 'csv') {
      res
        .type('text/csv')
        .setHeader('Content-Disposition', `attachment; filename="smart-poles-${id}.csv"`)
        .send(await this.consolidation.proposalsCsv(id));
    } else if (format !== 'geojson') {
      const { cols, features } = await this.consolidation.proposalRows(id);
      await sendExport(res, format, `smart-poles-${id}`, { name: 'smart_poles', columns: [...cols], features }, { points: true });
    } else {
      res.type('application/geo+json').send(JSON.stringify(await this.consolidation.proposals(id)));
    }
  }

  @Post('consolidation-runs/:id/accept')
  @ApiOperation({ summary: 'Accept proposals (all open ones, or proposalIds) into the inventory as approved smart poles; merged poles are marked replaced' })
  @Returns(poleAcceptResult, { status: 201 })
  @Fails('ownership_refused', 'not_found', 'run_not_finished', 'poles_changed', 'rule_disabled')
  accept(@ParamOf('id', poleRunId) id: string, @BodyOf(poleAcceptInput) body: PoleAcceptInput, @Req() req: AuthenticatedRequest) {
    return this.consolidation.accept(id, body, req.user!, clientOf(req));
  }
}
