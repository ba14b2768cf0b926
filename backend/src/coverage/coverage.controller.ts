import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  capacityGapQuery,
  capacityGaps,
  coverageCellQuery,
  coverageCells,
  coverageComparison,
  coverageComparisonQuery,
  coverageGapQuery,
  coverageGaps,
  coverageKpiReport,
  coverageKpiReportQuery,
  coverageRun,
  coverageRunId,
  coverageRuns,
  coverageRunStart,
  pathLossQuery,
  pathLossResult,
  sectorLoadQuery,
  sectorLoadReport,
  type CapacityGapQuery,
  type CoverageCellQuery,
  type CoverageComparisonQuery,
  type CoverageGapQuery,
  type CoverageKpiReportQuery,
  type CoverageRun,
  type CoverageRunStart,
  type PathLossQuery,
  type SectorLoadQuery,
} from '@cosite/contracts';
import { BodyOf, Fails, NoBody, ParamOf, QueryOf, Returns } from '../common/dto';
import { parseBbox } from '../layers/feature-store';
import { PathLoss, pathLoss } from '../radio/propagation/path-loss';
import { CoverageService } from './coverage.service';
import { CoverageKpiService } from './coverage-kpi.service';
import { CapacityService } from './capacity.service';
import type { RunRow } from './coverage.repository';

const withPercent = (r: RunRow): CoverageRun => ({ ...r, percent: r.chunksTotal ? Math.round((1000 * r.chunksDone) / r.chunksTotal) / 10 : 100 });

@ApiTags('coverage')
@Controller('coverage')
export class CoverageController {
  constructor(
    private readonly coverage: CoverageService,
    private readonly kpis: CoverageKpiService,
    private readonly capacity: CapacityService,
  ) {}

  @Post('runs')
  @HttpCode(202)
  @ApiOperation({ summary: 'Start a whole-city recompute (a BullMQ job per chunk; progress at GET /coverage/runs/{id})' })
  @Returns(coverageRun, { status: 202, description: 'the run, started' })
  @Fails('run_in_progress')
  async startRun(@BodyOf(coverageRunStart) body: CoverageRunStart) {
    return withPercent(await this.coverage.startFullRun('api', body.model ?? null, body.loadFactor));
  }

  @Get('runs')
  @ApiOperation({ summary: 'The ten latest coverage runs, newest first, with their progress' })
  @Returns(coverageRuns)
  async runs() {
    return (await this.coverage.runs()).map(withPercent);
  }

  @Get('runs/:id')
  @ApiOperation({ summary: 'A coverage run: status, chunks done, percent, error' })
  @Returns(coverageRun)
  @Fails('not_found')
  async run(@ParamOf('id', coverageRunId) id: string) {
    return withPercent(await this.coverage.run(id));
  }

  @Post('runs/:id/cancel')
  @ApiOperation({ summary: 'Cancel a running run: its waiting chunks are dropped, running ones finish without writing' })
  @NoBody()
  @Returns(coverageRun, { status: 201, description: 'the run, cancelled' })
  @Fails('not_found', 'run_not_running')
  async cancel(@ParamOf('id', coverageRunId) id: string) {
    return withPercent(await this.coverage.cancel(id));
  }

  @Post('runs/:id/retry')
  @ApiOperation({ summary: 'Re-queue the chunks a failed or cancelled run did not finish; finished chunks are kept' })
  @NoBody()
  @Returns(coverageRun, { status: 201, description: 'the run, running again' })
  @Fails('not_found', 'run_not_retryable', 'run_in_progress')
  async retry(@ParamOf('id', coverageRunId) id: string) {
    return withPercent(await this.coverage.retry(id));
  }

  @Get('kpis')
  @ApiOperation({
    summary: 'Area and population covered per district and city-wide, key sites reached, 5G base stations per 10,000 residents, against targets',
  })
  @Returns(coverageKpiReport)
  kpiReport(@QueryOf(coverageKpiReportQuery) q: CoverageKpiReportQuery) {
    return this.kpis.report(q);
  }

  @Get('gaps')
  @ApiOperation({ summary: 'Populated areas below the threshold, joined into connected gaps and ranked by residents left uncovered' })
  @Returns(coverageGaps)
  gaps(@QueryOf(coverageGapQuery) q: CoverageGapQuery) {
    return this.kpis.gaps(q.technology, q.operator, q.limit, q.thresholdDbm);
  }

  @Get('sectors/load')
  @ApiOperation({
    summary:
      'Sector load in the busy hour: demand of the residents each sector serves best against its carrier (PRBs × spectral efficiency at their SINR), most utilised first, with a summary',
  })
  @Returns(sectorLoadReport)
  sectorLoad(@QueryOf(sectorLoadQuery) q: SectorLoadQuery) {
    return this.capacity.sectorLoad(q);
  }

  @Get('capacity-gaps')
  @ApiOperation({
    summary:
      'Capacity gaps: covered cells whose serving sector is over the utilisation threshold, joined into connected areas per operator, ranked by residents',
  })
  @Returns(capacityGaps)
  capacityGaps(@QueryOf(capacityGapQuery) q: CapacityGapQuery) {
    return this.capacity.capacityGaps(q);
  }

  @Get('cells')
  @ApiOperation({ summary: 'Coverage hexes in a bbox (GeoJSON), best RSRP and its band, at resolution 10 or aggregated to 9, 8 or 7' })
  @Returns(coverageCells, { contentType: 'application/json' })
  cells(@QueryOf(coverageCellQuery) q: CoverageCellQuery) {
    return this.kpis.cells(parseBbox(q.bbox)!, q.technology, q.operator, q.resolution, q.thresholdDbm);
  }

  @Get('comparison')
  @ApiOperation({
    summary: 'Prediction vs observation: predicted-covered cells with no observed cell nearby, and observed cells where the prediction is below threshold',
  })
  @Returns(coverageComparison)
  comparison(@QueryOf(coverageComparisonQuery) q: CoverageComparisonQuery) {
    return this.kpis.comparison(q.technology, q.operator, q.radiusM, q.thresholdDbm);
  }

  @Get('path-loss')
  @ApiOperation({ summary: 'Path loss of one link by a named model (a link-budget calculator); valid=false with outOfRange when outside the model’s validity' })
  @Returns(pathLossResult)
  pathLoss(@QueryOf(pathLossQuery) q: PathLossQuery): PathLoss {
    const r = pathLoss(q.model, {
      frequencyMHz: q.frequencyMHz,
      distanceM: q.distanceM,
      bsHeightM: q.bsHeightM,
      ueHeightM: q.ueHeightM,
      los: q.los === 'true',
    });
    return { ...r, pathLossDb: Math.round(r.pathLossDb * 1000) / 1000 };
  }
}
