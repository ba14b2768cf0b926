import type { EntityManager } from 'typeorm';
import type { AnalysisDecision, AnalysisDemand, AnalysisResult, ColocationSummary, CoBuildGroup, ParsedDemand } from '@cosite/contracts';
import type { Environment } from '../radio/propagation/path-loss';
import type { StructureFacts } from './candidate-assessment';
import * as sql from './colocation.sql';
import type { Db } from '../database/queryable';

/** A DataSource, or the EntityManager of a transaction the caller runs. */
/** Where a demand falls: whether its operator exists, the residents of its population cell, its district. */
export interface DemandPlace {
  operatorKnown: boolean;
  population: number | null;
  district: number | null;
}

/** A structure around a demand, as read (before the overlay conditions and the coverage gain are added). */
export type StructureAround = Omit<StructureFacts, 'populationGain' | 'conditions'> & { overlayKinds: string[] };

/** A new-build analysis as co-build grouping reads it. */
export interface NewBuildRow {
  id: string;
  operator: string;
  groupId: string | null;
  demand: AnalysisDemand;
  environment: Environment;
}

/** What colocation_analysis.result holds: the analysis as answered, without its id, time and co-build group (kept apart). */
export type StoredAnalysisResult = Omit<AnalysisResult, 'id' | 'createdAt' | 'coBuild'>;

export interface AnalysisToSave {
  demand: AnalysisDemand;
  decision: AnalysisDecision;
  district: number | null;
  result: StoredAnalysisResult;
  batch?: { id: string; line: number };
  organisationId: string | null;
}

export interface UncoveredCell {
  lon: number;
  lat: number;
  population: number;
}

/** Who reads: a planner sees only their own organisation's analyses and batches. */
export interface Viewer {
  role: string;
  organisationId: string;
}

/** One analysis as LIST_ANALYSES reads it (flat; the service shapes it). */
export interface AnalysisListRow {
  id: string;
  createdAt: Date;
  operator: string;
  technology: AnalysisDemand['technology'];
  decision: AnalysisDecision;
  lon: number;
  lat: number;
  searchRadiusM: number;
  structureId: string | null;
  siteName: string | null;
  siteCode: string | null;
  verdict: 'allowed' | 'allowed_with_conditions' | 'forbidden' | null;
  fromGap: boolean;
  applicationId: string | null;
  applicationCode: string | null;
  applicationState: string | null;
}

/** Decisions booked: per operator, district and month, and the totals (avoided = share or upgrade). */
export interface DecisionCounts {
  operators: ColocationSummary['byOperator'];
  districts: ColocationSummary['byDistrict'];
  months: ColocationSummary['byMonth'];
  totals: { avoided: number; total: number; groups: number; grouped: number };
}

/** The one reader and writer of co-location analyses and co-build groups (batches: DemandBatchRepository). */
export const ColocationRepository = {
  async place(db: Db, at: ParsedDemand['location'], operator: string): Promise<DemandPlace> {
    const [place] = await db.query(sql.PLACE, [at.lon, at.lat, operator]);
    return place;
  },

  /** Structures in the ring and those just outside it (up to 1.25 × the radius), and a serving structure wherever it stands, by id. */
  structuresAround(db: Db, lon: number, lat: number, radiusM: number, servingStructureId: number | null = null): Promise<StructureAround[]> {
    return db.query(sql.STRUCTURES_AROUND, [lon, lat, radiusM, servingStructureId]);
  },

  /** The bands an operator radiates a technology on in the city, and on one structure (highest first). */
  async operatorBands(db: Db, operator: string, technology: string, structureId: number): Promise<{ city: number[]; site: number[] }> {
    const [r] = await db.query(sql.OPERATOR_BANDS, [operator, technology, structureId]);
    return r;
  },

  /** A demand's ring as hex EWKB. */
  async ring(db: Db, d: Pick<AnalysisDemand, 'lon' | 'lat' | 'searchRadiusM'>): Promise<string> {
    const [r] = await db.query(sql.RING, [d.lon, d.lat, d.searchRadiusM]);
    return r.area;
  },

  async insertAnalysis(db: Db, a: AnalysisToSave): Promise<{ id: string; createdAt: Date }> {
    const d = a.demand;
    const [saved] = await db.query(sql.INSERT_ANALYSIS, [
      d.operator,
      d.technology,
      a.decision,
      a.district,
      JSON.stringify(d),
      JSON.stringify(a.result),
      d.lon,
      d.lat,
      a.batch?.id ?? null,
      a.batch?.line ?? null,
      a.organisationId,
    ]);
    return { id: saved.id, createdAt: saved.created_at };
  },

  async findAnalysis(db: Db, id: string, viewer?: Viewer): Promise<{ id: string; createdAt: Date; result: StoredAnalysisResult } | undefined> {
    const [row] = await db.query(sql.GET_ANALYSIS, [id, viewer?.role ?? null, viewer?.organisationId ?? null]);
    return row;
  },

  /** A page of the analyses a viewer may list (their organisation's; all for an administrator), newest first, and the total. */
  async listAnalyses(db: Db, viewer: Viewer, limit: number, offset: number): Promise<{ rows: AnalysisListRow[]; total: number }> {
    const rows: (AnalysisListRow & { total: number })[] = await db.query(sql.LIST_ANALYSES, [viewer.role, viewer.organisationId, limit, offset]);
    if (rows.length) return { rows, total: rows[0].total };
    const [c] = await db.query(sql.COUNT_ANALYSES, [viewer.role, viewer.organisationId]);
    return { rows, total: c.total };
  },

  /** Decisions booked, by operator, district and month, and in all. */
  async decisionCounts(db: Db): Promise<DecisionCounts> {
    const [operators, districts, months, [totals]] = await Promise.all([
      db.query(sql.DECISIONS_BY_OPERATOR),
      db.query(sql.DECISIONS_BY_DISTRICT),
      db.query(sql.DECISIONS_BY_MONTH),
      db.query(sql.DECISION_TOTALS),
    ]);
    return { operators, districts, months, totals };
  },

  // ---- co-build ----

  /** Serialises grouping (inside the caller's transaction), so two workers cannot form overlapping groups. */
  async lockCoBuild(em: EntityManager): Promise<void> {
    await em.query(sql.LOCK_COBUILD);
  },

  /** A new-build analysis with its suggested site; undefined when the analysis is not a new build. */
  async newBuild(em: EntityManager, analysisId: string): Promise<(NewBuildRow & { site: { lon: number; lat: number } | null }) | undefined> {
    const [me] = await em.query(sql.NEW_BUILD_ANALYSIS, [analysisId]);
    return me;
  },

  /** New builds of other operators that could share a structure with this one, grouped ones first, then the nearest. */
  coBuildPartners(em: EntityManager, analysisId: string, maxDistanceM: number, windowDays: number): Promise<NewBuildRow[]> {
    return em.query(sql.COBUILD_PARTNERS, [analysisId, maxDistanceM, windowDays]);
  },

  coBuildMembers(em: EntityManager, groupId: string): Promise<NewBuildRow[]> {
    return em.query(sql.COBUILD_MEMBERS, [groupId]);
  },

  /** The group an analysis belongs to, as stored: its proposal and members; undefined when it has none. */
  async coBuildOf(db: Db, analysisId: string): Promise<{ id: string; proposal: Record<string, unknown>; members: CoBuildGroup['members'] } | undefined> {
    const [row] = await db.query(sql.COBUILD_VIEW, [analysisId]);
    return row;
  },

  /** An analysis's ring intersected with `area` (the ring itself when area is null), as hex EWKB. */
  async ringWithin(em: EntityManager, analysisId: string, area: string | null): Promise<string> {
    const [r] = await em.query(sql.RING_WITHIN, [analysisId, area]);
    return r.area;
  },

  async areaShape(em: EntityManager, area: string | null): Promise<{ empty: boolean; dim: number }> {
    const [a] = await em.query(sql.AREA_SHAPE, [area]);
    return a;
  },

  /** Stores a group (a new one when groupId is null) with its area, site and proposal; answers its id. */
  async saveCoBuildGroup(em: EntityManager, groupId: string | null, area: string, site: { lon: number; lat: number }, proposal: object): Promise<string> {
    const params = [area, site.lon, site.lat, JSON.stringify(proposal)];
    const [g] = groupId ? await em.query(sql.UPDATE_COBUILD_GROUP, [...params, groupId]) : await em.query(sql.INSERT_COBUILD_GROUP, params);
    return g.id;
  },

  async joinCoBuildGroup(em: EntityManager, groupId: string, analysisIds: string[]): Promise<void> {
    await em.query(sql.JOIN_COBUILD_GROUP, [groupId, analysisIds]);
  },

  // ---- new-build siting ----

  /** Populated cells in the box whose best signal for the operator and technology is below the threshold. */
  uncoveredCells(
    db: Db,
    box: { west: number; south: number; east: number; north: number },
    operator: string,
    technology: string,
    thresholdDbm: number,
  ): Promise<UncoveredCell[]> {
    return db.query(sql.UNCOVERED_CELLS, [box.west, box.south, box.east, box.north, operator, technology, thresholdDbm]);
  },

  /** The buildable points of a 9 × 9 grid over an area (hex EWKB), each with the overlay kinds it lies in. */
  buildableGrid(db: Db, areaWkb: string): Promise<{ id: number; lon: number; lat: number; kinds: string[] }[]> {
    return db.query(sql.BUILDABLE_GRID, [areaWkb]);
  },
};
