import { Inject, Injectable } from '@nestjs/common';
import type {
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
import { type ApplicationState, reviewClock, transition } from './workflow';

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
    const rows = await this.repo.listVisible(user, q.state ?? null);
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
    );
    if (!step.ok) {
      // the status comes from the contract's ERRORS table: 403 not_your_step, 409 transition_not_allowed, 400 justification_required
      if (step.code === 'not_your_step') throw new ApiError(step.code, step.problem);
      throw ApiError.of(step.code, step.code === 'justification_required' && before.kind === 'new_build' ? 'justification' : 'to', step.problem);
    }
    const to = step.state;
    return this.db.transaction(async (em) => {
      // optimistic locking: of two regulators deciding at once, the second finds the version moved on
      if (!(await this.repo.move(em, id, input.version, to, before.state === 'bureau_review' && to === 'submitted'))) throw versionConflict(input.version);
      if (to === 'approved') await this.applyApproval(em, id, before);
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
