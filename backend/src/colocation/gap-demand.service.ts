import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { TECHNOLOGIES } from '@cosite/contracts';
import type { Filer } from '../auth/roles';
import { ApiError } from '../common/errors';
import { parseOrThrow } from '../common/zod';
import { oneOf } from '@cosite/contracts';
import { CoverageKpiService } from '../coverage/coverage-kpi.service';
import { bigintToH3 } from '../coverage/engine/universe';
import { isValidCell } from 'h3-js';
import { GAP_DEMAND_DEFAULTS } from './colocation.defaults';
import { ColocationService } from './colocation.service';

const fromGapSchema = z.object({
  operator: z.string({ error: 'is required (an operator id)' }).min(1),
  technology: oneOf(TECHNOLOGIES),
  // any cell of the gap, as the gaps list gives it (decimal) or as an H3 index (hex)
  h3: z
    .string({ error: 'is required: a cell of the gap (H3 index)' })
    .transform((v, ctx) => {
      const cell = /^\d+$/.test(v) ? bigintToH3(v) : v.toLowerCase();
      if (!isValidCell(cell)) {
        ctx.addIssue({ code: 'custom', message: `"${v}" is not an H3 cell index` });
        return z.NEVER;
      }
      return cell;
    }),
  thresholdDbm: z.number().min(-140).max(-40).optional(),
  bandMHz: z.number().optional(),
  antennaHeightM: z.number().optional(),
  slots: z.number().optional(),
  loadKg: z.number().optional(),
});

/** A coverage gap turned into a demand and analysed in one step. */
@Injectable()
export class GapDemandService {
  constructor(
    private readonly kpis: CoverageKpiService,
    private readonly colocation: ColocationService,
  ) {}

  async analyse(body: unknown, by?: Filer) {
    const q = parseOrThrow(fromGapSchema, body ?? {});
    const gap = await this.kpis.gapContaining(q.technology, q.operator, q.h3, q.thresholdDbm);
    if (!gap) throw ApiError.invalid([{ field: 'h3', problem: `cell ${q.h3} is not in a populated ${q.technology} coverage gap of ${q.operator}` }]);
    const { h3: _cells, demand, ...about } = gap;
    return this.colocation.analyse(
      {
        ...demand,
        operator: q.operator,
        bandMHz: q.bandMHz ?? GAP_DEMAND_DEFAULTS.bandMHz[q.technology],
        antennaHeightM: q.antennaHeightM ?? GAP_DEMAND_DEFAULTS.antennaHeightM,
        slots: q.slots,
        loadKg: q.loadKg,
      },
      undefined,
      { gap: about },
      by,
    );
  }
}
