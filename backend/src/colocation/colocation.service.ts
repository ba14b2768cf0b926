import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { TECHNOLOGIES } from '@cosite/contracts';
import { ApiError } from '../common/errors';
import { demandRefusal, Filer } from '../auth/roles';
import { parseOrThrow } from '../common/zod';
import { lonLat, oneOf } from '@cosite/contracts';
import { environmentOf } from '../coverage/engine/sectors';
import { POPULATION_CELL_AREA_KM2 } from '../coverage/engine/universe';
import { DEMAND_EIRP_DBM, LAND_PER_AVOIDED_TOWER_M2, SEARCH_RADIUS_M } from './colocation.defaults';
import { SitingService } from '../zoning/siting.service';
import { assessCandidate, decide, Demand, rank, StructureFacts } from './candidate-assessment';
import { CoBuildService } from './co-build.service';
import { conditionsOf, demandRadio, NewBuildSiting, OverlayRule, SitedDemand } from './new-build-siting';

export const demandSchema = z.object({
  location: lonLat,
  searchRadiusM: z.number().gt(0, 'must be more than 0 m').max(10_000, 'must be at most 10,000 m').optional(),
  operator: z.string({ error: 'is required (an operator id)' }).min(1),
  technology: oneOf(TECHNOLOGIES),
  bandMHz: z.number().int().min(400, 'must be between 400 and 100000 MHz').max(100_000, 'must be between 400 and 100000 MHz'),
  antennaHeightM: z.number().min(1, 'must be between 1 and 150 m').max(150, 'must be between 1 and 150 m'),
  slots: z.number().int().min(1).max(6).default(1),
  loadKg: z.number().min(0).max(2000).default(0),
  indoor: z.boolean().default(false),
});

@Injectable()
export class ColocationService {
  constructor(
    private readonly db: DataSource,
    private readonly siting: NewBuildSiting,
    private readonly coBuild: CoBuildService,
    private readonly zoning: SitingService,
  ) {}

  /** `origin` says where the demand came from (a coverage gap, say) and is kept with the evidence. */
  /** `by` is who files the demand: checked against the operator and recorded, so an operator's analyses stay its own. */
  async analyse(body: unknown, batch?: { id: string; line: number }, origin?: Record<string, unknown>, by?: Filer) {
    const input = parseOrThrow(demandSchema, body ?? {});
    const refusal = demandRefusal(by, input.operator);
    if (refusal) throw ApiError.forbidden(refusal);
    const { lon, lat } = input.location;
    // the operator's existence, the residents and the district at the point, in one round trip
    const [place] = await this.db.query(
      `SELECT EXISTS (SELECT 1 FROM organisation WHERE id = $3 AND kind = 'operator') AS "operatorKnown",
              (SELECT population FROM population_cell p WHERE ST_Intersects(p.geom, pt) LIMIT 1) AS population,
              (SELECT id FROM district d WHERE ST_Intersects(d.geom, pt) ORDER BY id LIMIT 1) AS district
         FROM (SELECT ST_SetSRID(ST_MakePoint($1, $2), 4326) AS pt) x`,
      [lon, lat, input.operator],
    );
    if (!place.operatorKnown) throw ApiError.invalid([{ field: 'operator', problem: `no operator "${input.operator}"` }]);
    const environment = environmentOf(Number(place.population ?? 0) / POPULATION_CELL_AREA_KM2);
    const d: Demand = { lon, lat, searchRadiusM: input.searchRadiusM ?? SEARCH_RADIUS_M[environment], operator: input.operator, technology: input.technology, bandMHz: input.bandMHz, antennaHeightM: input.antennaHeightM, slots: input.slots, loadKg: input.loadKg, indoor: input.indoor };
    const radio = demandRadio(d, environment);
    const sited: SitedDemand = { demand: d, threshold: radio.threshold, reachM: radio.reachM };

    // Structures in the ring, and those just outside it (reported with outside_ring).
    const rows: Omit<StructureFacts, 'populationGain'>[] = await this.db.query(
      `WITH c AS (SELECT ST_SetSRID(ST_MakePoint($1, $2), 4326) AS pt),
            -- the few overlays in force around the ring, read once (not one index probe per structure: 40 → 7 ms for 2,000 structures)
            ov AS MATERIALIZED (SELECT o.kind, o.geom FROM overlay_in_force o, c WHERE o.geom && ST_Expand(c.pt, $3 * 1.25 / (111320 * cos(radians($2))) * 1.01))
       SELECT s.id::int, s.code, s.name, s.kind, s.status, s.replaced_by::int AS "replacedBy", s.height_m::float8 AS "heightM", s.slots_total AS "slotsTotal",
              coalesce(u.slots, 0)::int AS "slotsUsed", s.load_capacity_kg::float8 AS "loadCapacityKg", coalesce(u.load, 0)::float8 AS "loadUsedKg",
              s.public_institution AS "publicInstitution", ST_X(s.geom) AS lon, ST_Y(s.geom) AS lat,
              ST_Distance(s.geom::geography, c.pt::geography) AS "distanceM",
              coalesce(u.ops, '{}') AS "operatorTechnologies",
              coalesce((SELECT array_agg(DISTINCT ov.kind ORDER BY ov.kind) FROM ov WHERE ov.geom && s.geom AND ST_Intersects(ov.geom, s.geom)), '{}') AS "overlayKinds"
         FROM c
         -- the box test uses the GiST index on geom; the geography test then measures in metres
         JOIN structure s ON s.geom && ST_Expand(c.pt, $3 * 1.25 / (111320 * cos(radians($2))) * 1.01)
                         AND ST_DWithin(s.geom::geography, c.pt::geography, $3 * 1.25)
         LEFT JOIN LATERAL (SELECT sum(t.slots_used) AS slots, sum(t.load_kg) AS load, array_agg(DISTINCT t.operator_id || '/' || t.technology) AS ops
                              FROM tenancy t WHERE t.structure_id = s.id AND t.status <> 'decommissioned') u ON true
        WHERE s.status <> 'decommissioned'
        ORDER BY s.id`,
      [lon, lat, d.searchRadiusM],
    );
    const gains = await this.siting.populationGain(rows.map((r) => ({ id: r.id, lon: r.lon, lat: r.lat })), sited);
    const overlayRules = await this.siting.overlayRules();
    const facts: StructureFacts[] = rows.map((r) => ({
      ...r,
      conditions: conditionsOf((r as unknown as { overlayKinds: string[] }).overlayKinds, false, overlayRules),
      populationGain: gains.get(r.id) ?? 0,
    }));
    const maxGain = Math.max(0, ...facts.map((f) => f.populationGain));
    const candidates = rank(facts.map((f) => assessCandidate(f, d, maxGain)));
    const decision = decide(candidates);
    const best = decision === 'new_build' ? null : candidates.find((c) => c.option === decision)!;
    const newBuild = decision === 'new_build' ? await this.suggestNewBuild(sited, overlayRules) : null;
    const result = {
      ...origin,
      demand: d,
      environment,
      model: radio.model,
      decision,
      best,
      candidates,
      newBuild,
      conditions: best?.conditions ?? newBuild?.conditions ?? [],
      // the siting rule engine on the chosen site, with the demand's sectors added (EMF counts existing tenants)
      siting: await this.sitingOf(d, best, newBuild),
    };
    // Booked and grouped in one transaction: a failed grouping leaves no analysis behind.
    return this.db.transaction(async (em) => {
      const [saved] = await em.query(
        `INSERT INTO colocation_analysis (operator_id, technology, decision, district_id, demand, result, geom, batch_id, line, organisation_id)
         VALUES ($1, $2, $3, $4, $5, $6, ST_SetSRID(ST_MakePoint($7, $8), 4326), $9, $10, $11) RETURNING id, created_at`,
        [d.operator, d.technology, decision, place.district, JSON.stringify(d), JSON.stringify(result), lon, lat, batch?.id ?? null, batch?.line ?? null, by?.organisationId ?? null],
      );
      // A batch is grouped once all its lines are analysed, in line order, so its groups do not depend on timing.
      const groupId = decision === 'new_build' && !batch ? await this.coBuild.attach(em, saved.id) : null;
      // the group is read back only when there is one: no extra round trip for shares, upgrades and batch lines
      return { id: saved.id, createdAt: saved.created_at, ...result, coBuild: groupId ? await this.coBuild.view(saved.id, em) : null };
    });
  }

  /** Verdict and conditions (overlays, build form, EMF) of the site the decision points to. */
  private async sitingOf(d: Demand, best: { structureId: number } | null, newBuild: { location: { lon: number; lat: number } | null; structure: { kind: string; heightM: number } | null } | null) {
    const sectors = [0, 120, 240].map((azimuthDeg) => ({ eirpDbm: DEMAND_EIRP_DBM[d.technology], azimuthDeg, bandMHz: d.bandMHz, antennaHeightM: d.antennaHeightM }));
    if (best) return this.zoning.conditions({ structureId: best.structureId, sectors });
    if (newBuild?.location && newBuild.structure) return this.zoning.conditions({ location: newBuild.location, kind: newBuild.structure.kind, heightM: newBuild.structure.heightM, buildForm: 'standalone', sectors });
    return null;
  }

  /** A new structure's place for one demand: inside its ring (see NewBuildSiting for the order of preference). */
  private async suggestNewBuild(s: SitedDemand, rules: OverlayRule[]) {
    const [ring] = await this.db.query(`SELECT ST_Buffer(ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography, $3)::geometry AS area`, [s.demand.lon, s.demand.lat, s.demand.searchRadiusM]);
    const site = await this.siting.suggest(ring.area, [s], s.demand, rules);
    return site ?? { location: null, reason: 'every point of the ring lies in a no-build zone or water', structure: null, conditions: [] };
  }

  /** An analysis; a planner sees only their own organisation's (another operator's drafts do not exist for them). */
  async get(id: string, viewer?: { role: string; organisationId: string }) {
    parseOrThrow(z.uuid({ error: 'must be an analysis id (UUID)' }), id, 'id');
    const rows = await this.db.query(
      `SELECT id, created_at AS "createdAt", result FROM colocation_analysis WHERE id = $1 AND ($2::text IS DISTINCT FROM 'planner' OR organisation_id IS NULL OR organisation_id = $3)`,
      [id, viewer?.role ?? null, viewer?.organisationId ?? null],
    );
    if (!rows.length) throw ApiError.notFound(`analysis ${id}`);
    return { id: rows[0].id, createdAt: rows[0].createdAt, ...rows[0].result, coBuild: await this.coBuild.view(id) };
  }

  /** Every decision booked: towers avoided (share or upgrade), land saved, by operator, district and month. */
  async summary() {
    const by = (key: string) =>
      this.db.query(
        `SELECT ${key} AS key, count(*) FILTER (WHERE decision = 'share')::int AS share, count(*) FILTER (WHERE decision = 'upgrade')::int AS upgrade,
                count(*) FILTER (WHERE decision = 'new_build')::int AS "newBuild" FROM colocation_analysis GROUP BY 1 ORDER BY 1`,
      );
    const [operators, districts, months] = await Promise.all([by('operator_id'), by('district_id'), by(`to_char(created_at, 'YYYY-MM')`)]);
    const [t] = await this.db.query(
      `SELECT count(*) FILTER (WHERE decision IN ('share','upgrade'))::int AS avoided, count(*)::int AS total,
              count(DISTINCT cobuild_group_id)::int AS groups, count(cobuild_group_id)::int AS grouped
         FROM colocation_analysis`,
    );
    const landM2 = (towers: number) => Math.round(towers * LAND_PER_AVOIDED_TOWER_M2 * 10) / 10;
    return {
      analyses: t.total,
      towersAvoided: t.avoided,
      landSavedM2: landM2(t.avoided),
      landPerAvoidedTowerM2: LAND_PER_AVOIDED_TOWER_M2,
      // new builds of several operators served by one shared structure: each group saves all its towers but one
      coBuild: { groups: t.groups, demands: t.grouped, towersAvoided: t.grouped - t.groups, landSavedM2: landM2(t.grouped - t.groups) },
      byOperator: operators,
      byDistrict: districts,
      byMonth: months,
    };
  }
}
