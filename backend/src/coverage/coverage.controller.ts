import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { parseOrThrow } from '../common/zod';
import { oneOf } from '@cosite/contracts';
import { PATH_LOSS_MODELS, PathLoss, pathLoss } from './propagation/path-loss';
import { TECHNOLOGIES } from '@cosite/contracts';
import { parseBbox } from '../layers/feature-store';
import { QueryParams } from '../common/request-edge';
import { CoverageService } from './coverage.service';
import { CoverageKpiService } from './coverage-kpi.service';
import { O2I_MODELS } from './propagation/o2i';
import { COVERAGE_THRESHOLDS_DBM } from './coverage.defaults';

const runId = z.uuid({ error: 'must be a coverage run id (UUID)' });
const operatorOrAny = z.string().regex(/^[a-z0-9-]+$/, 'must be an operator id or "any"').default('any');
const kpiQuery = z.object({
  technology: oneOf(TECHNOLOGIES).default('5G'),
  operator: operatorOrAny,
  // overrides the technology's default threshold (coverage.defaults.ts)
  thresholdDbm: z.coerce.number().min(-160, 'must be between -160 and -40 dBm').max(-40, 'must be between -160 and -40 dBm').optional(),
});
// indoor KPIs: the outdoor prediction less TR 38.901 O2I building-entry loss
const kpiReportQuery = kpiQuery.extend({ indoor: oneOf(O2I_MODELS).optional() });
const runBody = z.object({ model: oneOf(PATH_LOSS_MODELS).optional() }).strict().default({});
const gapQuery = kpiQuery.extend({ limit: z.coerce.number().int().min(1).max(500).default(50) });
const cellQuery = kpiQuery.extend({
  bbox: z.string({ error: 'is required: minLon,minLat,maxLon,maxLat' }),
  resolution: z.coerce.number().int().refine((r) => [7, 8, 9, 10].includes(r), 'must be 7, 8, 9 or 10').default(10),
});

const comparisonQuery = kpiQuery.extend({ radiusM: z.coerce.number().min(10).max(5000).default(300) });

const withPercent = <T extends { chunksTotal: number; chunksDone: number }>(r: T) => ({ ...r, percent: r.chunksTotal ? Math.round((1000 * r.chunksDone) / r.chunksTotal) / 10 : 100 });

/** Physical bounds for a link-budget query; model validity is narrower and reported in the answer, not refused. */
const num = (name: string, min: number, max: number, unit: string) =>
  z.coerce
    .number({ error: `${name} must be a number` })
    .refine((n) => Number.isFinite(n), `${name} must be a finite number`)
    .refine((n) => n >= min && n <= max, `${name} must be between ${min} and ${max} ${unit}`);

const pathLossQuery = z.object({
  model: oneOf(PATH_LOSS_MODELS),
  frequencyMHz: num('frequency', 1, 300_000, 'MHz'),
  distanceM: num('distance', 0.1, 100_000, 'm'),
  bsHeightM: num('base-station height', 0, 1000, 'm'),
  ueHeightM: num('UE height', 0, 500, 'm').default(1.5),
  los: z.enum(['true', 'false'], { error: 'must be true or false' }).default('false'),
});

@ApiTags('coverage')
@Controller('coverage')
export class CoverageController {
  constructor(
    private readonly coverage: CoverageService,
    private readonly kpis: CoverageKpiService,
  ) {}

  @Post('runs')
  @HttpCode(202)
  @ApiOperation({ summary: 'Start a whole-city recompute (a BullMQ job per chunk; progress at GET /coverage/runs/{id})' })
  @ApiBody({ required: false, schema: { type: 'object', properties: { model: { type: 'string', enum: [...PATH_LOSS_MODELS], description: 'force one path-loss model for every sector (default: by environment and mount)' } } } })
  async startRun(@Body() body: unknown) {
    const b = parseOrThrow(runBody, body ?? {});
    return withPercent(await this.coverage.startFullRun('api', b.model ?? null));
  }

  @Get('runs')
  async runs() {
    return (await this.coverage.runs()).map(withPercent);
  }

  @Get('runs/:id')
  async run(@Param('id') id: string) {
    return withPercent(await this.coverage.run(parseOrThrow(runId, id, 'id')));
  }

  @Post('runs/:id/cancel')
  async cancel(@Param('id') id: string) {
    return withPercent(await this.coverage.cancel(parseOrThrow(runId, id, 'id')));
  }

  @Post('runs/:id/retry')
  @ApiOperation({ summary: 'Re-queue the chunks a failed or cancelled run did not finish; finished chunks are kept' })
  async retry(@Param('id') id: string) {
    return withPercent(await this.coverage.retry(parseOrThrow(runId, id, 'id')));
  }

  @Get('kpis')
  @ApiOperation({ summary: 'Area and population covered per district and city-wide, key sites reached, 5G base stations per 10,000 residents, against targets' })
  @QueryParams(kpiReportQuery)
  async kpiReport(@Query() query: Record<string, unknown>) {
    const q = parseOrThrow(kpiReportQuery, query);
    const [area, keySites, density] = await Promise.all([this.kpis.coverage(q.technology, q.thresholdDbm, q.indoor), this.kpis.keySites(q.operator, q.thresholdDbm), this.kpis.fiveGDensity()]);
    return { technology: q.technology, thresholdDbm: q.thresholdDbm ?? COVERAGE_THRESHOLDS_DBM[q.technology].dbm, indoor: q.indoor ?? null, area, keySites, fiveGDensity: density };
  }

  @Get('gaps')
  @ApiOperation({ summary: 'Populated areas below the threshold, joined into connected gaps and ranked by residents left uncovered' })
  @QueryParams(gapQuery)
  gaps(@Query() query: Record<string, unknown>) {
    const q = parseOrThrow(gapQuery, query);
    return this.kpis.gaps(q.technology, q.operator, q.limit, q.thresholdDbm);
  }

  @Get('cells')
  @ApiOperation({ summary: 'Coverage hexes in a bbox (GeoJSON), best RSRP and its band, at resolution 10 or aggregated to 9, 8 or 7' })
  @QueryParams(cellQuery)
  cells(@Query() query: Record<string, unknown>) {
    const q = parseOrThrow(cellQuery, query);
    return this.kpis.cells(parseBbox(q.bbox)!, q.technology, q.operator, q.resolution, q.thresholdDbm);
  }

  @Get('comparison')
  @ApiOperation({ summary: 'Prediction vs observation: predicted-covered cells with no observed cell nearby, and observed cells where the prediction is below threshold' })
  @QueryParams(comparisonQuery)
  comparison(@Query() query: Record<string, unknown>) {
    const q = parseOrThrow(comparisonQuery, query);
    return this.kpis.comparison(q.technology, q.operator, q.radiusM, q.thresholdDbm);
  }

  @Get('path-loss')
  @ApiOperation({ summary: 'Path loss of one link by a named model (a link-budget calculator); valid=false with outOfRange when outside the model’s validity' })
  @ApiQuery({ name: 'model', enum: PATH_LOSS_MODELS })
  @ApiQuery({ name: 'frequencyMHz' })
  @ApiQuery({ name: 'distanceM', description: 'ground (2D) distance' })
  @ApiQuery({ name: 'bsHeightM' })
  @ApiQuery({ name: 'ueHeightM', required: false, description: 'default 1.5' })
  @ApiQuery({ name: 'los', required: false, enum: ['true', 'false'], description: '3GPP models only; NLOS by default' })
  @QueryParams(pathLossQuery)
  pathLoss(@Query() query: Record<string, unknown>): PathLoss {
    const q = parseOrThrow(pathLossQuery, query);
    const r = pathLoss(q.model, { frequencyMHz: q.frequencyMHz, distanceM: q.distanceM, bsHeightM: q.bsHeightM, ueHeightM: q.ueHeightM, los: q.los === 'true' });
    return { ...r, pathLossDb: Math.round(r.pathLossDb * 1000) / 1000 };
  }
}
