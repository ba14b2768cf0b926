import { Controller, createParamDecorator, ExecutionContext, Get, Headers, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  analysisList,
  type AnalysisList,
  analysisListQuery,
  type AnalysisListQuery,
  analysisResult,
  type AnalysisResult,
  colocationAnalysisId,
  colocationSummary,
  demandBatch,
  demandBatchCsv,
  demandBatchGeoJson,
  demandBatchId,
  demandBatchResultRow,
  demandBatchResultsGeoJson,
  demandBatchResultsQuery,
  type DemandBatchResultsQuery,
  exportQuery,
  type ExportQuery,
  demandBatchText,
  demandInput,
  type ParsedDemand,
} from '@cosite/contracts';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { BodyOf, Fails, jsonSchemaOf, ParamOf, QueryOf, Returns, ReturnsFile } from '../common/dto';
import { parseOrThrow } from '../common/zod';
import { ColocationService } from './colocation.service';
import { DemandBatchesService } from './demand-batches.service';
import { capacityGapDemandRequest, type CapacityGapDemandRequest, gapDemandRequest, type GapDemandRequest, GapDemandService } from './gap-demand.service';
import { analysisFeatures, collectionSource, sendExport } from '../exports/send-export';

/**
 * The batch upload's text (the app reads every content type on this path as text; its Content-Type says CSV or
 * GeoJSON), checked non-empty by the contract. Documented per content type on the operation.
 */
const DemandsText = createParamDecorator((_: unknown, ctx: ExecutionContext) =>
  parseOrThrow(demandBatchText, ctx.switchToHttp().getRequest<Request>().body ?? {}),
);

const batchUploadBody = {
  required: true,
  description: 'the demands, one per CSV row or GeoJSON point; each is checked as a demand and a bad one is reported by its line',
  content: {
    'text/csv': { schema: jsonSchemaOf(demandBatchCsv, 'input') },
    'application/geo+json': { schema: jsonSchemaOf(demandBatchGeoJson, 'input') },
  },
};

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
  @ApiOperation({
    summary: 'Upload demands (CSV or GeoJSON); bad rows are reported by line, the rest analysed by the worker',
    requestBody: batchUploadBody as never,
  })
  @Returns(demandBatch, { status: 202, description: 'the batch, queued (or completed at once when no line is valid)' })
  @Fails('validation_failed', 'payload_too_large')
  submitBatch(@Headers('content-type') contentType: string | undefined, @DemandsText() body: string, @Req() req: AuthenticatedRequest) {
    return this.batches.submit(contentType, body, req.user);
  }

  @Get('batches/:id')
  @ApiOperation({ summary: 'A demand batch and its progress: lines analysed, rejected lines with their problems, decisions so far' })
  @Returns(demandBatch)
  @Fails('not_found')
  batch(@ParamOf('id', demandBatchId) id: string, @Req() req: AuthenticatedRequest) {
    return this.batches.get(id, req.user);
  }

  @Get('batches/:id/results')
  @ApiOperation({ summary: 'Results of a batch: ?format=csv (default), geojson, xlsx, kml or shapefile' })
  @ApiResponse({
    status: 200,
    description: 'a row per analysed demand (format=csv, a file), or a point per analysed demand (format=geojson)',
    content: {
      'text/csv': { schema: { type: 'string', description: `columns ${Object.keys(demandBatchResultRow.shape).join(', ')}` } },
      'application/geo+json': { schema: jsonSchemaOf(demandBatchResultsGeoJson, 'output') },
    } as never,
  })
  @Fails('not_found')
  async batchResults(
    @ParamOf('id', demandBatchId) id: string,
    @QueryOf(demandBatchResultsQuery) { format: f }: DemandBatchResultsQuery,
    @Res() res: Response,
    @Req() req: AuthenticatedRequest,
  ) {
    if (f !== 'geojson' && f !== 'csv') {
      const fc = await this.batches.results(id, 'geojson', req.user);
      return sendExport(res, f, `demands-${id}`, collectionSource('demands', fc as never), { points: true });
    }
    const out = await this.batches.results(id, f, req.user);
    if (f === 'geojson') res.type('application/geo+json').send(JSON.stringify(out));
    else res.type('text/csv').setHeader('Content-Disposition', `attachment; filename="demands-${id}.csv"`).send(out);
  }

  @Post('analyses')
  @ApiOperation({
    summary: 'Share before build: candidates in the ring with reasons and scores, the decision, and a new-build suggestion when nothing can be shared',
  })
  @Returns(analysisResult, { status: 201 })
  @Fails('operator_mismatch')
  analyse(@BodyOf(demandInput) demand: ParsedDemand, @Req() req: AuthenticatedRequest): Promise<AnalysisResult> {
    return this.colocation.analyse(demand, undefined, undefined, req.user);
  }

  @Post('analyses/from-gap')
  @ApiOperation({ summary: 'A coverage gap (any of its cells) turned into a demand and analysed in one step' })
  @Returns(analysisResult, { status: 201 })
  @Fails('operator_mismatch')
  analyseGap(@BodyOf(gapDemandRequest) body: GapDemandRequest, @Req() req: AuthenticatedRequest): Promise<AnalysisResult> {
    return this.gaps.analyse(body, req.user);
  }

  @Post('analyses/from-capacity-gap')
  @ApiOperation({
    summary:
      'A capacity gap (any of its cells) turned into a capacity demand and analysed in one step: a band or sector on the serving site, then on a neighbour, before sharing elsewhere or a new build',
  })
  @Returns(analysisResult, { status: 201 })
  @Fails('operator_mismatch')
  analyseCapacityGap(@BodyOf(capacityGapDemandRequest) body: CapacityGapDemandRequest, @Req() req: AuthenticatedRequest): Promise<AnalysisResult> {
    return this.gaps.analyseCapacity(body, req.user);
  }

  @Get('analyses')
  @ApiOperation({
    summary:
      "My analyses: the caller's organisation's analyses, newest first (an administrator's: everyone's), each with its decision, siting verdict and the application filed from it; batch lines are listed by their batch",
  })
  @Returns(analysisList)
  list(@QueryOf(analysisListQuery) query: AnalysisListQuery, @Req() req: AuthenticatedRequest): Promise<AnalysisList> {
    return this.colocation.list(query, req.user!);
  }

  @Get('analyses/:id')
  @ApiOperation({ summary: "A co-location analysis as it was answered, with its co-build group as it stands now (a planner sees only their organisation's)" })
  @Returns(analysisResult)
  @Fails('not_found')
  get(@ParamOf('id', colocationAnalysisId) id: string, @Req() req: AuthenticatedRequest): Promise<AnalysisResult> {
    return this.colocation.get(id, req.user);
  }

  @Get('analyses/:id/candidates')
  @ApiOperation({ summary: 'An analysis’s candidates (and a new build’s site) as a file: ?format=geojson (default), csv, xlsx, kml or shapefile' })
  @ReturnsFile('application/octet-stream', 'the candidates, one point each (Content-Disposition: attachment)')
  @Fails('not_found', 'validation_failed')
  async candidates(
    @ParamOf('id', colocationAnalysisId) id: string,
    @QueryOf(exportQuery) { format }: ExportQuery,
    @Req() req: AuthenticatedRequest,
    @Res() res: Response,
  ): Promise<void> {
    const a = await this.colocation.get(id, req.user);
    await sendExport(res, format, `analysis-${id}`, collectionSource('candidates', analysisFeatures(a)), { points: true });
  }

  @Get('summary')
  @ApiOperation({ summary: 'Decisions booked: towers avoided, land saved, by operator, district and month' })
  @Returns(colocationSummary)
  summary() {
    return this.colocation.summary();
  }
}
