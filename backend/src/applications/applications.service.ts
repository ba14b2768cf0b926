import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import type { SignedInUser } from '../auth/roles';
import { ApiError } from '../common/errors';
import { parseOrThrow } from '../common/zod';
import { lonLat, oneOf } from '@cosite/contracts';
import { Client, recordAudit } from '../audit/audit-trail';
import { DEMAND_EIRP_DBM } from '../colocation/colocation.defaults';
import { APPLICATION_KINDS, APPLICATION_STATES, ApplicationState, reviewClock, transition } from './workflow';

const createSchema = z
  .object({
    analysisId: z.uuid({ error: 'must be an analysis id (UUID)' }),
    kind: oneOf(APPLICATION_KINDS).optional(),
    structureId: z.number().int().positive().optional(),
    /** A new build's site, when the analysis suggested none (it found something to share). */
    site: lonLat.optional(),
    justification: z.string().trim().max(5000).optional(),
  })
  .strict();
const updateSchema = z.object({ version: z.number({ error: 'is required (the version you read)' }).int(), justification: z.string().trim().max(5000) }).strict();
const transitionSchema = z
  .object({ to: oneOf(APPLICATION_STATES), version: z.number({ error: 'is required (the version you read)' }).int(), comment: z.string().trim().max(5000).optional() })
  .strict();
export const listSchema = z.object({ state: oneOf(APPLICATION_STATES).optional(), overdue: z.enum(['true', 'false']).optional() }).strict();

export type { Client };

const COLUMNS = `a.id, a.code, a.kind, a.state, a.organisation_id AS "organisationId", a.operator_id AS "operatorId", a.analysis_id AS "analysisId",
  a.structure_id::int AS "structureId", a.conditions, a.justification, a.share_was_feasible AS "shareWasFeasible", a.needs_bureau_review AS "needsBureauReview",
  a.bureau_cleared_at AS "bureauClearedAt", a.result_structure_id::int AS "resultStructureId", a.result_tenancy_id::int AS "resultTenancyId", a.version,
  a.proposed_structure AS "proposedStructure", a.created_at AS "createdAt", a.updated_at AS "updatedAt", a.state_changed_at AS "stateChangedAt", ST_AsGeoJSON(a.proposed_site, 7)::json AS "proposedSite"`;

/** Who may see an application: its own organisation's planners, the regulator and admins; the bureau those it reviews. */
const VISIBLE = `($1::text = 'regulator' OR $1::text = 'admin' OR ($1::text = 'planner' AND a.organisation_id = $2) OR ($1::text = 'bureau' AND a.needs_bureau_review AND a.state <> 'draft'))`;

/**
 * Applications: a planner turns an analysis into one (share, upgrade or new build, with the analysis kept as it was),
 * moves it through the workflow (workflow.ts), and the regulator's approval changes the inventory in the same
 * transaction as the decision. Every action is an audit event; the parties get in-app notifications.
 */
@Injectable()
export class ApplicationsService {
  constructor(
    private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(body: unknown, user: SignedInUser, client: Client) {
    const input = parseOrThrow(createSchema, body ?? {});
    if (user.role !== 'planner') throw ApiError.forbidden('only planners file applications, for their own organisation');
    const [analysis] = await this.db.query(`SELECT id, operator_id AS "operatorId", organisation_id AS "organisationId", result, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM colocation_analysis WHERE id = $1`, [input.analysisId]);
    if (!analysis || (analysis.organisationId && analysis.organisationId !== user.organisationId)) throw ApiError.notFound(`analysis ${input.analysisId}`);
    // an operator applies for itself; the tower company for the operators it builds for
    if (user.organisationKind === 'operator' && analysis.operatorId !== user.organisationId) throw ApiError.forbidden(`the analysis is for ${analysis.operatorId}, not ${user.organisationId}`);
    const r = analysis.result;
    const kind = input.kind ?? r.decision;
    const feasible: { structureId: number; option: string; conditions: unknown[] }[] = r.candidates.filter((c: { feasible: boolean }) => c.feasible);
    let structureId: number | null = null;
    let conditions: unknown = [];
    let site: { lon: number; lat: number } | null = null;
    if (kind === 'new_build') {
      site = input.site ?? r.newBuild?.location ?? null;
      if (!site) throw ApiError.invalid([{ field: 'site', problem: 'the analysis suggested no new-build site: give one ({lon, lat})' }]);
      conditions = r.newBuild?.conditions ?? [];
    } else {
      const chosen = feasible.find((c) => c.option === kind && (input.structureId === undefined || c.structureId === input.structureId));
      if (!chosen) throw ApiError.invalid([{ field: input.structureId ? 'structureId' : 'kind', problem: `the analysis has no feasible ${kind} candidate${input.structureId ? ` ${input.structureId}` : ''}` }]);
      structureId = chosen.structureId;
      conditions = chosen.conditions ?? [];
    }
    return this.db.transaction(async (em) => {
      const needsBureau = site
        ? (await em.query(`SELECT EXISTS (SELECT 1 FROM overlay_in_force o WHERE ST_Intersects(o.geom, ST_SetSRID(ST_MakePoint($1, $2), 4326))) AS x`, [site.lon, site.lat]))[0].x
        : false;
      const [app] = await em.query(
        `INSERT INTO application (kind, organisation_id, operator_id, analysis_id, analysis_snapshot, structure_id, conditions, justification, share_was_feasible, needs_bureau_review, created_by, proposed_structure, proposed_site)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, CASE WHEN $13::float8 IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint($13, $14), 4326) END)
         RETURNING id`,
        [kind, user.organisationId, analysis.operatorId, analysis.id, JSON.stringify(r), structureId, JSON.stringify(conditions), input.justification ?? null, feasible.length > 0, needsBureau, user.id,
         site ? JSON.stringify(r.newBuild?.structure ?? { kind: 'monopole', heightM: Math.ceil(r.demand.antennaHeightM + 3), slotsTotal: Math.max(3, r.demand.slots), loadCapacityKg: 800 }) : null, site?.lon ?? null, site?.lat ?? null],
      );
      const created = await this.read(em, app.id);
      await recordAudit(em, user, { entity: 'application', entityId: app.id, action: 'created', before: null, after: created, client });
      return created;
    });
  }

  async list(query: unknown, user: SignedInUser) {
    const q = parseOrThrow(listSchema, query ?? {});
    const rows = await this.db.query(
      `SELECT ${COLUMNS} FROM application a WHERE ${VISIBLE} AND ($3::text IS NULL OR a.state = $3) ORDER BY a.created_at DESC LIMIT 500`,
      [user.role, user.organisationId, q.state ?? null],
    );
    // the clocks of the whole list in one query, not one per application
    const clocks = await this.clocks(rows.map((a: { id: string }) => a.id));
    const out = rows.map((a: { id: string }) => {
      const clock = clocks.get(a.id) ?? [];
      return { ...a, clock, overdue: clock.some((c) => c.current && c.overdue) };
    });
    return { applications: q.overdue ? out.filter((a: { overdue: boolean }) => String(a.overdue) === q.overdue) : out };
  }

  async get(id: string, user: SignedInUser) {
    parseOrThrow(z.uuid({ error: 'must be an application id (UUID)' }), id, 'id');
    const [a] = await this.db.query(`SELECT ${COLUMNS}, a.analysis_snapshot AS "analysisSnapshot" FROM application a WHERE a.id = $3 AND ${VISIBLE}`, [user.role, user.organisationId, id]);
    // another operator's application does not exist, as far as this user can tell
    if (!a) throw ApiError.notFound(`application ${id}`);
    const clock = (await this.clocks([id])).get(id) ?? [];
    return { ...a, clock, overdue: clock.some((c) => c.current && c.overdue) };
  }

  async update(id: string, body: unknown, user: SignedInUser, client: Client) {
    const input = parseOrThrow(updateSchema, body ?? {});
    const before = await this.get(id, user);
    if (user.role !== 'planner' || before.organisationId !== user.organisationId) throw ApiError.forbidden("only the applicant's planners edit an application");
    if (!['draft', 'returned'].includes(before.state)) throw ApiError.conflict('state', `an application in ${before.state} cannot be edited`);
    return this.db.transaction(async (em) => {
      const rows = await em.query(`WITH u AS (UPDATE application SET justification = $3, version = version + 1, updated_at = now() WHERE id = $1 AND version = $2 RETURNING id) SELECT id FROM u`, [id, input.version, input.justification]);
      if (!rows.length) throw ApiError.conflict('version', `the application changed since version ${input.version}; read it again`);
      const after = await this.read(em, id);
      await recordAudit(em, user, { entity: 'application', entityId: id, action: 'updated', before: { justification: before.justification }, after: { justification: after.justification }, client });
      return after;
    });
  }

  /** One step of the workflow; an approval changes the inventory in the same transaction, or nothing happens. */
  async transition(id: string, body: unknown, user: SignedInUser, client: Client) {
    const input = parseOrThrow(transitionSchema, body ?? {});
    const before = await this.get(id, user);
    const step = transition(
      { state: before.state, kind: before.kind, organisationId: before.organisationId, justification: before.justification, shareWasFeasible: before.shareWasFeasible, needsBureauReview: before.needsBureauReview, bureauCleared: !!before.bureauClearedAt },
      input.to,
      user,
    );
    if (!step.ok) {
      if (step.status === 403) throw ApiError.forbidden(step.problem);
      if (step.status === 409) throw ApiError.conflict('to', step.problem);
      throw ApiError.invalid([{ field: before.kind === 'new_build' ? 'justification' : 'to', problem: step.problem }]);
    }
    const to = step.state;
    return this.db.transaction(async (em) => {
      // optimistic locking: of two regulators deciding at once, the second finds the version moved on
      const moved = await em.query(
        `WITH u AS (UPDATE application SET state = $3, version = version + 1, updated_at = now(), state_changed_at = now(),
                      bureau_cleared_at = CASE WHEN $4 THEN now() ELSE bureau_cleared_at END
                    WHERE id = $1 AND version = $2 RETURNING id) SELECT id FROM u`,
        [id, input.version, to, before.state === 'bureau_review' && to === 'submitted'],
      );
      if (!moved.length) throw ApiError.conflict('version', `the application changed since version ${input.version}; read it again`);
      if (to === 'approved') {
        await this.applyApproval(em, id, before).catch((err: { code?: string; constraint?: string; message?: string }) => {
          // the structure filled up since the analysis: the decision cannot stand, and nothing of it is written
          if (err.code === '23514') throw ApiError.conflict('structureId', `the inventory no longer allows this approval: ${err.message}`);
          throw err;
        });
      }
      const after = await this.read(em, id);
      await recordAudit(em, user, {
        entity: 'application', entityId: id, action: `to_${to}`, client, comment: input.comment,
        before: { state: before.state, version: before.version },
        after: { state: to, version: after.version, resultStructureId: after.resultStructureId, resultTenancyId: after.resultTenancyId },
      });
      await this.notify(em, after, to, input.comment);
      return after;
    });
  }

  /** The inventory after an approval: a planned tenancy on the shared (or upgraded) structure, or a new approved structure with it. */
  private async applyApproval(em: EntityManager, id: string, app: { kind: string; structureId: number | null; operatorId: string; organisationId: string; code: string; analysisSnapshot: any; proposedStructure: any; proposedSite: { coordinates: number[] } | null }) {
    const d = app.analysisSnapshot.demand;
    let structureId = app.structureId;
    if (app.kind === 'upgrade') {
      // the upgrade the analysis found possible: room for the demand's slots and its antenna height
      await em.query(
        `UPDATE structure SET slots_total = greatest(slots_total, (SELECT coalesce(sum(slots_used), 0) FROM tenancy WHERE structure_id = $1 AND status <> 'decommissioned') + $2),
                              height_m = greatest(height_m, $3), updated_at = now() WHERE id = $1`,
        [structureId, d.slots, d.antennaHeightM],
      );
    }
    if (app.kind === 'new_build') {
      const s = app.proposedStructure;
      const [lon, lat] = app.proposedSite!.coordinates;
      const [row] = await em.query(
        `INSERT INTO structure (code, name, kind, owner_id, height_m, slots_total, load_capacity_kg, build_form, status, source, geom)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'standalone', 'approved', 'api', ST_SetSRID(ST_MakePoint($8, $9), 4326)) RETURNING id::int`,
        [app.code, `${app.code} 新建站址`, s.kind, app.organisationId, s.heightM, s.slotsTotal, s.loadCapacityKg, lon, lat],
      );
      structureId = row.id;
    }
    const [t] = await em.query(
      `INSERT INTO tenancy (structure_id, operator_id, technology, band_mhz, antenna_height_m, azimuth_deg, sector_count, eirp_dbm, slots_used, load_kg, status, source)
       VALUES ($1, $2, $3, $4, $5, 0, 3, $6, $7, $8, 'planned', 'api') RETURNING id::int`,
      [structureId, app.operatorId, d.technology, d.bandMHz, d.antennaHeightM, DEMAND_EIRP_DBM[d.technology as keyof typeof DEMAND_EIRP_DBM], d.slots, d.loadKg],
    );
    await em.query(`UPDATE application SET result_structure_id = $2, result_tenancy_id = $3 WHERE id = $1`, [id, structureId, t.id]);
  }

  private async notify(em: EntityManager, app: { id: string; code: string; organisationId: string }, state: ApplicationState, comment?: string) {
    // the party that acts next hears of it: regulators on submission, the bureau on its review, the applicant on the outcome
    const role = state === 'submitted' ? 'regulator' : state === 'bureau_review' ? 'bureau' : ['approved', 'rejected', 'returned', 'in_review'].includes(state) ? 'planner' : null;
    if (!role) return;
    await em.query(
      `INSERT INTO notification (user_id, application_id, kind, payload)
       SELECT u.id, $1, $2, jsonb_build_object('code', $4::text, 'state', $2::text, 'comment', $5::text) FROM app_user u
        WHERE NOT u.disabled AND u.role = $6 AND (u.role <> 'planner' OR u.organisation_id = $3)`,
      [app.id, state, app.organisationId, app.code, comment ?? null, role],
    );
  }

  private read(em: EntityManager, id: string) {
    return em.query(`SELECT ${COLUMNS} FROM application a WHERE a.id = $1`, [id]).then((r: any[]) => r[0]);
  }

  /** Review clocks of applications, from their state changes in the audit trail. */
  private async clocks(ids: string[]): Promise<Map<string, ReturnType<typeof reviewClock>>> {
    const events: { id: string; action: string; at: Date }[] = await this.db.query(
      `SELECT entity_id AS id, action, at FROM audit_event WHERE entity = 'application' AND entity_id = ANY($1) AND (action = 'created' OR action LIKE 'to\\_%') ORDER BY at, id`,
      [ids],
    );
    const now = new Date();
    return new Map(
      ids.map((id) => [
        id,
        reviewClock(events.filter((e) => e.id === id).map((e) => ({ state: (e.action === 'created' ? 'draft' : e.action.slice(3)) as ApplicationState, at: new Date(e.at) })), now, this.config.applications.reviewDays),
      ]),
    );
  }

  async notifications(user: SignedInUser) {
    const rows = await this.db.query(
      `SELECT id::int, application_id AS "applicationId", kind, payload, created_at AS "createdAt", read_at AS "readAt" FROM notification WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT 100`,
      [user.id],
    );
    return { unread: rows.filter((r: { readAt: unknown }) => !r.readAt).length, notifications: rows };
  }

  async markRead(id: string, user: SignedInUser) {
    const n = parseOrThrow(z.coerce.number().int().positive(), id, 'id');
    const rows = await this.db.query(`WITH u AS (UPDATE notification SET read_at = coalesce(read_at, now()) WHERE id = $1 AND user_id = $2 RETURNING id) SELECT id FROM u`, [n, user.id]);
    if (!rows.length) throw ApiError.notFound(`notification ${id}`);
    return { id: n, read: true };
  }
}

