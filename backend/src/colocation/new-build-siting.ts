import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { COVERAGE_THRESHOLDS_DBM, DEFAULT_CARRIER } from '../coverage/coverage.defaults';
import { eirpPerResourceElementDbm, resourceBlocks } from '../radio/propagation/antenna';
import { defaultModel, Environment } from '../radio/propagation/path-loss';
import { usefulRadiusM } from '../coverage/engine/kernel';
import { RulesService, StoredRule } from '../zoning/rules.service';
import { DEMAND_EIRP_DBM, MACRO_HEIGHT_M, NEW_BUILD_TENANTS } from './colocation.defaults';
import type { NewBuildSite, OverlayCondition } from '@cosite/contracts';
import type { Demand } from './candidate-assessment';
import { ColocationRepository, type UncoveredCell } from './colocation.repository';

/** Coverage gain is counted no further than this from a site, whatever the link budget says. */
const GAIN_RADIUS_CAP_M = 1500;

/** What a demand's antenna would reach: its threshold, the propagation model and the useful radius. */
export function demandRadio(d: Demand, environment: Environment) {
  const threshold = COVERAGE_THRESHOLDS_DBM[d.technology].dbm;
  const carrier = DEFAULT_CARRIER[d.technology];
  const perRe = eirpPerResourceElementDbm(DEMAND_EIRP_DBM[d.technology], resourceBlocks(d.technology, carrier.bandwidthMHz, carrier.scsKHz));
  const model = defaultModel(environment, d.antennaHeightM >= MACRO_HEIGHT_M ? 'macro' : 'small_cell');
  const reachM = Math.min(GAIN_RADIUS_CAP_M, usefulRadiusM(model, d.bandMHz, d.antennaHeightM, perRe - threshold));
  return { threshold, model, reachM };
}

/** A demand with what its antenna would reach, as the siting needs it. */
export interface SitedDemand {
  demand: Demand;
  threshold: number;
  reachM: number;
}

/** An overlay rule as the co-location analysis applies it (from the rules table, as edited). */
export type OverlayRule = Pick<StoredRule, 'appliesTo' | 'outcome' | 'regulation' | 'article'>;

/** Conditions that overlays put on a site (with their sources); for an existing structure, build rules do not apply. */
export function conditionsOf(kinds: string[], newBuild: boolean, rules: OverlayRule[]): OverlayCondition[] {
  return (
    kinds
      .map((k) => ({ overlay: k, rule: rules.find((r) => r.appliesTo === k) }))
      // an existing structure is already built: no-build and preferred-site rules speak to new builds only
      .filter(
        (x): x is { overlay: string; rule: OverlayRule } =>
          !!x.rule && (newBuild || (x.rule.outcome !== 'no_build_zone' && x.rule.outcome !== 'preferred_site')),
      )
      .map((x) => ({ condition: x.rule.outcome, overlay: x.overlay, source: x.rule.article ? `${x.rule.regulation}, ${x.rule.article}` : x.rule.regulation }))
  );
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

export type { UncoveredCell };

/** Residents of the cells within `reachM` of each point (equirectangular distance: exact enough within a few km). */
export function gainsWithinReach(points: { id: number; lon: number; lat: number }[], cells: UncoveredCell[], reachM: number): Map<number, number> {
  const out = new Map<number, number>();
  const r2 = reachM * reachM;
  for (const p of points) {
    const kx = 111320 * Math.cos((p.lat * Math.PI) / 180);
    let sum = 0;
    for (const c of cells) {
      const dx = (c.lon - p.lon) * kx;
      const dy = (c.lat - p.lat) * 110574;
      if (dx * dx + dy * dy <= r2) sum += Number(c.population);
    }
    out.set(p.id, sum);
  }
  return out;
}

/**
 * Where a new structure should stand: for one demand its ring, for a co-build group the area where every member's
 * ring overlaps. Shared by the single analysis and the co-build grouping so both site alike.
 */
@Injectable()
export class NewBuildSiting {
  constructor(
    private readonly db: DataSource,
    private readonly rules: RulesService,
  ) {}

  /** The overlay rules in force (read per analysis, so an administrator's edit applies at once). */
  overlayRules(): Promise<OverlayRule[]> {
    return this.rules.enabled(['overlay']);
  }

  /**
   * Residents within reach of each point whose cell does not yet meet the threshold for this operator and
   * technology: the uncovered populated cells around all the points are read once, then summed per point.
   */
  async populationGain(
    points: { id: number; lon: number; lat: number }[],
    s: SitedDemand,
    db: DataSource | EntityManager = this.db,
  ): Promise<Map<number, number>> {
    if (!points.length) return new Map();
    const lons = points.map((p) => p.lon);
    const lats = points.map((p) => p.lat);
    const midLat = (Math.min(...lats) + Math.max(...lats)) / 2;
    const dLat = s.reachM / 110574;
    const dLon = s.reachM / (111320 * Math.cos((midLat * Math.PI) / 180));
    const box = { west: Math.min(...lons) - dLon, south: Math.min(...lats) - dLat, east: Math.max(...lons) + dLon, north: Math.max(...lats) + dLat };
    const cells = await ColocationRepository.uncoveredCells(db, box, s.demand.operator, s.demand.technology, s.threshold);
    return gainsWithinReach(points, cells, s.reachM);
  }

  /**
   * A 9 × 9 grid over the area's bounding box, kept where it falls inside the area and outside no-build zones,
   * water and facility-protection zones; reserved telecom land first, then the most residents gained (summed over the members), then the point
   * closest to the nominal one. `areaWkb` is the area as hex EWKB (as PostGIS returns a geometry); `rules` are the
   * overlay rules in force, read once by the caller.
   */
  async suggest(
    areaWkb: string,
    members: SitedDemand[],
    nominal: { lon: number; lat: number },
    rules: OverlayRule[],
    db: DataSource | EntityManager = this.db,
  ): Promise<NewBuildSite | null> {
    const pts = await ColocationRepository.buildableGrid(db, areaWkb);
    if (!pts.length) return null;
    const gain = new Map<number, number>();
    for (const m of members) for (const [id, g] of await this.populationGain(pts, m, db)) gain.set(id, (gain.get(id) ?? 0) + g);
    const dist = (p: { lon: number; lat: number }) =>
      Math.hypot((p.lon - nominal.lon) * 111320 * Math.cos((nominal.lat * Math.PI) / 180), (p.lat - nominal.lat) * 110574);
    const best = [...pts].sort(
      (a, b) =>
        Number(b.kinds.includes('reserved_telecom_land')) - Number(a.kinds.includes('reserved_telecom_land')) ||
        (gain.get(b.id) ?? 0) - (gain.get(a.id) ?? 0) ||
        dist(a) - dist(b) ||
        a.id - b.id,
    )[0];
    const conditions = conditionsOf(best.kinds, true, rules);
    const camouflage = conditions.some((c) => c.condition === 'camouflage_required');
    const tenants = Math.max(NEW_BUILD_TENANTS, members.length);
    return {
      location: { lon: round6(best.lon), lat: round6(best.lat) },
      distanceM: Math.round(dist(best)),
      onReservedTelecomLand: best.kinds.includes('reserved_telecom_land'),
      populationGain: Math.round(gain.get(best.id) ?? 0),
      structure: {
        kind: camouflage ? 'camouflaged_tower' : 'monopole',
        heightM: Math.ceil(Math.max(...members.map((m) => m.demand.antennaHeightM)) + 3),
        // room for every member, and for the tenants it is designed for
        slotsTotal: Math.max(
          members.reduce((a, m) => a + m.demand.slots, 0) + (tenants - members.length) * Math.max(...members.map((m) => m.demand.slots)),
          tenants,
        ),
        loadCapacityKg: Math.max(
          members.reduce((a, m) => a + m.demand.loadKg, 0) + (tenants - members.length) * Math.max(...members.map((m) => m.demand.loadKg)),
          500,
        ),
        tenantsDesignedFor: tenants,
      },
      conditions,
    };
  }
}
