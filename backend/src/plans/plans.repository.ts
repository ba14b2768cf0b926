import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PlanList, PlanStatus, Technology } from '@cosite/contracts';
import type { Db } from '../database/queryable';
import type { LatticePoint, PlanStructure } from './plan-candidates';
import * as sql from './plans.sql';

export interface PlanRow {
  id: string;
  status: PlanStatus;
  progress: number;
  stage: string | null;
  createdAt: Date;
  finishedAt: Date | null;
  input: Record<string, unknown>;
  result: Record<string, unknown> | null;
  error: string | null;
}

export interface AreaCell {
  h3: string;
  residents: number;
  covered: boolean;
  keySites: number[];
}

export interface NewPlan {
  operator: string;
  technology: Technology;
  objective: string;
  districtIds: number[];
  areaWkb: string;
  input: object;
  organisationId: string | null;
  createdBy: string | null;
}

/** The one reader and writer of rollout_plan and rollout_plan_cell, and the plan's reads of the city. */
@Injectable()
export class PlansRepository {
  constructor(private readonly db: DataSource) {}

  async districtsArea(ids: number[]): Promise<{ area: string | null; found: number[]; notCore: number[] }> {
    const [r] = await this.db.query(sql.DISTRICTS_AREA, [ids]);
    return r;
  }

  async polygonArea(geojson: unknown): Promise<{ validity: string; area: string; districts: number[]; gridCells: number }> {
    const [r] = await this.db.query(sql.POLYGON_AREA, [JSON.stringify(geojson)]);
    return r;
  }

  async insert(p: NewPlan): Promise<string> {
    const [r] = await this.db.query(sql.INSERT_PLAN, [
      p.operator,
      p.technology,
      p.objective,
      p.districtIds,
      p.areaWkb,
      JSON.stringify(p.input),
      p.organisationId,
      p.createdBy,
    ]);
    return r.id;
  }

  async claim(id: string): Promise<{ input: Record<string, unknown>; districtIds: number[]; area: string } | undefined> {
    const rows = await this.db.query(`WITH c AS (${sql.CLAIM_PLAN}) SELECT * FROM c`, [id]);
    return rows[0];
  }

  async progress(id: string, pct: number, stage: string): Promise<void> {
    await this.db.query(sql.PROGRESS, [id, Math.max(0, Math.min(100, pct)), stage]);
  }

  /** The result and the cells it covers, in one transaction: a plan is completed with both or neither. */
  async finish(id: string, result: object, cells: { h3: string[]; order: number[]; residents: number[] }): Promise<void> {
    await this.db.transaction(async (em) => {
      await em.query(sql.DELETE_PLAN_CELLS, [id]);
      if (cells.h3.length) await em.query(sql.INSERT_PLAN_CELLS, [id, cells.h3, cells.order, cells.residents]);
      await em.query(sql.FINISH_PLAN, [id, JSON.stringify(result)]);
    });
  }

  async fail(id: string, message: string): Promise<void> {
    await this.db.query(sql.FAIL_PLAN, [id, message.slice(0, 2000)]);
  }

  async get(id: string, viewer?: { role: string; organisationId: string }): Promise<PlanRow | undefined> {
    const [r] = await this.db.query(sql.GET_PLAN, [id, viewer?.role ?? null, viewer?.organisationId ?? null]);
    return r;
  }

  async list(
    viewer: { role: string; organisationId: string },
    limit: number,
    offset: number,
  ): Promise<{ rows: (PlanList['plans'][number] & { createdAt: Date })[]; total: number }> {
    const rows = await this.db.query(sql.LIST_PLANS, [viewer.role, viewer.organisationId, limit, offset]);
    if (rows.length) return { rows, total: rows[0].total };
    const [c] = await this.db.query(sql.COUNT_PLANS, [viewer.role, viewer.organisationId]);
    return { rows, total: c.total };
  }

  cells(id: string): Promise<{ h3: string; order: number; residents: number }[]> {
    return this.db.query(sql.PLAN_CELLS, [id]);
  }

  /** Takes the right to turn a plan into work (once); false when it was taken already. */
  async claimWork(id: string): Promise<boolean> {
    return (await this.db.query(sql.CLAIM_WORK, [id])).length > 0;
  }

  /** What was made from a plan; null to let a failed attempt be tried again. */
  async setWork(id: string, work: object | null): Promise<void> {
    await this.db.query(sql.SET_WORK, [id, work === null ? null : JSON.stringify(work)]);
  }

  async work(id: string): Promise<Record<string, unknown> | null> {
    const [r] = await this.db.query(sql.GET_WORK, [id]);
    return r?.work ?? null;
  }

  // ---- the city as a plan reads it ----

  areaCells(db: Db, areaWkb: string, operator: string, technology: string, thresholdDbm: number): Promise<AreaCell[]> {
    return db.query(sql.AREA_CELLS, [areaWkb, operator, technology, thresholdDbm]);
  }

  areaKeySites(db: Db, areaWkb: string): Promise<{ id: number; name: string }[]> {
    return db.query(sql.AREA_KEY_SITES, [areaWkb]);
  }

  async baseStations(db: Db, areaWkb: string, technology: string): Promise<number> {
    const [r] = await db.query(sql.AREA_BASE_STATIONS, [areaWkb, technology]);
    return r.n;
  }

  structures(db: Db, areaWkb: string): Promise<PlanStructure[]> {
    return db.query(sql.AREA_STRUCTURES, [areaWkb]);
  }

  latticeFacts(db: Db, areaWkb: string, points: { lon: number; lat: number }[]): Promise<Omit<LatticePoint, 'lon' | 'lat'>[]> {
    if (!points.length) return Promise.resolve([]);
    return db.query(sql.LATTICE_FACTS, [areaWkb, points.map((p) => p.lon), points.map((p) => p.lat)]);
  }

  pointFacts(db: Db, points: { lon: number; lat: number; structureId: number }[]): Promise<{ i: number; inProtectionZone: boolean; kinds: string[] }[]> {
    if (!points.length) return Promise.resolve([]);
    return db.query(sql.POINT_FACTS, [points.map((p) => p.lon), points.map((p) => p.lat), points.map((p) => p.structureId)]);
  }

  coBuildNear(
    db: Db,
    operator: string,
    maxDistanceM: number,
    windowDays: number,
    points: { lon: number; lat: number }[],
  ): Promise<{ i: number; analysisId: string; operator: string; distanceM: number }[]> {
    if (!points.length) return Promise.resolve([]);
    return db.query(sql.CO_BUILD_NEAR, [operator, maxDistanceM, windowDays, points.map((p) => p.lon), points.map((p) => p.lat)]);
  }
}
