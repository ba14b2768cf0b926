import { Injectable } from '@nestjs/common';
import type { CapacityGap, CapacityGapQuery, CapacityGaps, LoadSettings, LoadTechnology, SectorLoadQuery, SectorLoadReport } from '@cosite/contracts';
import { ApiError } from '../common/errors';
import { parseBbox } from '../layers/feature-store';
import { sectorAzimuths } from '../radio/antenna-pattern';
import { bigintToH3, h3ToBigint } from '../radio/universe';
import { demandPerResidentMbps, isOverloaded, loadSettingsOf } from './capacity-load';
import { COVERAGE_THRESHOLDS_DBM } from './coverage.defaults';
import { CoverageRepository, type LoadParams, type OverloadedCellRow } from './coverage.repository';
import { areaShape, type CellArea, connectedAreas } from './h3-areas';

/** A capacity gap before it is shown: one operator's connected cells on overloaded sectors, with those sectors. */
interface CapacityArea extends CellArea {
  operator: string;
  sectors: Map<string, OverloadedCellRow>;
}

/**
 * Sector load and capacity gaps (issue 17): busy-hour demand from the residents each sector serves best against what
 * its carrier carries at their SINR (the formula: capacity-load.ts; the sums over the city: SQL).
 */
@Injectable()
export class CapacityService {
  constructor(private readonly repo: CoverageRepository) {}

  /** Sectors with their utilisation, most utilised first, and a summary over all of them. */
  async sectorLoad(q: SectorLoadQuery): Promise<SectorLoadReport> {
    const settings = loadSettingsOf(q);
    const bbox = q.bbox === undefined ? null : parseBbox(q.bbox)!;
    const params = await this.params(q.technology, q.operator, settings, q.district ?? null, bbox);
    const threshold = settings.thresholdPct.value;
    const rows = params.tenancyIds?.length === 0 ? [] : await this.repo.sectorLoad(params, threshold, q.limit);
    const summary = rows[0]?.summary ?? { sectors: 0, overloaded: 0, median: null, residentsOnOverloaded: 0 };
    return {
      technology: q.technology,
      operator: q.operator,
      districtId: q.district ?? null,
      settings,
      summary: {
        sectors: summary.sectors,
        overloaded: summary.overloaded,
        medianUtilisationPct: summary.median === null ? null : round1(summary.median),
        residentsOnOverloaded: Math.round(summary.residentsOnOverloaded),
      },
      sectors: rows.map((r) => ({
        tenancyId: r.tenancyId,
        sectorIndex: r.sectorIndex,
        structureId: r.structureId,
        structureName: r.structureName,
        districtId: r.districtId,
        operator: r.operator,
        technology: q.technology,
        bandMhz: r.bandMhz,
        lon: r.lon,
        lat: r.lat,
        azimuthDeg: sectorAzimuths(r.azimuthDeg, r.sectorCount)[r.sectorIndex] ?? null,
        cells: r.cells,
        residents: round1(r.residents),
        demandMbps: round2(r.demand),
        utilisationPct: round1(r.util),
        unservedMbps: round2(r.unserved),
        overloaded: isOverloaded(r.util, threshold),
      })),
      truncated: summary.sectors > rows.length,
    };
  }

  /** Covered cells on overloaded sectors, joined into connected areas per operator, most residents first. */
  async capacityGaps(q: CapacityGapQuery): Promise<CapacityGaps> {
    const settings = loadSettingsOf(q);
    const areas = await this.capacityAreas(q, settings);
    return {
      technology: q.technology,
      operator: q.operator,
      settings,
      totalAreas: areas.length,
      residentsAffected: Math.round(areas.reduce((a, g) => a + g.population, 0)),
      gaps: areas.slice(0, q.limit).map((a, k) => describeCapacityGap(a, k, q.technology)),
    };
  }

  /** The capacity gap holding one cell (H3, hex) of an operator, with the settings it was read at; null when no overloaded sector of it serves the cell. */
  async capacityGapContaining(q: Omit<CapacityGapQuery, 'limit'>, cell: string): Promise<(CapacityGap & { settings: LoadSettings }) | null> {
    const settings = loadSettingsOf(q);
    const areas = await this.capacityAreas(q, settings);
    const k = areas.findIndex((a) => a.cells.includes(cell));
    return k < 0 ? null : { settings, ...describeCapacityGap(areas[k], k, q.technology) };
  }

  private async capacityAreas(q: Omit<CapacityGapQuery, 'limit'>, settings: LoadSettings): Promise<CapacityArea[]> {
    const params = await this.params(q.technology, q.operator, settings, q.district ?? null, null);
    if (params.tenancyIds?.length === 0) return [];
    const rows = await this.repo.overloadedCells(params, settings.thresholdPct.value);
    // a gap belongs to one operator: its own sectors are overloaded, its own new sector or band relieves them
    const byOperator = new Map<string, Map<string, OverloadedCellRow>>();
    for (const r of rows) {
      let cells = byOperator.get(r.operator);
      if (!cells) byOperator.set(r.operator, (cells = new Map()));
      cells.set(bigintToH3(r.h3), r);
    }
    const areas: CapacityArea[] = [];
    for (const [operator, cells] of byOperator) {
      for (const a of connectedAreas(new Map([...cells].map(([h, r]) => [h, Number(r.pop)])))) {
        const sectors = new Map<string, OverloadedCellRow>();
        for (const h of a.cells) {
          const r = cells.get(h)!;
          sectors.set(`${r.tenancyId}/${r.sectorIndex}`, r);
        }
        areas.push({ ...a, operator, sectors });
      }
    }
    areas.sort((a, b) => b.population - a.population || b.cells.length - a.cells.length || a.operator.localeCompare(b.operator));
    return areas;
  }

  /** The statements' parameters: the operators asked about (checked), their Mbit/s per resident, and the tenancies of a district or box. */
  private async params(
    technology: LoadTechnology,
    operator: string,
    settings: LoadSettings,
    district: number | null,
    bbox: number[] | null,
  ): Promise<LoadParams> {
    const known = await this.repo.operators();
    if (operator !== 'any' && !known.includes(operator))
      throw ApiError.invalid([{ field: 'operator', problem: `no operator "${operator}" (one of ${known.join(', ')} or "any")` }]);
    const operators = operator === 'any' ? known : [operator];
    return {
      technology,
      thresholdDbm: COVERAGE_THRESHOLDS_DBM[technology].dbm,
      operators,
      perResidentMbps: operators.map((o) => demandPerResidentMbps(settings, o)),
      tenancyIds: district !== null || bbox !== null ? await this.repo.loadTenancies(technology, operators, district, bbox) : null,
    };
  }
}

/** A capacity gap as the API shows it, with the demand the co-location analysis takes (reason: capacity). */
function describeCapacityGap(a: CapacityArea, k: number, technology: LoadTechnology): CapacityGap {
  const { areaKm2, centroid, searchRadiusM } = areaShape(a.cells);
  const sectors = [...a.sectors.values()].sort((x, y) => y.util - x.util || x.tenancyId - y.tenancyId || x.sectorIndex - y.sectorIndex);
  return {
    rank: k + 1,
    residents: Math.round(a.population),
    cells: a.cells.length,
    areaKm2,
    centroid,
    sectors: sectors.map((s) => ({ tenancyId: s.tenancyId, sectorIndex: s.sectorIndex, structureId: s.structureId, utilisationPct: round1(s.util) })),
    demand: { location: centroid, searchRadiusM, operator: a.operator, technology, reason: 'capacity', servingStructureId: sectors[0].structureId },
    h3: a.cells.slice(0, 500).map(h3ToBigint),
  };
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const round2 = (x: number) => Math.round(x * 100) / 100;
