import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { ROUTE_KINDS } from '@cosite/contracts';
import { ApiError } from '../common/errors';
import { parseOrThrow } from '../common/zod';
import { geometry, oneOf } from '@cosite/contracts';
import { RulesService } from '../zoning/rules.service';
import { ROUTE_HOSTS } from '../zoning/regulation-rules';
import { routeVerdict } from './route-verdict';

const MAX_ROUTE_M = 50_000;

const checkSchema = z
  .object({
    geometry: geometry(['LineString']),
    kind: oneOf(ROUTE_KINDS),
    operator: z.string({ error: 'is required (an operator id)' }).min(1),
    capacityNeeded: z.number().int('must be a whole number of sub-ducts or cable slots').min(1, 'must be at least 1').max(48, 'must be at most 48').default(1),
    corridorM: z.number({ error: 'must be a number of metres' }).gt(0, 'must be more than 0 m').max(100, 'must be at most 100 m').optional(),
    title: z.string().trim().max(200).optional(),
  })
  .strict();

interface SharingRule {
  code: string;
  regulation: string;
  article: string | null;
  params: { hostKinds: string[]; corridorM: number; maxAngleDeg: number; mustShareMinShare: number; coBuildWindowDays: number };
}

/** Kinds of the same family (underground or aerial) as a kind: a co-build partner builds the same thing. */
const familyOf = (kind: keyof typeof ROUTE_HOSTS) => Object.keys(ROUTE_HOSTS).filter((k) => ROUTE_HOSTS[k as keyof typeof ROUTE_HOSTS][0] === ROUTE_HOSTS[kind][0]);

const round1 = (x: number) => Math.round(x * 10) / 10;
const round3 = (x: number) => Math.round(x * 1000) / 1000;

/**
 * Route sharing: which existing routes a proposed duct, pole line or cable runs along (route_along in SQL: inside
 * the corridor and heading the same way), how much of it, their free capacity, other operators' overlapping
 * proposals, and the verdict with the rule it comes from. Every check is stored; later checks find it for co-build.
 */
@Injectable()
export class OverlapCheckService {
  constructor(
    private readonly db: DataSource,
    private readonly rules: RulesService,
  ) {}

  async check(body: unknown) {
    const input = parseOrThrow(checkSchema, body ?? {});
    const geojson = JSON.stringify(input.geometry);
    const [shape] = await this.db.query(
      `SELECT ST_Length(g::geography) AS "lengthM", ST_IsSimple(g) AS simple, ST_IsValidReason(g) AS reason,
              EXISTS (SELECT 1 FROM organisation WHERE id = $2 AND kind = 'operator') AS "operatorKnown"
         FROM (SELECT ST_SetSRID(ST_GeomFromGeoJSON($1), 4326) AS g) x`,
      [geojson, input.operator],
    );
    if (shape.lengthM < 1) throw ApiError.invalid([{ field: 'geometry', problem: 'the route has no length (its points are less than 1 m apart)' }]);
    if (!shape.simple) throw ApiError.invalid([{ field: 'geometry', problem: 'the route crosses or runs back over itself; draw each stretch once' }]);
    if (shape.reason !== 'Valid Geometry') throw ApiError.invalid([{ field: 'geometry', problem: `invalid geometry: ${shape.reason}` }]);
    if (shape.lengthM > MAX_ROUTE_M) throw ApiError.invalid([{ field: 'geometry', problem: `the route is ${Math.round(shape.lengthM)} m long; check at most ${MAX_ROUTE_M} m at a time` }]);
    if (!shape.operatorKnown) throw ApiError.invalid([{ field: 'operator', problem: `no operator "${input.operator}"` }]);

    // the sharing rule of this kind and the pipeline spacing, in one read of the rules table
    const rules = await this.rules.enabled(['route_sharing', 'spacing']);
    const [rule] = rules.filter((r) => r.subject === 'route_sharing' && r.appliesTo === input.kind) as unknown as SharingRule[];
    if (!rule) throw ApiError.conflict('kind', `the route-sharing rule for ${input.kind} is disabled`);
    const corridorM = input.corridorM ?? rule.params.corridorM;
    const { maxAngleDeg, mustShareMinShare: minShare, coBuildWindowDays, hostKinds } = rule.params;
    const [found] = await this.db.query(
      `WITH p AS (SELECT ST_SetSRID(ST_GeomFromGeoJSON($1), 4326) AS g, $2::float8 AS corridor, $3::float8 AS angle),
       near AS MATERIALIZED (
         SELECT r.id, r.code, r.name, r.kind, r.owner_id, r.capacity_unit, r.capacity_total, r.capacity_used, r.status, r.length_m,
                route_along(p.g, r.geom, p.corridor, p.angle) AS along
           FROM p
           -- the box test uses the GiST index; the geography test then measures in metres
           JOIN route r ON r.geom && ST_Expand(p.g, p.corridor / (111320 * cos(radians(ST_YMax(p.g)))) * 1.01)
                       AND ST_DWithin(r.geom::geography, p.g::geography, p.corridor)
          WHERE r.status <> 'decommissioned'),
       along AS (SELECT * FROM near WHERE along IS NOT NULL AND NOT ST_IsEmpty(along))
       SELECT
         (SELECT coalesce(json_agg(json_build_object(
                   'id', a.id, 'code', a.code, 'name', a.name, 'kind', a.kind, 'ownerId', a.owner_id, 'status', a.status,
                   'canCarry', a.kind = ANY($4), 'capacityUnit', a.capacity_unit, 'capacityTotal', a.capacity_total, 'capacityUsed', a.capacity_used,
                   'capacityFree', a.capacity_total - a.capacity_used, 'lengthM', round(a.length_m::numeric, 1),
                   'sharedLengthM', ST_Length(a.along::geography),
                   'tenants', (SELECT coalesce(json_agg(json_build_object('operatorId', t.operator_id, 'unitsUsed', t.units_used) ORDER BY t.operator_id), '[]')
                                 FROM route_tenant t WHERE t.route_id = a.id),
                   'shared', ST_AsGeoJSON(a.along, 7)::json) ORDER BY ST_Length(a.along::geography) DESC, a.id), '[]') FROM along a) AS routes,
         (SELECT ST_Length(route_along_merge(p.g, array_agg(a.along))::geography) FROM p, along a GROUP BY p.g) AS "alongAnyM",
         (SELECT ST_Length(route_along_merge(p.g, array_agg(a.along))::geography) FROM p, along a WHERE a.kind = ANY($4) GROUP BY p.g) AS "alongHostsM",
         (SELECT ST_Length(route_along_merge(p.g, array_agg(a.along))::geography) FROM p, along a WHERE a.kind = ANY($4) AND a.status = 'built' AND a.capacity_total - a.capacity_used >= $5::int GROUP BY p.g) AS "alongHostsWithRoomM",
         (SELECT ST_AsGeoJSON(route_along_merge(p.g, array_agg(a.along)), 7)::json FROM p, along a GROUP BY p.g) AS shared,
         (SELECT coalesce(json_agg(json_build_object('checkId', c.id, 'operator', c.operator_id, 'kind', c.kind, 'createdAt', c.created_at, 'sharedLengthM', c.shared) ORDER BY c.created_at), '[]')
            FROM (SELECT c.id, c.operator_id, c.kind, c.created_at, ST_Length(route_along(p.g, c.geom, p.corridor, p.angle)::geography) AS shared
                    FROM p JOIN route_overlap_check c ON c.geom && ST_Expand(p.g, p.corridor / (111320 * cos(radians(ST_YMax(p.g)))) * 1.01)
                                                     AND ST_DWithin(c.geom::geography, p.g::geography, p.corridor)
                   WHERE c.operator_id <> $6 AND c.kind = ANY($7) AND c.created_at > now() - make_interval(days => $8::int)) c
           WHERE c.shared >= $9::float8 * $10::float8) AS "coBuildPartners",
         (SELECT coalesce(json_agg(json_build_object('routeId', r.id, 'kind', r.kind, 'ownerId', r.owner_id, 'at', ST_AsGeoJSON(ST_PointOnSurface(ST_Intersection(r.geom, p.g)), 7)::json) ORDER BY r.id), '[]')
            FROM p JOIN route r ON r.geom && p.g AND ST_Crosses(r.geom, p.g) WHERE r.status <> 'decommissioned') AS crossings`,
      [geojson, corridorM, maxAngleDeg, hostKinds, input.capacityNeeded, input.operator, familyOf(input.kind), coBuildWindowDays, minShare, shape.lengthM],
    );
    const lengthM = Number(shape.lengthM);
    const facts = {
      lengthM,
      alongHostsM: Number(found.alongHostsM ?? 0),
      alongHostsWithRoomM: Number(found.alongHostsWithRoomM ?? 0),
      coBuildPartners: found.coBuildPartners.length,
    };
    const verdict = routeVerdict(facts, minShare);
    const spacing = rules.find((r) => r.subject === 'spacing');
    const result = {
      title: input.title ?? null,
      proposal: { kind: input.kind, operator: input.operator, capacityNeeded: input.capacityNeeded, corridorM, lengthM: round1(lengthM) },
      verdict,
      rule: { code: rule.code, regulation: rule.regulation, article: rule.article, mustShareMinShare: minShare, hostKinds },
      sharedLengthM: round1(Number(found.alongAnyM ?? 0)),
      share: round3(Number(found.alongAnyM ?? 0) / lengthM),
      alongCarriersShare: round3(facts.alongHostsM / lengthM),
      alongCarriersWithRoomShare: round3(facts.alongHostsWithRoomM / lengthM),
      routes: found.routes.map((r: { sharedLengthM: number }) => ({ ...r, sharedLengthM: round1(r.sharedLengthM), share: round3(r.sharedLengthM / lengthM) })),
      shared: found.shared,
      coBuildPartners: found.coBuildPartners.map((c: { sharedLengthM: number }) => ({ ...c, sharedLengthM: round1(c.sharedLengthM) })),
      crossings: found.crossings,
      // art. 14 clearances the new line keeps from other utilities where it crosses or runs beside them
      spacing: spacing ? { rule: spacing.code, regulation: spacing.regulation, article: spacing.article, parallelM: spacing.params.parallelM, crossingM: spacing.params.crossingM } : null,
    };
    const [saved] = await this.db.query(
      `INSERT INTO route_overlap_check (operator_id, kind, capacity_needed, corridor_m, verdict, result, geom)
       VALUES ($1, $2, $3, $4, $5, $6, ST_SetSRID(ST_GeomFromGeoJSON($7), 4326)) RETURNING id, created_at AS "createdAt"`,
      [input.operator, input.kind, input.capacityNeeded, corridorM, verdict, JSON.stringify(result), geojson],
    );
    return { id: saved.id, createdAt: saved.createdAt, geometry: input.geometry, ...result };
  }

  async get(id: string) {
    parseOrThrow(z.uuid({ error: 'must be a check id (UUID)' }), id, 'id');
    const rows = await this.db.query(`SELECT id, created_at AS "createdAt", ST_AsGeoJSON(geom, 7)::json AS geometry, result FROM route_overlap_check WHERE id = $1`, [id]);
    if (!rows.length) throw ApiError.notFound(`overlap check ${id}`);
    return { id: rows[0].id, createdAt: rows[0].createdAt, geometry: rows[0].geometry, ...rows[0].result };
  }
}
