import { Injectable } from '@nestjs/common';
import { cellToBoundary, cellToParent } from 'h3-js';
import { areaShape, type CellArea, connectedAreas } from './h3-areas';
import type { AreaKpi, CoverageKpiReport, CoverageKpiReportQuery, SinrBand, Technology } from '@cosite/contracts';
import { COVERAGE_KPI_TARGETS, COVERAGE_THRESHOLDS_DBM, SINR_KPI } from './coverage.defaults';
import { type AreaKpiBin, CoverageRepository } from './coverage.repository';
import { bigintToH3, h3ToBigint } from '../radio/universe';
import { RADIO_TECHNOLOGY } from './observed-cell.layer';
import { o2iLossDb, type O2iModel } from '../radio/propagation/o2i';

/** Mobile network codes of the Chinese operators (MCC 460). */
const MNC_OF: Record<string, number[]> = { 'china-mobile': [0, 2, 4, 7, 8], 'china-unicom': [1, 6, 9], 'china-telecom': [3, 5, 11], 'china-broadnet': [15] };

/** KPIs and gaps computed in SQL over the stored coverage (joined to population, key sites and districts). */
@Injectable()
export class CoverageKpiService {
  constructor(private readonly repo: CoverageRepository) {}

  /** The KPI report: area and population covered, key sites reached and 5G density, against targets. */
  async report(q: CoverageKpiReportQuery): Promise<CoverageKpiReport> {
    const [area, keySites, density] = await Promise.all([
      this.coverage(q.technology, q.thresholdDbm, q.indoor),
      this.keySites(q.operator, q.thresholdDbm),
      this.fiveGDensity(),
    ]);
    return {
      technology: q.technology,
      thresholdDbm: q.thresholdDbm ?? COVERAGE_THRESHOLDS_DBM[q.technology].dbm,
      indoor: q.indoor ?? null,
      sinrUsableDb: SINR_KPI.usableDb.value,
      goodThroughputMbps: SINR_KPI.goodThroughputMbps.value,
      area,
      keySites,
      fiveGDensity: density,
    };
  }

  /**
   * Area and population covered per district and city-wide, for each operator and for any operator, with the link
   * quality residents get: SINR at least usable, and throughput percentiles (an uncovered resident counts at 0).
   */
  async coverage(technology: Technology, thresholdDbm = COVERAGE_THRESHOLDS_DBM[technology].dbm, indoor?: O2iModel): Promise<AreaKpi[]> {
    // Indoors: the best server's outdoor RSRP less TR 38.901's O2I loss for its band (the engine stores outdoor values)
    const bands = indoor ? await this.repo.technologyBands(technology) : [];
    const [rows, operators] = await Promise.all([
      this.repo.areaKpis(technology, thresholdDbm, indoor ? { bands, lossDb: bands.map((b) => o2iLossDb(b, indoor)) } : null, SINR_KPI.usableDb.value),
      this.repo.operators(),
    ]);
    const covered = new Map<string, AreaKpiBin[]>();
    for (const b of rows) {
      if (b.operator === '*') continue;
      const key = `${b.district_id}/${b.operator}`;
      const list = covered.get(key);
      if (list) list.push(b);
      else covered.set(key, [b]);
    }
    // every district (and the city) × every operator and 'any': its covered bins and the rest of the district, uncovered
    const groups: AreaKpiBin[][] = [];
    for (const total of rows.filter((b) => b.operator === '*')) {
      for (const operator of [...operators, 'any'].sort()) {
        const bins = covered.get(`${total.district_id}/${operator}`) ?? [];
        const cells = bins.reduce((a, b) => a + Number(b.cells), 0);
        const pop = bins.reduce((a, b) => a + Number(b.pop ?? 0), 0);
        const uncovered = { ...total, operator, cells: String(Number(total.cells) - cells), pop: Math.max(Number(total.pop ?? 0) - pop, 0) };
        groups.push([uncovered, ...bins]);
      }
    }
    return groups.map((g) => areaKpiOf(g));
  }

  /** Key sites reached: a site counts when every grid cell it stands on meets the 5G threshold. */
  async keySites(operator: string, thresholdDbm = COVERAGE_THRESHOLDS_DBM['5G'].dbm) {
    const rows = await this.repo.keySiteReach(operator, thresholdDbm);
    const sites = rows.map((r) => ({
      id: r.id,
      nameZh: r.name_zh,
      nameEn: r.name_en,
      category: r.category,
      reached: r.cells > 0 && r.reached === r.cells,
      bestRsrpDbm: r.best === null ? null : round1(r.best),
    }));
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
    const rows = await this.repo.fiveGStations();
    const T = COVERAGE_KPI_TARGETS;
    const districts = rows.map((r) => {
      const per10k = Number(r.population) ? (Number(r.stations) * 10_000) / Number(r.population) : 0;
      const target = r.id === T.fiveGPer10kCoreDistrict.districtId ? T.fiveGPer10kCoreDistrict.value : null;
      return {
        districtId: r.id,
        name: r.name,
        stations: Number(r.stations),
        population: Number(r.population),
        per10k: round1(per10k),
        target,
        meetsTarget: target === null ? null : per10k >= target,
      };
    });
    const stations = districts.reduce((a, d) => a + d.stations, 0);
    const population = districts.reduce((a, d) => a + d.population, 0);
    const city = population ? (stations * 10_000) / population : 0;
    return {
      districts,
      city: {
        stations,
        population,
        per10k: round1(city),
        target: T.fiveGPer10kCityWide.value,
        meetsTarget: city >= T.fiveGPer10kCityWide.value,
        gigabitCityTarget: T.fiveGPer10kGigabitCity.value,
        meetsGigabitCity: city >= T.fiveGPer10kGigabitCity.value,
      },
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
  private async gapAreas(technology: Technology, operator: string, threshold: number): Promise<GapArea[]> {
    const rows = await this.repo.uncoveredPopulatedCells(technology, operator, threshold);
    return connectedAreas(new Map(rows.map((r) => [bigintToH3(r.h3), Number(r.pop)])));
  }

  /**
   * Prediction against observation: predicted-covered cells with no observed cell of the technology within
   * `radiusM`, and observed cells standing where the prediction says the threshold is not met.
   */
  async comparison(technology: Technology, operator: string, radiusM: number, thresholdDbm?: number) {
    const threshold = thresholdDbm ?? COVERAGE_THRESHOLDS_DBM[technology].dbm;
    const radios = Object.entries(RADIO_TECHNOLOGY)
      .filter(([, t]) => t === technology)
      .map(([r]) => r);
    const nets = operator === 'any' ? null : (MNC_OF[operator] ?? [-1]);
    // degrees of latitude: a slightly generous radius in longitude at Chongqing's latitude
    const deg = radiusM / 110574;
    const summary = await this.repo.comparisonSummary(technology, operator, threshold, radios, nets, deg);
    const contradicted = await this.repo.observedBelowPrediction(technology, operator, threshold, radios, nets);
    return {
      technology,
      operator,
      thresholdDbm: threshold,
      radiusM,
      observations: summary.observations,
      predictedCoveredCells: summary.covered,
      predictedCoveredWithoutObservation: summary.unobserved,
      observedWherePredictedBelowThreshold: contradicted.map((o) => ({
        id: o.id,
        radio: o.radio,
        net: o.net,
        cell: o.cell,
        lon: round6(o.lon),
        lat: round6(o.lat),
        predictedRsrpDbm: o.predicted === null ? null : round1(o.predicted),
      })),
    };
  }

  /** Coverage hexes in a bbox, at the computation resolution or aggregated to 9/8/7 (best RSRP of the children). */
  async cells(
    bbox: [number, number, number, number],
    technology: Technology,
    operator: string,
    resolution: number,
    thresholdDbm?: number,
    maxFeatures = 20_000,
  ) {
    const rows = await this.repo.cellsInBox(bbox, technology, operator);
    const byCell = new Map<string, { rsrp: number; tenancy: string; sinr: number | null; mbps: number | null }>();
    for (const r of rows) {
      const h = bigintToH3(r.h3);
      const key = resolution < 10 ? cellToParent(h, resolution) : h;
      const prev = byCell.get(key);
      if (!prev || r.rsrp > prev.rsrp) byCell.set(key, r);
    }
    const threshold = thresholdDbm ?? COVERAGE_THRESHOLDS_DBM[technology].dbm;
    const features = [...byCell].slice(0, maxFeatures).map(([h, v]) => ({
      type: 'Feature' as const,
      id: h3ToBigint(h),
      geometry: { type: 'Polygon' as const, coordinates: [cellToBoundary(h, true)] },
      properties: {
        h3: h,
        rsrp: round1(v.rsrp),
        band: rsrpBand(v.rsrp, threshold),
        bestTenancyId: Number(v.tenancy),
        sinr: v.sinr === null ? null : round1(v.sinr),
        sinrBand: v.sinr === null ? null : sinrBand(v.sinr),
        throughputMbps: v.mbps === null ? null : round1(v.mbps),
      },
    }));
    return { type: 'FeatureCollection' as const, features, truncated: byCell.size > maxFeatures };
  }
}

/** One district × operator's KPIs from its throughput histogram (bins sorted by mbps, −1 first: not covered). */
export function areaKpiOf(bins: readonly AreaKpiBin[]): AreaKpi {
  const first = bins[0];
  let cells = 0,
    covered = 0,
    sinrOk = 0,
    pop = 0,
    popCovered = 0,
    popSinrOk = 0,
    popGood = 0;
  for (const b of bins) {
    const n = Number(b.cells);
    const p = Number(b.pop ?? 0);
    cells += n;
    pop += p;
    sinrOk += Number(b.sinr_ok);
    popSinrOk += Number(b.pop_sinr_ok ?? 0);
    if (b.mbps >= 0) {
      covered += n;
      popCovered += p;
    }
    if (b.mbps >= SINR_KPI.goodThroughputMbps.value) popGood += p;
  }
  return {
    districtId: first.district_id,
    name: first.district_id === null ? 'city (central districts)' : (first.name ?? String(first.district_id)),
    operator: first.operator,
    cells,
    coveredCells: covered,
    areaCoveredPct: pct(covered, cells),
    population: Math.round(pop),
    populationCovered: Math.round(popCovered),
    populationCoveredPct: pct(popCovered, pop),
    sinrUsableCells: sinrOk,
    sinrUsableAreaPct: pct(sinrOk, cells),
    populationSinrUsable: Math.round(popSinrOk),
    populationSinrUsablePct: pct(popSinrOk, pop),
    medianThroughputMbps: weightedPercentile(bins, 0.5, pop),
    p5ThroughputMbps: weightedPercentile(bins, 0.05, pop),
    populationGoodThroughputPct: pct(popGood, pop),
  };
}

/** The throughput (whole Mbit/s) below which a share q of the residents are; null with no residents. */
function weightedPercentile(bins: readonly AreaKpiBin[], q: number, pop: number): number | null {
  if (!(pop > 0)) return null;
  const sorted = [...bins].sort((a, b) => a.mbps - b.mbps);
  let acc = 0;
  for (const b of sorted) {
    acc += Number(b.pop ?? 0);
    if (acc >= q * pop) return Math.max(b.mbps, 0);
  }
  return Math.max(sorted[sorted.length - 1].mbps, 0);
}

const pct = (part: number, whole: number) => (whole ? round1((100 * part) / whole) : 0);

/** SINR bands for display (dB). */
export function sinrBand(sinr: number): SinrBand {
  if (sinr >= 20) return 'excellent';
  if (sinr >= 10) return 'good';
  if (sinr >= 0) return 'fair';
  if (sinr >= -5) return 'poor';
  return 'bad';
}

/** RSRP bands for display, relative to the technology's threshold. */
export function rsrpBand(rsrp: number, threshold: number): 'excellent' | 'good' | 'fair' | 'weak' {
  if (rsrp >= threshold + 20) return 'excellent';
  if (rsrp >= threshold + 10) return 'good';
  if (rsrp >= threshold) return 'fair';
  return 'weak';
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

type GapArea = CellArea;

/** A gap as the API shows it: its residents, size, centre, and the demand the co-location analysis takes. */
function describeGap(g: GapArea, k: number, technology: Technology, operator: string) {
  const { areaKm2, centroid, searchRadiusM } = areaShape(g.cells);
  return {
    rank: k + 1,
    population: Math.round(g.population),
    cells: g.cells.length,
    areaKm2,
    centroid,
    // What the co-location analysis takes as an operator's demand.
    demand: {
      location: centroid,
      searchRadiusM,
      operator: operator === 'any' ? null : operator,
      technology,
    },
    h3: g.cells.slice(0, 500).map(h3ToBigint),
  };
}
