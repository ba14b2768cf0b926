import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { TECHNOLOGIES } from '../common/enums';
import { ApiError } from '../common/errors';
import { positionProblem } from '../common/geojson';
import { oneOf, parseOrThrow } from '../common/zod';
import { COVERAGE_THRESHOLDS_DBM, DEFAULT_CARRIER } from '../coverage/coverage.defaults';
import { eirpPerResourceElementDbm, resourceBlocks } from '../coverage/propagation/antenna';
import { defaultModel } from '../coverage/propagation/path-loss';
import { usefulRadiusM } from '../coverage/engine/kernel';
import { environmentOf } from '../coverage/engine/sectors';
import { POPULATION_CELL_AREA_KM2 } from '../coverage/engine/universe';
import { SITING_RULES } from '../zoning/siting-rules';
import { DEMAND_EIRP_DBM, LAND_PER_AVOIDED_TOWER_M2, MACRO_HEIGHT_M, NEW_BUILD_TENANTS, SEARCH_RADIUS_M } from './colocation.defaults';
import { assessCandidate, decide, Demand, rank, StructureFacts } from './candidate-assessment';

export const demandSchema = z.object({
  location: z
    .object({ lon: z.number({ error: 'must be a number' }), lat: z.number({ error: 'must be a number' }) }, { error: 'is required: {lon, lat}' })
    .superRefine((p, ctx) => {
      const problem = positionProblem([p.lon, p.lat]);
      if (problem) ctx.addIssue({ code: 'custom', message: problem.replace('GeoJSON order is [longitude, latitude]', 'give lon and lat the right way round') });
    }),
  searchRadiusM: z.number().gt(0, 'must be more than 0 m').max(10_000, 'must be at most 10,000 m').optional(),
  operator: z.string({ error: 'is required (an operator id)' }).min(1),
  technology: oneOf(TECHNOLOGIES),
  bandMHz: z.number().int().min(400, 'must be between 400 and 100000 MHz').max(100_000, 'must be between 400 and 100000 MHz'),
  antennaHeightM: z.number().min(1, 'must be between 1 and 150 m').max(150, 'must be between 1 and 150 m'),
  slots: z.number().int().min(1).max(6).default(1),
  loadKg: z.number().min(0).max(2000).default(0),
  indoor: z.boolean().default(false),
});

const GAIN_RADIUS_CAP_M = 1500;

@Injectable()
export class ColocationService {
  constructor(private readonly db: DataSource) {}

  async analyse(body: unknown, batch?: { id: string; line: number }) {
    const input = parseOrThrow(demandSchema, body ?? {});
    const op = await this.db.query(`SELECT 1 FROM organisation WHERE id = $1 AND kind = 'operator'`, [input.operator]);
    if (!op.length) throw ApiError.invalid([{ field: 'operator', problem: `no operator "${input.operator}"` }]);
    const { lon, lat } = input.location;
    const [place] = await this.db.query(
      `SELECT (SELECT population FROM population_cell p WHERE ST_Intersects(p.geom, pt) LIMIT 1) AS population,
              (SELECT id FROM district d WHERE ST_Intersects(d.geom, pt) ORDER BY id LIMIT 1) AS district
         FROM (SELECT ST_SetSRID(ST_MakePoint($1, $2), 4326) AS pt) x`,
      [lon, lat],
    );
    const environment = environmentOf(Number(place.population ?? 0) / POPULATION_CELL_AREA_KM2);
    const d: Demand = { lon, lat, searchRadiusM: input.searchRadiusM ?? SEARCH_RADIUS_M[environment], operator: input.operator, technology: input.technology, bandMHz: input.bandMHz, antennaHeightM: input.antennaHeightM, slots: input.slots, loadKg: input.loadKg, indoor: input.indoor };
    const threshold = COVERAGE_THRESHOLDS_DBM[d.technology].dbm;
    const carrier = DEFAULT_CARRIER[d.technology];
    const perRe = eirpPerResourceElementDbm(DEMAND_EIRP_DBM[d.technology], resourceBlocks(d.technology, carrier.bandwidthMHz, carrier.scsKHz));
    const model = defaultModel(environment, d.antennaHeightM >= MACRO_HEIGHT_M ? 'macro' : 'small_cell');
    const reach = Math.min(GAIN_RADIUS_CAP_M, usefulRadiusM(model, d.bandMHz, d.antennaHeightM, perRe - threshold));

    // Structures in the ring, and those just outside it (reported with outside_ring).
    const rows: (Omit<StructureFacts, 'populationGain'> & { lon: number; lat: number })[] = await this.db.query(
      `SELECT s.id::int, s.code, s.name, s.kind, s.status, s.height_m::float8 AS "heightM", s.slots_total AS "slotsTotal",
              coalesce(u.slots, 0)::int AS "slotsUsed", s.load_capacity_kg::float8 AS "loadCapacityKg", coalesce(u.load, 0)::float8 AS "loadUsedKg",
              s.public_institution AS "publicInstitution", ST_X(s.geom) AS lon, ST_Y(s.geom) AS lat,
              ST_Distance(s.geom::geography, c.pt::geography) AS "distanceM",
              coalesce(u.ops, '{}') AS "operatorTechnologies",
              coalesce((SELECT array_agg(DISTINCT o.kind ORDER BY o.kind) FROM overlay o WHERE ST_Intersects(o.geom, s.geom)), '{}') AS "overlayKinds"
         FROM (SELECT ST_SetSRID(ST_MakePoint($1, $2), 4326) AS pt) c
         JOIN structure s ON ST_DWithin(s.geom::geography, c.pt::geography, $3 * 1.25)
         LEFT JOIN LATERAL (SELECT sum(t.slots_used) AS slots, sum(t.load_kg) AS load, array_agg(DISTINCT t.operator_id || '/' || t.technology) AS ops
                              FROM tenancy t WHERE t.structure_id = s.id AND t.status <> 'decommissioned') u ON true
        WHERE s.status <> 'decommissioned'
        ORDER BY s.id`,
      [lon, lat, d.searchRadiusM],
    );
    const gains = await this.populationGain(rows.map((r) => ({ id: r.id, lon: r.lon, lat: r.lat })), d, threshold, reach);
    const facts: StructureFacts[] = rows.map((r) => ({
      ...r,
      conditions: conditionsOf((r as unknown as { overlayKinds: string[] }).overlayKinds, false),
      populationGain: gains.get(r.id) ?? 0,
    }));
    const maxGain = Math.max(0, ...facts.map((f) => f.populationGain));
    const candidates = rank(facts.map((f) => assessCandidate(f, d, maxGain)));
    const decision = decide(candidates);
    const best = decision === 'new_build' ? null : candidates.find((c) => c.option === decision)!;
    const newBuild = decision === 'new_build' ? await this.suggestNewBuild(d, threshold, reach) : null;
    const result = {
      demand: d,
      environment,
      model,
      decision,
      best,
      candidates,
      newBuild,
      conditions: best?.conditions ?? newBuild?.conditions ?? [],
    };
    const [saved] = await this.db.query(
      `INSERT INTO colocation_analysis (operator_id, technology, decision, district_id, demand, result, geom, batch_id, line)
       VALUES ($1, $2, $3, $4, $5, $6, ST_SetSRID(ST_MakePoint($7, $8), 4326), $9, $10) RETURNING id, created_at`,
      [d.operator, d.technology, decision, place.district, JSON.stringify(d), JSON.stringify(result), lon, lat, batch?.id ?? null, batch?.line ?? null],
    );
    return { id: saved.id, createdAt: saved.created_at, ...result };
  }

  async get(id: string) {
    parseOrThrow(z.uuid({ error: 'must be an analysis id (UUID)' }), id, 'id');
    const rows = await this.db.query(`SELECT id, created_at AS "createdAt", result FROM colocation_analysis WHERE id = $1`, [id]);
    if (!rows.length) throw ApiError.notFound(`analysis ${id}`);
    return { id: rows[0].id, createdAt: rows[0].createdAt, ...rows[0].result };
  }

  /** Every decision booked: towers avoided (share or upgrade), land saved, by operator, district and month. */
  async summary() {
    const by = (key: string) =>
      this.db.query(
        `SELECT ${key} AS key, count(*) FILTER (WHERE decision = 'share')::int AS share, count(*) FILTER (WHERE decision = 'upgrade')::int AS upgrade,
                count(*) FILTER (WHERE decision = 'new_build')::int AS "newBuild" FROM colocation_analysis GROUP BY 1 ORDER BY 1`,
      );
    const [operators, districts, months] = await Promise.all([by('operator_id'), by('district_id'), by(`to_char(created_at, 'YYYY-MM')`)]);
    const [t] = await this.db.query(`SELECT count(*) FILTER (WHERE decision IN ('share','upgrade'))::int AS avoided, count(*)::int AS total FROM colocation_analysis`);
    return {
      analyses: t.total,
      towersAvoided: t.avoided,
      landSavedM2: Math.round(t.avoided * LAND_PER_AVOIDED_TOWER_M2 * 10) / 10,
      landPerAvoidedTowerM2: LAND_PER_AVOIDED_TOWER_M2,
      byOperator: operators,
      byDistrict: districts,
      byMonth: months,
    };
  }

  /** Residents within reach of each point whose cell does not yet meet the threshold for this operator and technology. */
  private async populationGain(points: { id: number; lon: number; lat: number }[], d: Demand, threshold: number, reachM: number): Promise<Map<number, number>> {
    if (!points.length) return new Map();
    const rows: { id: number; gain: number }[] = await this.db.query(
      `SELECT c.id, coalesce(sum(g.population), 0)::float8 AS gain
         FROM jsonb_to_recordset($1::jsonb) AS c(id int, lon float8, lat float8)
         LEFT JOIN coverage_grid_population g ON ST_DWithin(g.geom, ST_SetSRID(ST_MakePoint(c.lon, c.lat), 4326), $5)
              AND NOT EXISTS (SELECT 1 FROM coverage_cell v WHERE v.h3 = g.h3 AND v.operator_id = $2 AND v.technology = $3 AND v.best_rsrp_dbm >= $4)
        GROUP BY c.id`,
      [JSON.stringify(points), d.operator, d.technology, threshold, reachM / 110574],
    );
    return new Map(rows.map((r) => [r.id, Number(r.gain)]));
  }

  /**
   * A new structure's place: grid points inside the ring, never in a no-build zone or a river; reserved telecom
   * land first, then the most residents gained, then the closest to the nominal point.
   */
  private async suggestNewBuild(d: Demand, threshold: number, reach: number) {
    const step = d.searchRadiusM / 4;
    const pts: { id: number; lon: number; lat: number; kinds: string[] }[] = await this.db.query(
      `WITH grid AS (
         SELECT row_number() OVER (ORDER BY i, j)::int AS id,
                $1 + i * $4 / (111320 * cos(radians($2))) AS lon, $2 + j * $4 / 110574 AS lat
           FROM generate_series(-4, 4) i, generate_series(-4, 4) j),
       inside AS (
         SELECT g.*, ST_SetSRID(ST_MakePoint(g.lon, g.lat), 4326) AS pt FROM grid g
          WHERE ST_DWithin(ST_SetSRID(ST_MakePoint(g.lon, g.lat), 4326)::geography, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography, $3))
       SELECT i.id, i.lon, i.lat, coalesce((SELECT array_agg(DISTINCT o.kind ORDER BY o.kind) FROM overlay o WHERE ST_Intersects(o.geom, i.pt)), '{}') AS kinds
         FROM inside i
        WHERE NOT EXISTS (SELECT 1 FROM overlay o WHERE o.kind = 'no_build_zone' AND ST_Intersects(o.geom, i.pt))
          AND NOT EXISTS (SELECT 1 FROM river r WHERE ST_Intersects(r.geom, i.pt))
        ORDER BY i.id`,
      [d.lon, d.lat, d.searchRadiusM, step],
    );
    if (!pts.length) return { location: null, reason: 'every point of the ring lies in a no-build zone or water', structure: null, conditions: [] };
    const gains = await this.populationGain(pts, d, threshold, reach);
    const dist = (p: { lon: number; lat: number }) => Math.hypot((p.lon - d.lon) * 111320 * Math.cos((d.lat * Math.PI) / 180), (p.lat - d.lat) * 110574);
    const best = [...pts].sort(
      (a, b) =>
        Number(b.kinds.includes('reserved_telecom_land')) - Number(a.kinds.includes('reserved_telecom_land')) ||
        (gains.get(b.id) ?? 0) - (gains.get(a.id) ?? 0) ||
        dist(a) - dist(b) ||
        a.id - b.id,
    )[0];
    const conditions = conditionsOf(best.kinds, true);
    const camouflage = conditions.some((c) => c.condition === 'camouflage_required');
    return {
      location: { lon: Math.round(best.lon * 1e6) / 1e6, lat: Math.round(best.lat * 1e6) / 1e6 },
      distanceM: Math.round(dist(best)),
      onReservedTelecomLand: best.kinds.includes('reserved_telecom_land'),
      populationGain: Math.round(gains.get(best.id) ?? 0),
      structure: {
        kind: camouflage ? 'camouflaged_tower' : 'monopole',
        heightM: Math.ceil(d.antennaHeightM + 3),
        slotsTotal: Math.max(NEW_BUILD_TENANTS * d.slots, NEW_BUILD_TENANTS),
        loadCapacityKg: Math.max(NEW_BUILD_TENANTS * d.loadKg, 500),
        tenantsDesignedFor: NEW_BUILD_TENANTS,
      },
      conditions,
    };
  }
}

/** Conditions that overlays put on a site (with their sources); for an existing structure, build rules do not apply. */
function conditionsOf(kinds: string[], newBuild: boolean) {
  return kinds
    .map((k) => ({ overlay: k, rule: SITING_RULES[k as keyof typeof SITING_RULES] }))
    .filter((x): x is { overlay: string; rule: NonNullable<typeof x.rule> } => !!x.rule && (newBuild || (x.rule.condition !== 'new_build_forbidden' && x.rule.condition !== 'preferred_site')))
    .map((x) => ({ condition: x.rule.condition, overlay: x.overlay, source: x.rule.source }));
}
