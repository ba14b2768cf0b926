import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Environment } from '../coverage/propagation/path-loss';
import { CO_BUILD } from './colocation.defaults';
import type { Demand } from './candidate-assessment';
import { demandRadio, NewBuildSiting, SitedDemand } from './new-build-siting';

interface NewBuildRow {
  id: string;
  operator: string;
  groupId: string | null;
  demand: Demand;
  environment: Environment;
}

/** The one shared structure offered to a co-build group, as an analysis shows it. */
export interface CoBuildView {
  groupId: string;
  members: { analysisId: string; operator: string; technology: string; line: number | null; batchId: string | null }[];
  towersAvoided: number;
  location: { lon: number; lat: number };
  structure: unknown;
  conditions: unknown[];
  populationGain: number;
  onReservedTelecomLand: boolean;
}

/**
 * Co-build: a new-build demand joins the new-build demands of other operators whose rings overlap it (nominal points
 * within CO_BUILD.maxDistanceM, analysed within CO_BUILD.windowDays), and the group is offered one shared structure
 * sited where every member's ring overlaps. One operator per group: two demands of the same operator are its own
 * planning matter, not sharing.
 */
@Injectable()
export class CoBuildService {
  constructor(
    private readonly db: DataSource,
    private readonly siting: NewBuildSiting,
  ) {}

  /** Groups one new-build analysis (inside the caller's transaction); returns its group id, or null when it stays alone. */
  async attach(em: EntityManager, analysisId: string): Promise<string | null> {
    // Grouping reads and rewrites groups: one at a time, so two workers cannot form overlapping groups.
    await em.query(`SELECT pg_advisory_xact_lock(hashtext('cosite.cobuild'))`);
    const [me] = await em.query(
      `SELECT id, operator_id AS operator, cobuild_group_id AS "groupId", demand, result->>'environment' AS environment, result->'newBuild'->'location' AS site
         FROM colocation_analysis WHERE id = $1 AND decision = 'new_build'`,
      [analysisId],
    );
    if (!me || me.groupId || !me.site) return me?.groupId ?? null;
    const partners: NewBuildRow[] = await em.query(
      `SELECT a.id, a.operator_id AS operator, a.cobuild_group_id AS "groupId", a.demand, a.result->>'environment' AS environment
         FROM colocation_analysis m
         JOIN colocation_analysis a
           ON a.decision = 'new_build' AND a.id <> m.id AND a.operator_id <> m.operator_id
          AND a.geom && ST_Expand(m.geom, $2 / (111320 * cos(radians(ST_Y(m.geom)))))
          AND ST_DWithin(a.geom::geography, m.geom::geography, least($2, (a.demand->>'searchRadiusM')::float8 + (m.demand->>'searchRadiusM')::float8))
          AND a.created_at BETWEEN m.created_at - make_interval(days => $3) AND m.created_at + make_interval(days => $3)
          AND a.result->'newBuild'->'location' <> 'null'::jsonb
        WHERE m.id = $1
        ORDER BY a.cobuild_group_id IS NULL, ST_Distance(a.geom::geography, m.geom::geography), a.id`,
      [analysisId, CO_BUILD.maxDistanceM, CO_BUILD.windowDays],
    );
    // Join an existing group before starting a new one; then draw in ungrouped partners of further operators.
    let group: { id: string; members: NewBuildRow[] } | null = null;
    for (const p of partners) {
      if (!group) {
        const members = p.groupId ? await this.membersOf(em, p.groupId) : [p];
        if (members.some((m) => m.operator === me.operator)) continue;
        const tried = [...members, me as NewBuildRow];
        const id = await this.site(em, p.groupId, tried);
        if (id) group = { id, members: tried };
      } else if (!p.groupId && !group.members.some((m) => m.operator === p.operator)) {
        const tried = [...group.members, p];
        if (await this.site(em, group.id, tried)) group.members = tried;
      }
    }
    return group?.id ?? null;
  }

  /** The group an analysis belongs to, as its response shows it; null when it has none. */
  async view(analysisId: string, db: DataSource | EntityManager = this.db): Promise<CoBuildView | null> {
    const rows = await db.query(
      `SELECT g.id, g.proposal, ST_X(g.site) AS lon, ST_Y(g.site) AS lat,
              (SELECT jsonb_agg(jsonb_build_object('analysisId', a.id, 'operator', a.operator_id, 'technology', a.technology, 'line', a.line, 'batchId', a.batch_id) ORDER BY a.created_at, a.id)
                 FROM colocation_analysis a WHERE a.cobuild_group_id = g.id) AS members
         FROM colocation_analysis me JOIN colocation_cobuild_group g ON g.id = me.cobuild_group_id
        WHERE me.id = $1`,
      [analysisId],
    );
    if (!rows.length) return null;
    const { id, proposal, members } = rows[0];
    return {
      groupId: id,
      members,
      towersAvoided: members.length - 1,
      location: proposal.location,
      structure: proposal.structure,
      conditions: proposal.conditions,
      populationGain: proposal.populationGain,
      onReservedTelecomLand: proposal.onReservedTelecomLand,
    };
  }

  private async membersOf(em: EntityManager, groupId: string): Promise<NewBuildRow[]> {
    return em.query(
      `SELECT id, operator_id AS operator, cobuild_group_id AS "groupId", demand, result->>'environment' AS environment
         FROM colocation_analysis WHERE cobuild_group_id = $1 ORDER BY created_at, id`,
      [groupId],
    );
  }

  /**
   * Sites a group of members where all their rings overlap; stores the group (new when groupId is null) and its
   * membership when a buildable point exists, and returns the group's id (null when there is no such point).
   */
  private async site(em: EntityManager, groupId: string | null, members: NewBuildRow[]): Promise<string | null> {
    let area: string | null = null;
    for (const m of members) {
      const [r]: { area: string }[] = await em.query(
        `SELECT CASE WHEN $2::geometry IS NULL THEN ring ELSE ST_Intersection($2::geometry, ring) END AS area
           FROM (SELECT ST_Buffer(geom::geography, (demand->>'searchRadiusM')::float8)::geometry AS ring FROM colocation_analysis WHERE id = $1) x`,
        [m.id, area],
      );
      area = r.area;
    }
    const [a] = await em.query(`SELECT ST_IsEmpty($1::geometry) AS empty, ST_Dimension($1::geometry) AS dim`, [area]);
    if (a.empty || a.dim < 2) return null;
    // the nominal point of a group: the mean of its members' points
    const nominal = {
      lon: members.reduce((s, m) => s + m.demand.lon, 0) / members.length,
      lat: members.reduce((s, m) => s + m.demand.lat, 0) / members.length,
    };
    const sited: SitedDemand[] = members.map((m) => ({ demand: m.demand, ...demandRadio(m.demand, m.environment) }));
    const proposal = await this.siting.suggest(area!, sited, nominal, await this.siting.overlayRules(), em);
    if (!proposal) return null;
    const params = [area, proposal.location.lon, proposal.location.lat, JSON.stringify({ ...proposal, operators: members.map((m) => m.operator).sort() })];
    const [g] = groupId
      ? await em.query(`WITH u AS (UPDATE colocation_cobuild_group SET area = $1, site = ST_SetSRID(ST_MakePoint($2, $3), 4326), proposal = $4, updated_at = now() WHERE id = $5 RETURNING id) SELECT id FROM u`, [...params, groupId])
      : await em.query(`INSERT INTO colocation_cobuild_group (area, site, proposal) VALUES ($1, ST_SetSRID(ST_MakePoint($2, $3), 4326), $4) RETURNING id`, params);
    await em.query(`UPDATE colocation_analysis SET cobuild_group_id = $1 WHERE id = ANY($2::uuid[])`, [g.id, members.map((m) => m.id)]);
    return g.id;
  }
}
