import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { capacityGapDemandInput, demandInput, gapDemandInput, type AnalysisResult } from '@cosite/contracts';
import type { Filer } from './filing';
import { ApiError } from '../common/errors';
import { parseOrThrow } from '../common/zod';
import { CoverageKpiService } from '../coverage/coverage-kpi.service';
import { CapacityService } from '../coverage/capacity.service';
import { bigintToH3 } from '../radio/universe';
import { isValidCell } from 'h3-js';
import { GAP_DEMAND_DEFAULTS } from './colocation.defaults';
import { ColocationService } from './colocation.service';
import { ColocationRepository } from './colocation.repository';
import { DataSource } from 'typeorm';

/** An H3 cell as a gaps list gives it (decimal) or hex, checked, which the contract cannot do without an H3 library. */
const h3Cell = (schema: z.ZodString) =>
  schema.transform((v, ctx) => {
    const cell = /^\d+$/.test(v) ? bigintToH3(v) : v.toLowerCase();
    if (!isValidCell(cell)) {
      ctx.addIssue({ code: 'custom', message: `"${v}" is not an H3 cell index` });
      return z.NEVER;
    }
    return cell;
  });

/** The from-gap request as the edge parses it: the contract's, with `h3` read as an H3 cell. */
export const gapDemandRequest = gapDemandInput.extend({ h3: h3Cell(gapDemandInput.shape.h3) });
export type GapDemandRequest = z.output<typeof gapDemandRequest>;

/** The from-capacity-gap request as the edge parses it, likewise. */
export const capacityGapDemandRequest = capacityGapDemandInput.extend({ h3: h3Cell(capacityGapDemandInput.shape.h3) });
export type CapacityGapDemandRequest = z.output<typeof capacityGapDemandRequest>;

/** A coverage gap or a capacity gap turned into a demand and analysed in one step. */
@Injectable()
export class GapDemandService {
  constructor(
    private readonly db: DataSource,
    private readonly kpis: CoverageKpiService,
    private readonly capacity: CapacityService,
    private readonly colocation: ColocationService,
  ) {}

  async analyse(q: GapDemandRequest, by?: Filer): Promise<AnalysisResult> {
    const gap = await this.kpis.gapContaining(q.technology, q.operator, q.h3, q.thresholdDbm);
    if (!gap) throw ApiError.invalid([{ field: 'h3', problem: `cell ${q.h3} is not in a populated ${q.technology} coverage gap of ${q.operator}` }]);
    const { h3: _cells, demand, ...about } = gap;
    // the demand made here enters the analysis here: parsed once, by the one demand schema
    const parsed = parseOrThrow(demandInput, {
      ...demand,
      operator: q.operator,
      bandMHz: q.bandMHz ?? GAP_DEMAND_DEFAULTS.bandMHz[q.technology],
      antennaHeightM: q.antennaHeightM ?? GAP_DEMAND_DEFAULTS.antennaHeightM,
      slots: q.slots,
      loadKg: q.loadKg,
    });
    return this.colocation.analyse(parsed, undefined, { gap: about }, by);
  }

  /**
   * A capacity gap of one operator turned into a capacity demand: a new band where the operator has one to add (a band
   * it radiates elsewhere in the city, not yet on the serving site), else a new sector on the serving band.
   */
  async analyseCapacity(q: CapacityGapDemandRequest, by?: Filer): Promise<AnalysisResult> {
    const gap = await this.capacity.capacityGapContaining(
      { technology: q.technology, operator: q.operator, penetration: q.penetration, busyHourMbps: q.busyHourMbps, thresholdPct: q.thresholdPct },
      q.h3,
    );
    if (!gap) throw ApiError.invalid([{ field: 'h3', problem: `cell ${q.h3} is not served by an overloaded ${q.technology} sector of ${q.operator}` }]);
    const { h3: _cells, demand, settings, ...about } = gap;
    const bands = await ColocationRepository.operatorBands(this.db, q.operator, q.technology, demand.servingStructureId);
    const parsed = parseOrThrow(demandInput, {
      location: demand.location,
      searchRadiusM: demand.searchRadiusM,
      operator: q.operator,
      technology: q.technology,
      reason: 'capacity',
      servingStructureId: demand.servingStructureId,
      bandMHz: q.bandMHz ?? bands.city.find((b) => !bands.site.includes(b)) ?? bands.site[0] ?? GAP_DEMAND_DEFAULTS.bandMHz[q.technology],
      antennaHeightM: q.antennaHeightM ?? GAP_DEMAND_DEFAULTS.antennaHeightM,
      slots: q.slots,
      loadKg: q.loadKg,
    });
    return this.colocation.analyse(parsed, undefined, { capacityGap: { thresholdPct: settings.thresholdPct.value, ...about } }, by);
  }
}
