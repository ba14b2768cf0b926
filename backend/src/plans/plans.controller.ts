import { Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { cellToBoundary } from 'h3-js';
import {
  plan,
  planExportQuery,
  type PlanExportQuery,
  planId,
  planInput,
  type PlanInput,
  planList,
  planListQuery,
  type PlanListQuery,
  planSettings,
  planToWork,
  planToWorkInput,
  type PlanToWorkInput,
} from '@cosite/contracts';
import { clientOf } from '../audit/audit-trail';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { BodyOf, Fails, ParamOf, QueryOf, Returns } from '../common/dto';
import { planWorkbook, SITE_COLUMNS, sitesCsv, sitesFeatures, sitesGeoJson } from './plan-export';
import { PlanWorkService } from './plan-work.service';
import { PlansService } from './plans.service';
import { sendExport } from '../exports/send-export';

@ApiTags('plans')
@Controller('plans')
export class PlansController {
  constructor(
    private readonly plans: PlansService,
    private readonly work: PlanWorkService,
  ) {}

  @Get('settings')
  @ApiOperation({ summary: "The defaults a rollout plan starts from: costs per option and the city's targets, each with its source" })
  @Returns(planSettings)
  settings() {
    return this.plans.settings();
  }

  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary:
      'A rollout plan for an area: the cheapest set of sites that meets the targets (or the most residents within the limits), existing structures first, computed by the worker',
  })
  @Returns(plan, { status: 202, description: 'the plan, queued; read it again for progress and, once completed, its result' })
  @Fails('operator_mismatch')
  start(@BodyOf(planInput) body: PlanInput, @Req() req: AuthenticatedRequest) {
    return this.plans.start(body, req.user);
  }

  @Get()
  @ApiOperation({ summary: "The plans the caller may see (a planner: their organisation's), newest first" })
  @Returns(planList)
  list(@QueryOf(planListQuery) q: PlanListQuery, @Req() req: AuthenticatedRequest) {
    return this.plans.list(q, req.user!);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A plan: its progress while it runs, then its result (sites in build order, KPIs, shortfalls, the solver’s bound)' })
  @Returns(plan)
  @Fails('not_found')
  get(@ParamOf('id', planId) id: string, @Req() req: AuthenticatedRequest) {
    return this.plans.get(id, req.user);
  }

  @Get(':id/cells')
  @ApiOperation({
    summary: 'The grid cells a completed plan newly covers, as GeoJSON hexagons with the build order and option of the site that covers each first',
  })
  @ApiResponse({ status: 200, description: 'a FeatureCollection of Polygons', content: { 'application/geo+json': { schema: { type: 'object' } } } as never })
  @Fails('not_found', 'plan_not_ready')
  async cells(@ParamOf('id', planId) id: string, @Req() req: AuthenticatedRequest, @Res() res: Response) {
    const result = await this.plans.result(id, req.user);
    const option = new Map(result.sites.map((s) => [s.order, s.option]));
    const cells = await this.plans.cells(id, req.user);
    res.type('application/geo+json').send(
      JSON.stringify({
        type: 'FeatureCollection',
        features: cells.map((c) => ({
          type: 'Feature',
          geometry: { type: 'Polygon', coordinates: [cellToBoundary(c.h3, true)] },
          properties: { h3: c.h3, order: c.order, option: option.get(c.order), residents: Math.round(c.residents * 10) / 10 },
        })),
      }),
    );
  }

  @Get(':id/sites')
  @ApiOperation({ summary: 'The chosen sites of a completed plan: ?format=geojson (default), csv, xlsx (sites, KPIs, summary), kml or shapefile' })
  @ApiResponse({
    status: 200,
    description: 'the sites in build order',
    content: {
      'application/geo+json': { schema: { type: 'object' } },
      'text/csv': { schema: { type: 'string' } },
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } },
    } as never,
  })
  @Fails('not_found', 'plan_not_ready')
  async sites(
    @ParamOf('id', planId) id: string,
    @QueryOf(planExportQuery) { format }: PlanExportQuery,
    @Req() req: AuthenticatedRequest,
    @Res() res: Response,
  ) {
    const result = await this.plans.result(id, req.user);
    const name = `rollout-plan-${id}`;
    if (format === 'kml' || format === 'shapefile')
      return sendExport(res, format, name, { name: 'sites', columns: [...SITE_COLUMNS], features: sitesFeatures(result) }, { points: true });
    if (format === 'csv') res.type('text/csv').setHeader('Content-Disposition', `attachment; filename="${name}.csv"`).send(sitesCsv(result));
    else if (format === 'xlsx')
      res
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .setHeader('Content-Disposition', `attachment; filename="${name}.xlsx"`)
        .send(await planWorkbook(id, result));
    else
      res
        .type('application/geo+json')
        .setHeader('Content-Disposition', `attachment; filename="${name}.geojson"`)
        .send(JSON.stringify(sitesGeoJson(result)));
  }

  @Post(':id/analyses')
  @ApiOperation({
    summary:
      'From plan to work: each chosen site becomes a co-location analysis (and, on request, a draft application filed from it), once per plan; a second call answers what the first made',
  })
  @Returns(planToWork, { status: 201 })
  @Fails('not_found', 'plan_not_ready', 'operator_mismatch', 'forbidden', 'conflict')
  toWork(@ParamOf('id', planId) id: string, @BodyOf(planToWorkInput) body: PlanToWorkInput, @Req() req: AuthenticatedRequest) {
    return this.work.toWork(id, body, req.user!, clientOf(req));
  }
}
