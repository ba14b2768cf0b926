import { Injectable } from '@nestjs/common';
import { cellToBoundary, cellToLatLng, cellToParent, gridDisk } from 'h3-js';
import type { Technology } from '@cosite/contracts';
import { COVERAGE_KPI_TARGETS, COVERAGE_THRESHOLDS_DBM } from './coverage.defaults';
import { CoverageRepository } from './coverage.repository';
import { bigintToH3, h3ToBigint } from './engine/universe';
import { RADIO_TECHNOLOGY } from './observed-cell.layer';
import { o2iLossDb, type O2iModel } from './propagation/o2i';

/** Mobile network codes of the Chinese operators (MCC 460). */
const MNC_OF: Record<string, number[]> = { 'china-mobile': [0, 2, 4, 7, 8], 'china-unicom': [1, 6, 9], 'china-telecom': [3, 5, 11], 'china-broadnet': [15] };

export interface AreaKpi {
  districtId: number | null;
  name: string;
  operator: string;
  cells: number;
  coveredCells: number;
  areaCoveredPct: number;
  population: number;
  populationCovered: number;
  populationCoveredPct: number;
}

/** KPIs and gaps computed in SQL over the stored coverage (joined to population, key sites and districts). */
@Injectable()
export class CoverageKpiService {
  constructor(private readonly repo: CoverageRepository) {}

  /** Area and population covered per district and city-wide, for each operator and for any operator. */
  async coverage(technology: Technology, thresholdDbm = COVERAGE_THRESHOLDS_DBM[technology].dbm, indoor?: O2iModel): Promise<AreaKpi[]> {
    // Indoors: the best server's outdoor RSRP less TR 38.901's O2I loss for its band (the engine stores outdoor values)
    const bands = indoor ? (await this.repo.query<{ band: number }>(`SELECT DISTINCT band_mhz AS band FROM tenancy WHERE technology = $1`, [technology])).map((b) => Number(b.band)) : [];
    const rows = await this.repo.query<{ district_id: number | null; name: string | null; operator: string; cells: string; covered: string; pop: number; pop_covered: number }>(
      `WITH cell AS (SELECT h3, district_id, population AS pop FROM coverage_grid_population),
       o2i AS (SELECT * FROM unnest($3::int[], $4::float8[]) AS o(band, loss)),
       served AS (
         SELECT c.h3, c.operator_id FROM coverage_cell c
           LEFT JOIN tenancy t ON $5 AND t.id = c.best_tenancy_id
           LEFT JOIN o2i ON o2i.band = t.band_mhz
          WHERE c.technology = $1 AND c.best_rsrp_dbm - coalesce(o2i.loss, 0) >= $2
       ),
       covered AS (
         SELECT h3, operator_id FROM served
         UNION ALL
         SELECT DISTINCT h3, 'any' FROM served
       ),
       ops AS (SELECT id AS operator FROM organisation WHERE kind = 'operator' UNION ALL SELECT 'any')
       SELECT c.district_id, d.name_en AS name, o.operator, count(*) AS cells, count(v.h3) AS covered,
              sum(c.pop) AS pop, sum(c.pop) FILTER (WHERE v.h3 IS NOT NULL) AS pop_covered
         FROM cell c CROSS JOIN ops o
         LEFT JOIN covered v ON v.h3 = c.h3 AND v.operator_id = o.operator
         LEFT JOIN district d ON d.id = c.district_id
        GROUP BY GROUPING SETS ((c.district_id, d.name_en, o.operator), (o.operator))
        ORDER BY c.district_id NULLS FIRST, o.operator`,
      [technology, thresholdDbm, bands, bands.map((b) => o2iLossDb(b, indoor!)), !!indoor],
    );
    return rows.map((r) => {
      const cells = Number(r.cells);
      const covered = Number(r.covered);
      const pop = Math.round(Number(r.pop ?? 0));
      const popCovered = Math.round(Number(r.pop_covered ?? 0));
      return {
        districtId: r.district_id,
        name: r.district_id === null ? 'city (central districts)' : (r.name ?? String(r.district_id)),
        operator: r.operator,
        cells,
        coveredCells: covered,
        areaCoveredPct: cells ? round1((100 * covered) / cells) : 0,
        population: pop,
        populationCovered: popCovered,
        populationCoveredPct: pop ? round1((100 * popCovered) / pop) : 0,
      };
    });
  }

  /** Key sites reached: a site counts when every grid cell it stands on meets the 5G threshold. */
  async keySites(operator: string, thresholdDbm = COVERAGE_THRESHOLDS_DBM['5G'].dbm) {
    const rows = await this.repo.query<{ id: string; name_zh: string; name_en: string; category: string; cells: number; reached: number; best: number | null }>(
      `SELECT k.id, k.name_zh, k.name_en, k.category, count(ksc.h3)::int AS cells,
              count(ksc.h3) FILTER (WHERE cv.best >= $1)::int AS reached, max(cv.best)::float8 AS best
         FROM key_site k
         JOIN key_site_cell ksc ON ksc.key_site_id = k.id
         LEFT JOIN LATERAL (SELECT max(best_rsrp_dbm) AS best FROM coverage_cell c
                             WHERE c.h3 = ksc.h3 AND c.technology = '5G' AND ($2 = 'any' OR c.operator_id = $2)) cv ON true
        GROUP BY k.id ORDER BY k.id`,
      [thresholdDbm, operator],
    );
    const sites = rows.map((r) => ({ id: r.id, nameZh: r.name_zh, nameEn: r.name_en, category: r.category, reached: r.cells > 0 && r.reached === r.cells, bestRsrpDbm: r.best === null ? null : round1(r.best) }));
    const reached = sites.filter((s) => s.reached).length;
    return {
      operator,
      sites,
      reached,
      total: sites.length,
      reachPct: sites.length ? round1((100 * reached) / sites.length) : 0,
      targetPct: COVERAGE_KPI_TARGETS.keySiteReach.value * 100,
      meetsTarget: sites.length > 0 && reached / sites.length >= COVERAGE_KPI_TARGETS.keySiteReach.value,
    };
  }

  /** 5G base stations (5G tenancies) per 10,000 residents, per central district and city-wide, against targets. */
  async fiveGDensity() {
    const rows = await this.repo.query<{ id: number | null; name: string | null; stations: string; population: string }>(
      `SELECT d.id, d.name_en AS name, count(t.id) AS stations, max(d.population) AS population
         FROM district d
         LEFT JOIN structure s ON s.district_id = d.id
         LEFT JOIN tenancy t ON t.structure_id = s.id AND t.technology = '5G' AND t.status = 'active'
        WHERE d.is_core
        GROUP BY d.id, d.name_en ORDER BY d.id`,
    );
    const T = COVERAGE_KPI_TARGETS;
    const districts = rows.map((r) => {
      const per10k = Number(r.population) ? (Number(r.stations) * 10_000) / Number(r.population) : 0;
      const target = r.id === T.fiveGPer10kCoreDistrict.districtId ? T.fiveGPer10kCoreDistrict.value : null;
      return { districtId: r.id, name: r.name, stations: Number(r.stations), population: Number(r.population), per10k: round1(per10k), target, meetsTarget: target === null ? null : per10k >= target };
    });
    const stations = districts.reduce((a, d) => a + d.stations, 0);
    const population = districts.reduce((a, d) => a + d.population, 0);
    const city = population ? (stations * 10_000) / population : 0;
    return {
      districts,
      city: { stations, population, per10k: round1(city), target: T.fiveGPer10kCityWide.value, meetsTarget: city >= T.fiveGPer10kCityWide.value, gigabitCityTarget: T.fiveGPer10kGigabitCity.value, meetsGigabitCity: city >= T.fiveGPer10kGigabitCity.value },
      sources: Object.fromEntries(Object.entries(T).map(([k, v]) => [k, v.source])),
    };
  }

  /**
   * Gaps: populated grid cells below the threshold (for an operator, or for every operator), joined into
   * connected areas through H3 neighbours, ranked by residents left uncovered.
   */
  async gaps(technology: Technology, operator: string, limit = 50, thresholdDbm?: number) {
    const threshold = thresholdDbm ?? COVERAGE_THRESHOLDS_DBM[technology].dbm;
    const areas = await this.gapAreas(technology, operator, threshold);
    return {
      technology,
      operator,
      thresholdDbm: threshold,
      totalAreas: areas.length,
      uncoveredPopulation: Math.round(areas.reduce((a, g) => a + g.population, 0)),
      gaps: areas.slice(0, limit).map((g, k) => describeGap(g, k, technology, operator)),
    };
  }

  /** The gap holding one cell (H3 index, hex or decimal as the gaps list gives it), or null when the cell is covered. */
  async gapContaining(technology: Technology, operator: string, cell: string, thresholdDbm?: number) {
    const threshold = thresholdDbm ?? COVERAGE_THRESHOLDS_DBM[technology].dbm;
    const areas = await this.gapAreas(technology, operator, threshold);
    const k = areas.findIndex((a) => a.cells.includes(cell));
    return k < 0 ? null : { thresholdDbm: threshold, ...describeGap(areas[k], k, technology, operator) };
  }

  /** Populated cells below the threshold, joined through H3 neighbours into connected areas, most residents first. */
  private async gapAreas(technology: Technology, operator: string, threshold: number) {
    const rows = await this.repo.query<{ h3: string; pop: number }>(
      `SELECT c.h3::text AS h3, c.population AS pop FROM coverage_grid_population c
        WHERE c.population > 0
          AND NOT EXISTS (SELECT 1 FROM coverage_cell v WHERE v.h3 = c.h3 AND v.technology = $1 AND v.best_rsrp_dbm >= $2
                                                        AND ($3 = 'any' OR v.operator_id = $3))`,
      [technology, threshold, operator],
    );
    const pop = new Map(rows.map((r) => [bigintToH3(r.h3), Number(r.pop)]));
    const seen = new Set<string>();
    const areas: GapArea[] = [];
    for (const start of pop.keys()) {
      if (seen.has(start)) continue;
      const stack = [start];
      seen.add(start);
      const cells: string[] = [];
      let population = 0;
      while (stack.length) {
        const c = stack.pop()!;
        cells.push(c);
        population += pop.get(c)!;
        for (const n of gridDisk(c, 1)) if (!seen.has(n) && pop.has(n)) {
          seen.add(n);
          stack.push(n);
        }
      }
      areas.push({ cells, population });
    }
    areas.sort((a, b) => b.population - a.population || b.cells.length - a.cells.length);
    return areas;
  }

  /**
   * Prediction against observation: predicted-covered cells with no observed cell of the technology within
   * `radiusM`, and observed cells standing where the prediction says the threshold is not met.
   */
  async comparison(technology: Technology, operator: string, radiusM: number, thresholdDbm?: number) {
    const threshold = thresholdDbm ?? COVERAGE_THRESHOLDS_DBM[technology].dbm;
    const radios = Object.entries(RADIO_TECHNOLOGY).filter(([, t]) => t === technology).map(([r]) => r);
    const nets = operator === 'any' ? null : (MNC_OF[operator] ?? [-1]);
    // degrees of latitude: a slightly generous radius in longitude at Chongqing's latitude
    const deg = radiusM / 110574;
    const [summary] = await this.repo.query<{ covered: number; unobserved: number; observations: number }>(
      `WITH covered AS (
         SELECT g.h3, g.geom FROM coverage_grid g
          WHERE EXISTS (SELECT 1 FROM coverage_cell c WHERE c.h3 = g.h3 AND c.technology = $1 AND c.best_rsrp_dbm >= $2 AND ($3 = 'any' OR c.operator_id = $3))),
       obs AS (SELECT o.geom FROM observed_cell o WHERE o.radio = ANY($4::text[]) AND ($5::int[] IS NULL OR (o.mcc = 460 AND o.net = ANY($5::int[]))))
       SELECT (SELECT count(*)::int FROM covered) AS covered,
              (SELECT count(*)::int FROM covered c WHERE NOT EXISTS (SELECT 1 FROM obs o WHERE ST_DWithin(o.geom, c.geom, $6))) AS unobserved,
              (SELECT count(*)::int FROM obs) AS observations`,
      [technology, threshold, operator, radios, nets, deg],
    );
    const contradicted = await this.repo.query<{ id: string; radio: string; net: number; cell: string; lon: number; lat: number; predicted: number | null }>(
      `SELECT o.id::text, o.radio, o.net, o.cell::text, ST_X(o.geom) AS lon, ST_Y(o.geom) AS lat, p.best AS predicted
         FROM observed_cell o
         LEFT JOIN LATERAL (
           SELECT max(c.best_rsrp_dbm)::float8 AS best FROM coverage_grid g JOIN coverage_cell c ON c.h3 = g.h3
            WHERE ST_DWithin(g.geom, o.geom, 0.0012) AND c.technology = $1 AND ($3 = 'any' OR c.operator_id = $3)) p ON true
        WHERE o.radio = ANY($4::text[]) AND ($5::int[] IS NULL OR (o.mcc = 460 AND o.net = ANY($5::int[])))
          AND (p.best IS NULL OR p.best < $2)
        ORDER BY o.id LIMIT 500`,
      [technology, threshold, operator, radios, nets],
    );
    return {
      technology,
      operator,
      thresholdDbm: threshold,
      radiusM,
      observations: summary.observations,
      predictedCoveredCells: summary.covered,
      predictedCoveredWithoutObservation: summary.unobserved,
      observedWherePredictedBelowThreshold: contradicted.map((o) => ({ id: o.id, radio: o.radio, net: o.net, cell: o.cell, lon: round6(o.lon), lat: round6(o.lat), predictedRsrpDbm: o.predicted === null ? null : round1(o.predicted) })),
    };
  }

  /** Coverage hexes in a bbox, at the computation resolution or aggregated to 9/8/7 (best RSRP of the children). */
  async cells(bbox: [number, number, number, number], technology: Technology, operator: string, resolution: number, thresholdDbm?: number, maxFeatures = 20_000) {
    const rows = await this.repo.query<{ h3: string; rsrp: number; tenancy: string }>(
      `SELECT c.h3::text AS h3, max(c.best_rsrp_dbm)::float8 AS rsrp, (array_agg(c.best_tenancy_id ORDER BY c.best_rsrp_dbm DESC))[1]::text AS tenancy
         FROM coverage_grid g JOIN coverage_cell c ON c.h3 = g.h3
        WHERE g.geom && ST_MakeEnvelope($1, $2, $3, $4, 4326) AND c.technology = $5 AND ($6 = 'any' OR c.operator_id = $6)
        GROUP BY c.h3`,
      [...bbox, technology, operator],
    );
    const byCell = new Map<string, { rsrp: number; tenancy: string }>();
    for (const r of rows) {
      const h = bigintToH3(r.h3);
      const key = resolution < 10 ? cellToParent(h, resolution) : h;
      const prev = byCell.get(key);
      if (!prev || r.rsrp > prev.rsrp) byCell.set(key, { rsrp: r.rsrp, tenancy: r.tenancy });
    }
    const threshold = thresholdDbm ?? COVERAGE_THRESHOLDS_DBM[technology].dbm;
    const features = [...byCell].slice(0, maxFeatures).map(([h, v]) => ({
      type: 'Feature' as const,
      id: h3ToBigint(h),
      geometry: { type: 'Polygon' as const, coordinates: [cellToBoundary(h, true)] },
      properties: { h3: h, rsrp: round1(v.rsrp), band: rsrpBand(v.rsrp, threshold), bestTenancyId: Number(v.tenancy) },
    }));
    return { type: 'FeatureCollection' as const, features, truncated: byCell.size > maxFeatures };
  }
}

/** RSRP bands for display, relative to the technology's threshold. */
export function rsrpBand(rsrp: number, threshold: number): 'excellent' | 'good' | 'fair' | 'weak' {
  if (rsrp >= threshold + 20) return 'excellent';
  if (rsrp >= threshold + 10) return 'good';
  if (rsrp >= threshold) return 'fair';
  return 'weak';
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const round3 = (x: number) => Math.round(x * 1000) / 1000;
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

interface GapArea {
  cells: string[];
  population: number;
}

/** A gap as the API shows it: its residents, size, centre, and the demand the co-location analysis takes. */
function describeGap(g: GapArea, k: number, technology: Technology, operator: string) {
  const pts = g.cells.map((c) => cellToLatLng(c));
  const lat = pts.reduce((a, p) => a + p[0], 0) / pts.length;
  const lon = pts.reduce((a, p) => a + p[1], 0) / pts.length;
  const areaKm2 = g.cells.length * 0.0150475; // mean area of an H3 resolution-10 cell
  return {
    rank: k + 1,
    population: Math.round(g.population),
    cells: g.cells.length,
    areaKm2: round3(areaKm2),
    centroid: { lon: round6(lon), lat: round6(lat) },
    // What the co-location analysis takes as an operator's demand.
    demand: { location: { lon: round6(lon), lat: round6(lat) }, searchRadiusM: Math.min(10_000, Math.max(250, Math.round(Math.sqrt((areaKm2 * 1e6) / Math.PI)))), operator: operator === 'any' ? null : operator, technology },
    h3: g.cells.slice(0, 500).map(h3ToBigint),
  };
}
