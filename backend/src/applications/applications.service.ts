import { Inject, Injectable } from '@nestjs/common';
import type {
  ApplicationAssignmentInput,
  ApplicationSummary,
  ApplicationTimeline,
  ReviewerList,
  NotificationsReadAll,
  TimelineEvent,
  ApplicationCreateInput,
  ApplicationDetail,
  ApplicationList,
  ApplicationListQuery,
  ApplicationRecord,
  ApplicationTransitionInput,
  ApplicationUpdateInput,
  NotificationList,
  NotificationRead,
  OverlayCondition,
  ProposedStructure,
  ReviewClockEntry,
} from '@cosite/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { type Client, recordAudit } from '../audit/audit-trail';
import type { SignedInUser } from '../auth/roles';
import { DEMAND_EIRP_DBM } from '../colocation/colocation.defaults';
import { ApiError } from '../common/errors';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { InventoryWriter } from '../inventory/inventory-writer';
import { ApplicationsRepository, type VisibleApplication } from './applications.repository';
import { type Lang, letterNumber, renderDecisionLetter, shanghaiYear } from './decision-letter';
import { type ApplicationState, DECISIONS, reviewClock, transition } from './workflow';

export type { Client };

/** One application as a user reads it: with the analysis it was filed from and its review clock. */
export type ApplicationRead = VisibleApplication & Pick<ApplicationDetail, 'clock' | 'overdue'>;

/**
 * Applications: a planner turns an analysis into one (share, upgrade or new build, with the analysis kept as it was),
 * moves it through the workflow (workflow.ts), and the regulator's approval changes the inventory (through the
 * inventory's writer) in the same transaction as the decision. Every action is an audit event; the parties get
 * in-app notifications.
 */
@Injectable()
export class ApplicationsService {
  constructor(
    private readonly db: DataSource,
    private readonly repo: ApplicationsRepository,
    private readonly inventory: InventoryWriter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(input: ApplicationCreateInput, user: SignedInUser, client: Client): Promise<ApplicationRecord> {
    if (user.role !== 'planner') throw ApiError.forbidden('only planners file applications, for their own organisation');
    const analysis = await this.repo.analysisToFile(input.analysisId);
    if (!analysis || (analysis.organisationId && analysis.organisationId !== user.organisationId)) throw ApiError.notFound(`analysis ${input.analysisId}`);
    // an operator applies for itself; the tower company for the operators it builds for
    if (user.organisationKind === 'operator' && analysis.operatorId !== user.organisationId)
      throw ApiError.forbidden(`the analysis is for ${analysis.operatorId}, not ${user.organisationId}`);
    const r = analysis.result;
    const kind = input.kind ?? r.decision;
    const feasible = r.candidates.filter((c) => c.feasible);
    let structureId: number | null = null;
    let conditions: OverlayCondition[] = [];
    let site: { lon: number; lat: number } | null = null;
    if (kind === 'new_build') {
      site = input.site ?? r.newBuild?.location ?? null;
      if (!site) throw ApiError.invalid([{ field: 'site', problem: 'the analysis suggested no new-build site: give one ({lon, lat})' }]);
      conditions = r.newBuild?.conditions ?? [];
    } else {
      const chosen = feasible.find((c) => c.option === kind && (input.structureId === undefined || c.structureId === input.structureId));
      if (!chosen)
        throw ApiError.invalid([
          {
            field: input.structureId ? 'structureId' : 'kind',
            problem: `the analysis has no feasible ${kind} candidate${input.structureId ? ` ${input.structureId}` : ''}`,
          },
        ]);
      structureId = chosen.structureId;
      conditions = chosen.conditions ?? [];
    }
    const proposedStructure: ProposedStructure | null = site
      ? (r.newBuild?.structure ?? {
          kind: 'monopole',
          heightM: Math.ceil(r.demand.antennaHeightM + 3),
          slotsTotal: Math.max(3, r.demand.slots),
          loadCapacityKg: 800,
        })
      : null;
    return this.db.transaction(async (em) => {
      const needsBureauReview = site ? await this.repo.siteInOverlay(em, site) : false;
      const id = await this.repo.insert(em, {
        kind,
        organisationId: user.organisationId,
        operatorId: analysis.operatorId,
        analysisId: analysis.id,
        analysisSnapshot: r,
        structureId,
        conditions,
        justification: input.justification ?? null,
        shareWasFeasible: feasible.length > 0,
        needsBureauReview,
        createdBy: user.id,
        proposedStructure,
        proposedSite: site,
      });
      const created = await this.repo.read(em, id);
      await recordAudit(em, user, { entity: 'application', entityId: id, action: 'created', before: null, after: created, client });
      return created;
    });
  }

  async list(q: ApplicationListQuery, user: SignedInUser): Promise<ApplicationList> {
    const assignee = q.assignee === 'me' ? user.username : (q.assignee ?? null);
    const known = await this.repo.queueFiltersExist(q.district ?? null, q.operator ?? null, q.assignee === 'me' ? null : assignee);
    const problems = [
      !known.district && { field: 'district', problem: `no district has the id ${q.district}` },
      !known.operator && { field: 'operator', problem: `no operator has the id ${q.operator}` },
      !known.assignee && { field: 'assignee', problem: `${q.assignee} is not a regulator's username (or me)` },
    ].filter((p) => !!p);
    if (problems.length) throw ApiError.invalid(problems);
    const sort = q.sort ?? 'created';
    // the soonest due first, the newest filed or changed first
    const order = q.order ?? (sort === 'due' ? 'asc' : 'desc');
    const rows = await this.repo.listVisible(
      user,
      { state: q.state ?? null, district: q.district ?? null, operator: q.operator ?? null, assignee, sort, order },
      this.config.applications.reviewDays,
    );
    // the clocks of the whole list in one query, not one per application
    const clocks = await this.clocks(rows.map((a) => a.id));
    const out = rows.map((a) => {
      const clock = clocks.get(a.id) ?? [];
      return { ...a, clock, overdue: clock.some((c) => c.current && c.overdue) };
    });
    return { applications: q.overdue ? out.filter((a) => String(a.overdue) === q.overdue) : out };
  }

  async get(id: string, user: SignedInUser): Promise<ApplicationRead> {
    const a = await this.repo.getVisible(user, id);
    // another operator's application does not exist, as far as this user can tell
    if (!a) throw ApiError.notFound(`application ${id}`);
    const clock = (await this.clocks([id])).get(id) ?? [];
    return { ...a, clock, overdue: clock.some((c) => c.current && c.overdue) };
  }

  async update(id: string, input: ApplicationUpdateInput, user: SignedInUser, client: Client): Promise<ApplicationRecord> {
    const before = await this.get(id, user);
    if (user.role !== 'planner' || before.organisationId !== user.organisationId) throw ApiError.forbidden("only the applicant's planners edit an application");
    if (!['draft', 'returned'].includes(before.state))
      throw ApiError.of('application_not_editable', 'state', `an application in ${before.state} cannot be edited`);
    return this.db.transaction(async (em) => {
      if (!(await this.repo.updateJustification(em, id, input.version, input.justification))) throw versionConflict(input.version);
      const after = await this.repo.read(em, id);
      await recordAudit(em, user, {
        entity: 'application',
        entityId: id,
        action: 'updated',
        before: { justification: before.justification },
        after: { justification: after.justification },
        client,
      });
      return after;
    });
  }

  /** One step of the workflow; an approval changes the inventory in the same transaction, or nothing happens. */
  async transition(id: string, input: ApplicationTransitionInput, user: SignedInUser, client: Client): Promise<ApplicationRecord> {
    const before = await this.get(id, user);
    const step = transition(
      {
        state: before.state,
        kind: before.kind,
        organisationId: before.organisationId,
        justification: before.justification,
        shareWasFeasible: before.shareWasFeasible,
        needsBureauReview: before.needsBureauReview,
        bureauCleared: !!before.bureauClearedAt,
      },
      input.to,
      user,
      input.comment,
    );
    if (!step.ok) {
      if (step.code === 'comment_required') throw ApiError.of(step.code, 'comment', step.problem);
      // the status comes from the contract's ERRORS table: 403 not_your_step, 409 transition_not_allowed, 400 justification_required
      if (step.code === 'not_your_step') throw new ApiError(step.code, step.problem);
      throw ApiError.of(step.code, step.code === 'justification_required' && before.kind === 'new_build' ? 'justification' : 'to', step.problem);
    }
    const to = step.state;
    return this.db.transaction(async (em) => {
      // optimistic locking: of two regulators deciding at once, the second finds the version moved on
      if (!(await this.repo.move(em, id, input.version, to, before.state === 'bureau_review' && to === 'submitted'))) throw versionConflict(input.version);
      if (to === 'approved') await this.applyApproval(em, id, before);
      if (DECISIONS.includes(to)) await this.repo.giveLetterNumber(em, id, shanghaiYear(new Date()), letterNumber);
      const after = await this.repo.read(em, id);
      await recordAudit(em, user, {
        entity: 'application',
        entityId: id,
        action: `to_${to}`,
        client,
        comment: input.comment,
        before: { state: before.state, version: before.version },
        after: { state: to, version: after.version, resultStructureId: after.resultStructureId, resultTenancyId: after.resultTenancyId },
      });
      await this.notify(em, after, to, input.comment);
      return after;
    });
  }

  /** The inventory after an approval (the inventory's writer makes it): a planned tenancy on the shared, upgraded or new structure. */
  private async applyApproval(em: EntityManager, id: string, app: VisibleApplication): Promise<void> {
    const d = app.analysisSnapshot.demand;
    const site = app.proposedSite?.coordinates;
    const result = await this.inventory.approve(em, {
      kind: app.kind,
      structureId: app.structureId,
      code: app.code,
      ownerId: app.organisationId,
      operatorId: app.operatorId,
      tenancy: {
        technology: d.technology,
        bandMHz: d.bandMHz,
        antennaHeightM: d.antennaHeightM,
        eirpDbm: DEMAND_EIRP_DBM[d.technology],
        slots: d.slots,
        loadKg: d.loadKg,
      },
      newBuild: app.kind === 'new_build' ? { structure: app.proposedStructure!, lon: site![0], lat: site![1] } : null,
    });
    await this.repo.setResult(em, id, result.structureId, result.tenancyId);
  }

  private async notify(em: EntityManager, app: { id: string; code: string; organisationId: string }, state: ApplicationState, comment?: string): Promise<void> {
    // the party that acts next hears of it: regulators on submission, the bureau on its review, the applicant on the outcome
    const role =
      state === 'submitted'
        ? 'regulator'
        : state === 'bureau_review'
          ? 'bureau'
          : ['approved', 'rejected', 'returned', 'in_review'].includes(state)
            ? 'planner'
            : // a withdrawal takes an application out of the regulators' queue
              state === 'withdrawn'
              ? 'regulator'
              : null;
    if (!role) return;
    await this.repo.notify(em, app, state, role, comment ?? null);
  }

  /** Review clocks of applications, from their state changes in the audit trail. */
  private async clocks(ids: string[]): Promise<Map<string, ReviewClockEntry[]>> {
    const events = await this.repo.stateEvents(ids);
    const now = new Date();
    return new Map(
      ids.map((id) => [
        id,
        reviewClock(
          events
            .filter((e) => e.id === id)
            .map((e) => ({ state: (e.action === 'created' ? 'draft' : e.action.slice(3)) as ApplicationState, at: new Date(e.at) })),
          now,
          this.config.applications.reviewDays,
        ),
      ]),
    );
  }

  /** A regulator takes an application on (or hands it to another regulator, or releases it). */
  async assign(id: string, input: ApplicationAssignmentInput, user: SignedInUser, client: Client): Promise<ApplicationSummary> {
    const before = await this.get(id, user);
    if (user.role !== 'regulator') throw ApiError.forbidden('only regulators assign applications');
    let assignee: { id: number; username: string } | null = null;
    if (input.assignee !== null) {
      assignee = (await this.repo.reviewers()).find((r) => r.username === input.assignee) ?? null;
      if (!assignee) throw ApiError.invalid([{ field: 'assignee', problem: `${input.assignee} is not a regulator (GET /applications/reviewers lists them)` }]);
    }
    await this.db.transaction(async (em) => {
      if (!(await this.repo.assign(em, id, input.version, assignee?.id ?? null))) throw versionConflict(input.version);
      await recordAudit(em, user, {
        entity: 'application',
        entityId: id,
        action: 'assigned',
        before: { assignee: before.assignee },
        after: { assignee: assignee?.username ?? null },
        client,
      });
      // the new reviewer hears of it, unless they took it on themselves
      if (assignee && assignee.id !== user.id) await this.repo.notifyUser(em, id, 'assigned', assignee.id);
    });
    // the summary, as the queue lists it (without the analysis it was filed from)
    const { analysisSnapshot: _snapshot, ...summary } = await this.get(id, user);
    return summary;
  }

  async reviewers(): Promise<ReviewerList> {
    return { reviewers: (await this.repo.reviewers()).map((r) => ({ username: r.username, displayName: r.displayName })) };
  }

  /** What happened to an application, oldest first, from its audit trail; for those who may see it. */
  async timeline(id: string, user: SignedInUser): Promise<ApplicationTimeline> {
    await this.get(id, user);
    const events: TimelineEvent[] = [];
    for (const e of await this.repo.history(id)) {
      const base = {
        at: e.at,
        actor: e.actor,
        actorName: e.actorName,
        organisationId: e.organisationId,
        comment: e.comment,
        from: null,
        to: null,
        detail: null,
      };
      if (e.action === 'created' || e.action === 'updated') events.push({ ...base, action: e.action });
      else if (e.action.startsWith('to_'))
        events.push({
          ...base,
          action: 'transition',
          from: (e.before?.state as ApplicationState | undefined) ?? null,
          to: e.action.slice(3) as ApplicationState,
        });
      else if (e.action === 'assigned') events.push({ ...base, action: 'assigned', detail: (e.after?.assignee as string | null) ?? null });
      else if (e.action === 'attachment_added') events.push({ ...base, action: 'attachment_added', detail: (e.after?.filename as string | undefined) ?? null });
    }
    return { events };
  }

  /** The decision letter of an approved or rejected application, as a PDF (for those who may see the application). */
  async decisionLetter(id: string, lang: Lang, user: SignedInUser): Promise<{ pdf: Buffer; filename: string }> {
    const a = await this.get(id, user);
    if ((a.state !== 'approved' && a.state !== 'rejected') || !a.letterNumber || !a.decidedAt)
      throw ApiError.of('application_not_decided', 'state', `an application in ${a.state} has no decision letter yet`);
    const f = await this.repo.letterFacts(id);
    const decision = (await this.repo.history(id)).filter((e) => e.action === `to_${a.state}`).at(-1);
    const font = this.config.applications.letterFont;
    const pdf = await renderDecisionLetter(
      {
        number: a.letterNumber,
        decidedAt: a.decidedAt,
        decision: a.state,
        code: a.code,
        kind: a.kind,
        issuer: { zh: f.issuerZh, en: f.issuerEn },
        applicant: { zh: f.applicantZh, en: f.applicantEn },
        operator: { zh: f.operatorZh, en: f.operatorEn },
        site: { lon: f.lon, lat: f.lat, district: a.districtName },
        structure:
          f.structureName !== null && f.structureKind !== null
            ? { name: f.structureName, code: f.structureCode, kind: f.structureKind, heightM: f.structureHeightM ?? 0 }
            : null,
        proposedStructure: a.proposedStructure,
        conditions: a.conditions,
        comment: decision?.comment ?? null,
        regulator: decision?.actorName ?? decision?.actor ?? null,
      },
      lang,
      font.path,
      font.name,
    );
    return { pdf, filename: `${a.code}-decision-${lang}.pdf` };
  }

  async markAllRead(user: SignedInUser): Promise<NotificationsReadAll> {
    return { read: await this.repo.markAllRead(user.id) };
  }

  async notifications(user: SignedInUser): Promise<NotificationList> {
    const rows = await this.repo.notificationsOf(user.id);
    return { unread: rows.filter((r) => !r.readAt).length, notifications: rows };
  }

  async markRead(id: number, user: SignedInUser): Promise<NotificationRead> {
    if (!(await this.repo.markRead(id, user.id))) throw ApiError.notFound(`notification ${id}`);
    return { id, read: true };
  }
}

const versionConflict = (version: number) => ApiError.of('version_conflict', 'version', `the application changed since version ${version}; read it again`);
