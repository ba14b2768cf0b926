import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { demandInput, gapDemandInput, type AnalysisResult } from '@cosite/contracts';
import type { Filer } from './filing';
import { ApiError } from '../common/errors';
import { parseOrThrow } from '../common/zod';
import { CoverageKpiService } from '../coverage/coverage-kpi.service';
import { bigintToH3 } from '../radio/universe';
import { isValidCell } from 'h3-js';
import { GAP_DEMAND_DEFAULTS } from './colocation.defaults';
import { ColocationService } from './colocation.service';

/**
 * The from-gap request as the edge parses it: the contract's, with `h3` read as an H3 cell (decimal as the gaps list
 * gives it, or hex) and checked, which the contract cannot do without an H3 library.
 */
export const gapDemandRequest = gapDemandInput.extend({
  h3: gapDemandInput.shape.h3.transform((v, ctx) => {
    const cell = /^\d+$/.test(v) ? bigintToH3(v) : v.toLowerCase();
    if (!isValidCell(cell)) {
      ctx.addIssue({ code: 'custom', message: `"${v}" is not an H3 cell index` });
      return z.NEVER;
    }
    return cell;
  }),
});
export type GapDemandRequest = z.output<typeof gapDemandRequest>;

/** A coverage gap turned into a demand and analysed in one step. */
@Injectable()
export class GapDemandService {
  constructor(
    private readonly kpis: CoverageKpiService,
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
}
