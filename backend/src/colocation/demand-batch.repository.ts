import type { AnalysisResult, DemandBatchReject, DemandBatchStatus, ParsedDemand } from '@cosite/contracts';
import type { Viewer } from './colocation.repository';
import * as sql from './demand-batch.sql';
import type { Db } from '../database/queryable';

/** A valid line of a batch: its line number in the file and its demand, parsed (as stored in colocation_batch.demands). */
export interface LineDemand {
  line: number;
  demand: ParsedDemand;
}

/** A batch as stored, with its counts (GET_BATCH). */
export interface BatchRow {
  id: string;
  status: DemandBatchStatus;
  total: number;
  valid: number;
  rejects: DemandBatchReject[];
  error: string | null;
  createdAt: Date;
  finishedAt: Date | null;
  analysed: number;
  rejectedByWorker: number;
  decisions: Record<string, number> | null;
}

/** An analysed line of a batch with its co-build group (BATCH_RESULTS). */
export interface BatchResultRow {
  line: number;
  decision: string;
  lon: number;
  lat: number;
  result: Pick<AnalysisResult, 'demand' | 'best' | 'newBuild'>;
  groupId: string | null;
  groupOperators: string[] | null;
  groupLon: number | null;
  groupLat: number | null;
}

/** The one reader and writer of demand batches (their analyses are written by ColocationRepository). */
export const DemandBatchRepository = {
  async insert(
    db: Db,
    b: { total: number; demands: LineDemand[]; rejects: string; status: 'queued' | 'completed'; organisationId: string | null },
  ): Promise<string> {
    const [row] = await db.query(sql.INSERT_BATCH, [b.total, JSON.stringify(b.demands), b.rejects, b.status, b.organisationId]);
    return row.id;
  },

  async find(db: Db, id: string, viewer?: Viewer): Promise<BatchRow | undefined> {
    const [row] = await db.query(sql.GET_BATCH, [id, viewer?.role ?? null, viewer?.organisationId ?? null]);
    return row;
  },

  /** Marks a queued or running batch running; its uploader, or undefined when the batch is not (or no longer) to run. */
  async start(db: Db, id: string): Promise<{ id: string; organisationId: string | null; organisationKind: string | null } | undefined> {
    const [row] = await db.query(sql.START_BATCH, [id]);
    return row;
  },

  /** The lines at positions (from, to] not yet analysed, in order. */
  async pending(db: Db, id: string, from: number, to: number): Promise<LineDemand[]> {
    const rows: { d: LineDemand }[] = await db.query(sql.PENDING_DEMANDS, [id, from, to]);
    return rows.map((r) => r.d);
  },

  async addRejects(db: Db, id: string, rejects: DemandBatchReject[]): Promise<void> {
    await db.query(sql.ADD_REJECTS, [id, JSON.stringify(rejects)]);
  },

  /** Claims the grouping once every valid line is analysed or rejected: true for the one caller that claims it. */
  async claimGrouping(db: Db, id: string): Promise<boolean> {
    const [claimed] = await db.query(sql.CLAIM_GROUPING, [id]);
    return !!claimed;
  },

  async ungroupedNewBuilds(db: Db, id: string): Promise<string[]> {
    const rows: { id: string }[] = await db.query(sql.UNGROUPED_NEW_BUILDS, [id]);
    return rows.map((r) => r.id);
  },

  async complete(db: Db, id: string): Promise<void> {
    await db.query(sql.COMPLETE_BATCH, [id]);
  },

  async fail(db: Db, id: string, message: string): Promise<void> {
    await db.query(sql.FAIL_BATCH, [id, message]);
  },

  results(db: Db, id: string): Promise<BatchResultRow[]> {
    return db.query(sql.BATCH_RESULTS, [id]);
  },
};
