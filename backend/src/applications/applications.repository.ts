import { Injectable } from '@nestjs/common';
import type {
  AnalysisSnapshot,
  ApplicationDetail,
  ApplicationKind,
  ApplicationRecord,
  ApplicationState,
  NotificationList,
  OverlayCondition,
  ProposedStructure,
} from '@cosite/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import * as sql from './applications.sql';
import type { Db } from '../database/queryable';

/** The analysis an application is filed from: its result is kept whole as the application's evidence. */
export interface AnalysisToFile {
  id: string;
  operatorId: string;
  organisationId: string | null;
  result: AnalysisSnapshot;
  lon: number;
  lat: number;
}

export interface NewApplication {
  kind: ApplicationKind;
  organisationId: string;
  operatorId: string;
  analysisId: string;
  analysisSnapshot: AnalysisSnapshot;
  structureId: number | null;
  conditions: OverlayCondition[];
  justification: string | null;
  shareWasFeasible: boolean;
  needsBureauReview: boolean;
  createdBy: number;
  proposedStructure: ProposedStructure | null;
  proposedSite: { lon: number; lat: number } | null;
}

/** The queue's filters and sort, resolved (null: any). */
export interface QueueQuery {
  state: ApplicationState | null;
  district: number | null;
  operator: string | null;
  assignee: string | null;
  sort: 'created' | 'updated' | 'due';
  order: 'asc' | 'desc';
}

/** What a decision letter names besides the application itself. */
export interface LetterFacts {
  issuerZh: string;
  issuerEn: string;
  applicantZh: string;
  applicantEn: string;
  operatorZh: string;
  operatorEn: string;
  structureName: string | null;
  structureCode: string | null;
  structureKind: string | null;
  structureHeightM: number | null;
  lon: number;
  lat: number;
}

/** One audit event of an application, as its timeline is built from. */
export interface HistoryRow {
  at: string;
  actor: string;
  actorName: string | null;
  organisationId: string | null;
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  comment: string | null;
}

/** An application as read for a user, before its review clock is added. */
export type VisibleApplication = Omit<ApplicationDetail, 'clock' | 'overdue'>;
export type Viewer = { role: string; organisationId: string };

/** The one reader and writer of applications and notifications. Writes take the caller's EntityManager. */
@Injectable()
export class ApplicationsRepository {
  constructor(private readonly db: DataSource) {}

  async analysisToFile(id: string): Promise<AnalysisToFile | undefined> {
    const [a] = await this.db.query(sql.ANALYSIS_TO_FILE, [id]);
    return a;
  }

  async siteInOverlay(em: EntityManager, site: { lon: number; lat: number }): Promise<boolean> {
    const [r] = await em.query(sql.SITE_IN_OVERLAY, [site.lon, site.lat]);
    return r.x;
  }

  async insert(em: EntityManager, a: NewApplication): Promise<string> {
    const [row] = await em.query(sql.INSERT_APPLICATION, [
      a.kind,
      a.organisationId,
      a.operatorId,
      a.analysisId,
      JSON.stringify(a.analysisSnapshot),
      a.structureId,
      JSON.stringify(a.conditions),
      a.justification,
      a.shareWasFeasible,
      a.needsBureauReview,
      a.createdBy,
      a.proposedStructure ? JSON.stringify(a.proposedStructure) : null,
      a.proposedSite?.lon ?? null,
      a.proposedSite?.lat ?? null,
    ]);
    return row.id;
  }

  /** The queue as this viewer may see it, filtered and sorted (the review limits in days give the due times). */
  listVisible(viewer: Viewer, q: QueueQuery, reviewDays: Record<string, number>): Promise<ApplicationRecord[]> {
    return this.db.query(sql.LIST_VISIBLE, [
      viewer.role,
      viewer.organisationId,
      q.state,
      q.district,
      q.operator,
      q.assignee,
      q.sort,
      q.order,
      JSON.stringify(reviewDays),
    ]);
  }

  /** Which filters of the queue name something that exists. */
  async queueFiltersExist(
    district: number | null,
    operator: string | null,
    assignee: string | null,
  ): Promise<Record<'district' | 'operator' | 'assignee', boolean>> {
    const [r] = await this.db.query(sql.QUEUE_FILTERS_EXIST, [district, operator, assignee]);
    return r;
  }

  async exists(id: string): Promise<boolean> {
    const [r] = await this.db.query(sql.EXISTS, [id]);
    return r.x;
  }

  /** False when the version moved on meanwhile (optimistic locking). */
  async assign(em: EntityManager, id: string, version: number, assigneeId: number | null): Promise<boolean> {
    return (await em.query(sql.ASSIGN, [id, version, assigneeId])).length > 0;
  }

  reviewers(): Promise<{ id: number; username: string; displayName: string }[]> {
    return this.db.query(sql.REVIEWERS);
  }

  /** Gives a decided application its letter number (once), made by `format` from the year's next number. */
  async giveLetterNumber(em: EntityManager, id: string, year: number, format: (year: number, n: number) => string): Promise<void> {
    const [{ last }] = await em.query(sql.NEXT_LETTER, [year]);
    await em.query(sql.SET_LETTER, [id, format(year, last)]);
  }

  async letterFacts(id: string): Promise<LetterFacts> {
    const [r] = await this.db.query(sql.LETTER_FACTS, [id]);
    return r;
  }

  history(id: string): Promise<HistoryRow[]> {
    return this.db.query(sql.HISTORY, [id]);
  }

  async notifyUser(em: EntityManager, id: string, kind: string, userId: number): Promise<void> {
    await em.query(sql.NOTIFY_USER, [id, kind, userId]);
  }

  /** How many unread notifications were marked read. */
  async markAllRead(userId: number): Promise<number> {
    const [r] = await this.db.query(sql.MARK_ALL_READ, [userId]);
    return r.n;
  }

  async getVisible(viewer: Viewer, id: string): Promise<VisibleApplication | undefined> {
    const [a] = await this.db.query(sql.GET_VISIBLE, [viewer.role, viewer.organisationId, id]);
    return a;
  }

  async read(m: Db, id: string): Promise<ApplicationRecord> {
    const [a] = await m.query(sql.READ, [id]);
    return a;
  }

  /** False when the version moved on meanwhile (optimistic locking). */
  async updateJustification(em: EntityManager, id: string, version: number, justification: string): Promise<boolean> {
    return (await em.query(sql.UPDATE_JUSTIFICATION, [id, version, justification])).length > 0;
  }

  /** False when the version moved on meanwhile (optimistic locking). */
  async move(em: EntityManager, id: string, version: number, to: ApplicationState, bureauCleared: boolean): Promise<boolean> {
    return (await em.query(sql.MOVE, [id, version, to, bureauCleared])).length > 0;
  }

  async setResult(em: EntityManager, id: string, structureId: number, tenancyId: number): Promise<void> {
    await em.query(sql.SET_RESULT, [id, structureId, tenancyId]);
  }

  async notify(
    em: EntityManager,
    app: { id: string; code: string; organisationId: string },
    state: ApplicationState,
    role: string,
    comment: string | null,
  ): Promise<void> {
    await em.query(sql.NOTIFY, [app.id, state, app.organisationId, app.code, comment, role]);
  }

  stateEvents(ids: string[]): Promise<{ id: string; action: string; at: Date }[]> {
    return this.db.query(sql.STATE_EVENTS, [ids]);
  }

  notificationsOf(userId: number): Promise<NotificationList['notifications']> {
    return this.db.query(sql.NOTIFICATIONS_OF, [userId]);
  }

  /** False when the user has no such notification. */
  async markRead(id: number, userId: number): Promise<boolean> {
    return (await this.db.query(sql.MARK_READ, [id, userId])).length > 0;
  }
}
