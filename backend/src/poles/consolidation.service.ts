import { Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import { toCsv } from '../common/csv';
import { ApiError, ApiErrorCode } from '../common/errors';
import { ownershipRefusal } from '../auth/ownership';
import type { SignedInUser } from '../auth/roles';
import { Client, recordAudit } from '../audit/audit-trail';
import { parseOrThrow } from '../common/zod';
import { geometry } from '@cosite/contracts';
import { JobName, QueueName } from '../jobs/queues';
import { RulesService } from '../zoning/rules.service';
import { clusterKerbPoles, INTEGRATED_POLE_KINDS, KerbPole, proposeSmartPole, summarise } from './pole-clustering';

const runSchema = z
  .object({
    districtId: z.number().int('must be a district code').optional(),
    area: geometry(['Polygon', 'MultiPolygon']).optional(),
    scope: z.literal('city', { error: 'must be "city" (the whole city); or give districtId or area' }).optional(),
    clusterDistanceM: z.number().gt(0, 'must be more than 0 m').max(100, 'must be at most 100 m').optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    const given = [p.districtId !== undefined, p.area !== undefined, p.scope !== undefined].filter(Boolean).length;
    if (given !== 1) ctx.addIssue({ code: 'custom', path: ['districtId'], message: 'give exactly one of districtId, area (a drawn polygon) or scope: "city"' });
  });

const acceptSchema = z
  .object({
    proposalIds: z.array(z.number().int().positive()).min(1, 'name at least one proposal').max(5000).optional(),
    ownerId: z.string().min(1).default('china-tower'),
  })
  .strict();

interface IntegrationRule {
  clusterDistanceM: number;
  minReductionShare: number;
  maxStreetDistanceM: number;
  smartPoleSlots: number;
  smartPoleHeightM: number;
  smartPoleLoadKg: number;
  smallCellMaxAntennaHeightM: number;
}

const PROPOSAL_COLUMNS = `p.id::int, p.cluster_no AS "clusterNo", p.district_id AS "districtId", p.street_id::int AS "streetId", st.name_zh AS "streetZh", st.name_en AS "streetEn",
  p.street_side AS "streetSide", p.pole_ids::int[] AS "poleIds", p.site_pole_id::int AS "sitePoleId", p.existing_smart_pole AS "existingSmartPole",
  p.functions, p.owners, p.poles_removed AS "polesRemoved", p.slots_before AS "slotsBefore", p.slots_after AS "slotsAfter",
  p.slots_after - p.slots_before AS "slotsGained", p.small_cell_demands AS "smallCellDemands", p.status, p.accepted_structure_id::int AS "acceptedStructureId"`;

/**
 * Multi-pole integration runs: street poles of an area clustered kerb by kerb (see pole-clustering.ts), one smart
 * pole proposed per cluster, small-cell demands it can serve, a summary per district; proposals accepted into the
 * inventory as approved smart poles, the merged poles marked as replaced.
 */
@Injectable()
export class ConsolidationService {
  constructor(
    private readonly db: DataSource,
    private readonly rules: RulesService,
    @InjectQueue(QueueName.Poles) private readonly queue: Queue,
  ) {}

  async start(body: unknown) {
    const input = parseOrThrow(runSchema, body ?? {});
    const rule = await this.rule();
    const params = { clusterDistanceM: input.clusterDistanceM ?? rule.clusterDistanceM };
    let run: { id: string; status: string };
    if (input.districtId !== undefined) {
      const rows = await this.db.query(
        `INSERT INTO pole_consolidation_run (scope, district_id, params, area) SELECT 'district', id, $2, geom FROM district WHERE id = $1 RETURNING id, status`,
        [input.districtId, JSON.stringify(params)],
      );
      if (!rows.length) throw ApiError.invalid([{ field: 'districtId', problem: `no district ${input.districtId}` }]);
      run = rows[0];
    } else if (input.area) {
      const [v] = await this.db.query(`SELECT ST_IsValidReason(ST_SetSRID(ST_GeomFromGeoJSON($1), 4326)) AS reason`, [JSON.stringify(input.area)]);
      if (v.reason !== 'Valid Geometry') throw ApiError.invalid([{ field: 'area', problem: `invalid geometry: ${v.reason}` }]);
      [run] = await this.db.query(
        `INSERT INTO pole_consolidation_run (scope, params, area) VALUES ('area', $1, ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($2), 4326))) RETURNING id, status`,
        [JSON.stringify(params), JSON.stringify(input.area)],
      );
    } else {
      [run] = await this.db.query(`INSERT INTO pole_consolidation_run (scope, params) VALUES ('city', $1) RETURNING id, status`, [JSON.stringify(params)]);
    }
    await this.queue.add(JobName.ConsolidatePoles, { runId: run.id }, { jobId: `poles-${run.id}`, attempts: 3, backoff: { type: 'exponential', delay: 1000 } });
    return { id: run.id, status: run.status, params };
  }

  /**
   * The job: everything the run finds is written in one transaction, after deleting what an earlier attempt of the
   * same run may have left, so a retried job neither loses nor duplicates proposals.
   */
  async run(runId: string): Promise<void> {
    // a finished run is never redone: its proposals may have been accepted since (a job delivered twice)
    const [run] = await this.db.query(
      `WITH u AS (UPDATE pole_consolidation_run SET status = 'running', started_at = now(), error = NULL WHERE id = $1 AND status <> 'done' RETURNING params) SELECT params FROM u`,
      [runId],
    );
    if (!run) return; // deleted or done meanwhile
    const rule = await this.rule();
    const distanceM = Number(run.params.clusterDistanceM);
    await this.db.transaction(async (em) => {
      await em.query(`DELETE FROM pole_consolidation_proposal WHERE run_id = $1`, [runId]);
      const poles = await this.kerbPoles(em, runId, distanceM, rule.maxStreetDistanceM);
      const proposals = clusterKerbPoles(poles, distanceM).map((c, k) => ({ clusterNo: k + 1, streetId: c.streetId, side: c.side, ...proposeSmartPole(c, { slots: rule.smartPoleSlots, heightM: rule.smartPoleHeightM }) }));
      await em.query(
        `INSERT INTO pole_consolidation_proposal (run_id, cluster_no, district_id, street_id, street_side, pole_ids, site_pole_id, existing_smart_pole,
                                                  functions, owners, poles_removed, slots_before, slots_after, geom, members)
         SELECT $1, r."clusterNo", r."districtId", r."streetId", r.side, r."poleIds", r."sitePoleId", r."existingSmartPole", r.functions, r.owners,
                r."polesRemoved", r."slotsBefore", r."slotsAfter",
                (SELECT geom FROM structure WHERE id = r."sitePoleId"),
                (SELECT ST_Multi(ST_Collect(geom ORDER BY id)) FROM structure WHERE id = ANY(r."poleIds"))
           FROM jsonb_to_recordset($2::jsonb) AS r("clusterNo" int, "districtId" int, "streetId" bigint, side smallint, "poleIds" bigint[], "sitePoleId" bigint,
                "existingSmartPole" boolean, functions text[], owners text[], "polesRemoved" int, "slotsBefore" int, "slotsAfter" int)`,
        [runId, JSON.stringify(proposals.map((p) => ({ ...p, poleIds: `{${p.poleIds.join(',')}}`, functions: `{${p.functions.join(',')}}`, owners: `{${p.owners.join(',')}}` })))],
      );
      // Small-cell demands the co-location analysis could not place on anything standing, whose ring holds the smart pole.
      await em.query(
        `UPDATE pole_consolidation_proposal p SET small_cell_demands = d.list
           FROM (SELECT p2.id, jsonb_agg(jsonb_build_object('analysisId', a.id, 'operator', a.operator_id, 'technology', a.technology,
                                                            'distanceM', round(ST_Distance(a.geom::geography, p2.geom::geography)::numeric, 1)) ORDER BY a.created_at, a.id) AS list
                   FROM pole_consolidation_proposal p2
                   JOIN colocation_analysis a ON a.decision = 'new_build'
                    AND a.geom && ST_Expand(p2.geom, 10000 / (111320 * cos(radians(ST_Y(p2.geom)))))
                    AND NOT coalesce((a.demand->>'indoor')::boolean, false)
                    AND (a.demand->>'antennaHeightM')::float8 <= $2
                    AND ST_DWithin(a.geom::geography, p2.geom::geography, (a.demand->>'searchRadiusM')::float8)
                  WHERE p2.run_id = $1
                  GROUP BY p2.id) d
          WHERE p.id = d.id`,
        [runId, rule.smallCellMaxAntennaHeightM],
      );
      const stored: { districtId: number | null; smallCellDemands: number }[] = await em.query(
        `SELECT cluster_no AS "clusterNo", jsonb_array_length(small_cell_demands) AS "smallCellDemands" FROM pole_consolidation_proposal WHERE run_id = $1 ORDER BY cluster_no`,
        [runId],
      );
      const byDistrict = new Map<number | null, number>();
      for (const p of poles) byDistrict.set(p.districtId, (byDistrict.get(p.districtId) ?? 0) + 1);
      const districts = summarise(byDistrict, proposals.map((p, k) => ({ ...p, smallCellDemands: stored[k]?.smallCellDemands ?? 0 })), rule.minReductionShare);
      const total = summarise(new Map([[null, poles.length]]), proposals.map((p, k) => ({ ...p, districtId: null, smallCellDemands: stored[k]?.smallCellDemands ?? 0 })), rule.minReductionShare)[0];
      const summary = { total: { ...total, districtId: undefined }, districts, policy: { minReductionShare: rule.minReductionShare, rule: 'pole_integration.street_poles' } };
      await em.query(`UPDATE pole_consolidation_run SET status = 'done', finished_at = clock_timestamp(), summary = $2 WHERE id = $1`, [runId, JSON.stringify(summary)]);
    });
  }

  async fail(runId: string, message: string): Promise<void> {
    await this.db.query(`UPDATE pole_consolidation_run SET status = 'failed', finished_at = now(), error = $2 WHERE id = $1`, [runId, message]);
  }

  /** Street poles of the run's area placed on their kerb, in the order the clustering walks them. */
  private kerbPoles(em: EntityManager, runId: string, distanceM: number, maxStreetDistanceM: number): Promise<KerbPole[]> {
    return em.query(
      `WITH run AS (SELECT area FROM pole_consolidation_run WHERE id = $1),
       poles AS (
         SELECT s.id, s.kind, s.owner_id, s.slots_total, s.height_m, s.district_id, s.geom, st.id AS street_id, st.geom AS sgeom
           FROM run, structure s
           CROSS JOIN LATERAL (SELECT x.id, x.geom FROM street x ORDER BY x.geom <-> s.geom LIMIT 1) st
          WHERE (run.area IS NULL OR (s.geom && run.area AND ST_Intersects(run.area, s.geom)))
            AND s.kind = ANY($2) AND s.status = 'built' AND s.replaced_by IS NULL
            AND ST_DWithin(s.geom::geography, st.geom::geography, $4)),
       placed AS (
         SELECT p.*, ST_LineLocatePoint(p.sgeom, p.geom) AS f FROM poles p),
       sided AS (
         -- the side: sign of the cross product of the street's direction at the pole and the pole's offset from it
         SELECT p.id, p.kind, p.owner_id, p.slots_total, p.height_m, p.district_id, p.geom, p.street_id,
                p.f * ST_Length(p.sgeom::geography) AS along,
                CASE WHEN (ST_X(e.b) - ST_X(e.a)) * (ST_Y(p.geom) - ST_Y(e.a)) - (ST_Y(e.b) - ST_Y(e.a)) * (ST_X(p.geom) - ST_X(e.a)) >= 0 THEN 1 ELSE -1 END AS side
           FROM placed p
           CROSS JOIN LATERAL (SELECT ST_LineInterpolatePoint(p.sgeom, greatest(p.f - 0.001, 0)) AS a, ST_LineInterpolatePoint(p.sgeom, least(p.f + 0.001, 1)) AS b) e),
       ordered AS (
         SELECT s.*, lag(s.geom) OVER (PARTITION BY s.street_id, s.side ORDER BY s.along, s.id) AS prev FROM sided s)
       SELECT o.id::int, o.kind, o.owner_id AS "ownerId", o.slots_total AS "slotsTotal", o.height_m::float8 AS "heightM", o.district_id AS "districtId",
              o.street_id::int AS "streetId", o.side, o.along AS "alongM", ST_X(o.geom) AS lon, ST_Y(o.geom) AS lat,
              -- only steps short enough to matter are tested against other streets and rivers
              (o.prev IS NOT NULL AND ST_DWithin(o.prev::geography, o.geom::geography, $3)
                 AND (EXISTS (SELECT 1 FROM river r WHERE ST_Intersects(r.geom, ST_MakeLine(o.prev, o.geom)))
                      OR EXISTS (SELECT 1 FROM street x WHERE x.id <> o.street_id AND ST_Intersects(x.geom, ST_MakeLine(o.prev, o.geom))))) AS "crossesFromPrevious"
         FROM ordered o
        ORDER BY o.street_id, o.side, o.along, o.id`,
      [runId, INTEGRATED_POLE_KINDS, distanceM, maxStreetDistanceM],
    );
  }

  async get(id: string) {
    parseOrThrow(z.uuid({ error: 'must be a run id (UUID)' }), id, 'id');
    const rows = await this.db.query(
      `SELECT id, status, scope, district_id AS "districtId", params, summary, error, created_at AS "createdAt", started_at AS "startedAt", finished_at AS "finishedAt",
              (SELECT count(*)::int FROM pole_consolidation_proposal p WHERE p.run_id = r.id) AS proposals,
              (SELECT count(*)::int FROM pole_consolidation_proposal p WHERE p.run_id = r.id AND p.status = 'accepted') AS accepted
         FROM pole_consolidation_run r WHERE id = $1`,
      [id],
    );
    if (!rows.length) throw ApiError.notFound(`consolidation run ${id}`);
    return rows[0];
  }

  /** Proposals as GeoJSON: each smart pole a point feature, with the merged poles as a MultiPoint in `members`. */
  async proposals(id: string) {
    await this.get(id);
    const rows = await this.db.query(
      `SELECT ${PROPOSAL_COLUMNS}, ST_AsGeoJSON(p.geom, 7)::json AS geometry, ST_AsGeoJSON(p.members, 7)::json AS members,
              (SELECT jsonb_agg(jsonb_build_object('id', s.id, 'kind', s.kind, 'ownerId', s.owner_id, 'slotsTotal', s.slots_total) ORDER BY s.id)
                 FROM structure s WHERE s.id = ANY(p.pole_ids)) AS poles
         FROM pole_consolidation_proposal p JOIN street st ON st.id = p.street_id
        WHERE p.run_id = $1 ORDER BY p.cluster_no`,
      [id],
    );
    return {
      type: 'FeatureCollection',
      features: rows.map(({ geometry, id: pid, ...properties }: { geometry: unknown; id: number }) => ({ type: 'Feature', id: pid, geometry, properties: { id: pid, ...properties } })),
    };
  }

  /** Proposals as CSV, one line per smart pole, for the departments' coordination meeting. */
  async proposalsCsv(id: string): Promise<string> {
    const fc = await this.proposals(id);
    const cols = ['id', 'clusterNo', 'districtId', 'streetZh', 'streetSide', 'lon', 'lat', 'existingSmartPole', 'functions', 'owners', 'poleIds', 'polesRemoved', 'slotsBefore', 'slotsAfter', 'slotsGained', 'smallCellDemands', 'status', 'acceptedStructureId'] as const;
    // lists in one cell, separated by ';' (demands by their analysis id)
    const list = (v: unknown) => (Array.isArray(v) ? v.map((x) => (typeof x === 'object' ? (x as { analysisId: string }).analysisId : x)).join(';') : v);
    const rows = fc.features.map((f: { geometry: { coordinates: number[] }; properties: Record<string, unknown> }) =>
      Object.fromEntries(cols.map((c) => [c, c === 'lon' ? f.geometry.coordinates[0] : c === 'lat' ? f.geometry.coordinates[1] : list(f.properties[c])])),
    );
    return toCsv(cols, rows);
  }

  /**
   * Accepted proposals become approved smart poles in the inventory (or an existing smart pole takes the others'
   * functions); merged poles get replaced_by. All or nothing: a pole another acceptance merged meanwhile is a 409.
   */
  async accept(id: string, body: unknown, by: SignedInUser, client: Client) {
    const run = await this.get(id);
    if (run.status !== 'done') throw ApiError.conflict('status', `the run is ${run.status}; only a finished run's proposals can be accepted`);
    const input = parseOrThrow(acceptSchema, body ?? {});
    // a planner builds smart poles for its own organisation only (as with any structure it writes)
    const refusal = ownershipRefusal(by, input.ownerId, 'smart poles');
    if (refusal) throw new ApiError(ApiErrorCode.Forbidden, `ownerId: ${refusal}`, [{ field: 'ownerId', problem: refusal }]);
    const rule = await this.rule();
    return this.db.transaction(async (em) => {
      const [owner] = await em.query(`SELECT id FROM organisation WHERE id = $1`, [input.ownerId]);
      if (!owner) throw ApiError.invalid([{ field: 'ownerId', problem: `no organisation "${input.ownerId}"` }]);
      const chosen: { id: number; clusterNo: number; status: string; sitePoleId: number; existingSmartPole: boolean; poleIds: number[]; slotsAfter: number; streetZh: string; heightM: number }[] = await em.query(
        `SELECT p.id::int, p.cluster_no AS "clusterNo", p.status, p.site_pole_id::int AS "sitePoleId", p.existing_smart_pole AS "existingSmartPole",
                p.pole_ids::int[] AS "poleIds", p.slots_after AS "slotsAfter", st.name_zh AS "streetZh",
                (SELECT max(height_m)::float8 FROM structure WHERE id = ANY(p.pole_ids)) AS "heightM"
           FROM pole_consolidation_proposal p JOIN street st ON st.id = p.street_id
          WHERE p.run_id = $1 AND ($2::int[] IS NULL OR p.id = ANY($2)) AND p.status = 'proposed'
          ORDER BY p.cluster_no FOR UPDATE OF p`,
        [id, input.proposalIds ?? null],
      );
      if (input.proposalIds) {
        const missing = input.proposalIds.filter((pid) => !chosen.some((c) => c.id === pid));
        if (missing.length) throw ApiError.invalid([{ field: 'proposalIds', problem: `not open proposals of this run: ${missing.join(', ')}` }]);
      }
      const taken: { id: number }[] = await em.query(
        `SELECT id::int FROM structure WHERE id = ANY($1::bigint[]) AND (replaced_by IS NOT NULL OR status <> 'built') FOR UPDATE`,
        [chosen.flatMap((c) => c.poleIds)],
      );
      if (taken.length) throw ApiError.conflict('proposalIds', `poles ${taken.map((t) => t.id).join(', ')} were merged or changed since the run; run it again`);
      const accepted: { proposalId: number; structureId: number; replaced: number[] }[] = [];
      for (const c of chosen) {
        let structureId = c.sitePoleId;
        if (c.existingSmartPole) {
          await em.query(`UPDATE structure SET slots_total = greatest(slots_total, $2), updated_at = now() WHERE id = $1`, [c.sitePoleId, c.slotsAfter]);
        } else {
          const [s] = await em.query(
            `INSERT INTO structure (code, name, kind, owner_id, height_m, slots_total, load_capacity_kg, build_form, status, address, source, geom)
             SELECT $1, $2, 'smart_pole', $3, $4, $5, $6, 'attached', 'approved', address, 'api', geom FROM structure WHERE id = $7
             RETURNING id::int`,
            [`SP-${id.slice(0, 8)}-${c.clusterNo}`, `${c.streetZh}智慧杆（多杆合一）`, input.ownerId, Math.max(rule.smartPoleHeightM, c.heightM), c.slotsAfter, rule.smartPoleLoadKg, c.sitePoleId],
          );
          structureId = s.id;
        }
        const replaced = c.poleIds.filter((p) => p !== structureId);
        await em.query(`UPDATE structure SET replaced_by = $1, updated_at = now() WHERE id = ANY($2::bigint[])`, [structureId, replaced]);
        await em.query(`UPDATE pole_consolidation_proposal SET status = 'accepted', accepted_structure_id = $2, accepted_at = now() WHERE id = $1`, [c.id, structureId]);
        accepted.push({ proposalId: c.id, structureId, replaced });
      }
      // smart poles created and other owners' poles marked replaced: on the record, in the same transaction
      await recordAudit(em, by, { entity: 'pole_consolidation_run', entityId: id, action: 'proposals_accepted', before: { proposals: chosen.map((c) => ({ id: c.id, status: c.status })) }, after: { ownerId: input.ownerId, accepted }, client });
      return { runId: id, accepted };
    });
  }

  private async rule(): Promise<IntegrationRule> {
    const [r] = await this.rules.enabled(['pole_integration']);
    if (!r) throw ApiError.conflict('rules', 'the multi-pole integration rule (pole_integration.street_poles) is disabled');
    return r.params as IntegrationRule;
  }
}
