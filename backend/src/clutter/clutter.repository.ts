import type { EntityManager } from 'typeorm';
import { CLUTTER_CLASSES, CLUTTER_UNKNOWN, type ClutterClass } from '../radio/propagation/clutter';
import type { ClutterCounts, ClutterImport, ClutterImportReport, RecomputeNote } from '@cosite/contracts';
import * as sql from './clutter.sql';
export type { Queryable } from '../database/queryable';
import type { Db, Queryable } from '../database/queryable';

/**
 * The engine's read: per cell of `h3` (decimal bigint texts, as coverage_grid stores them), the class's index in
 * CLUTTER_CLASSES, or CLUTTER_UNKNOWN where the cell has no class. One query, one row back (an int array), so the
 * whole city grid (≈ 380,000 cells) costs one round trip.
 */
export async function clutterClassCodes(db: Queryable, h3: readonly string[]): Promise<Uint8Array> {
  if (!h3.length) return new Uint8Array(0);
  const [row] = await db.query(sql.CODES_OF_CELLS, [h3, CLUTTER_CLASSES, CLUTTER_UNKNOWN]);
  return Uint8Array.from(row.codes as number[]);
}

/** Moves with every change to the clutter classes (a statement trigger bumps tile_layer_version 'clutter'). */
export async function clutterVersion(db: Queryable): Promise<string> {
  const [row] = await db.query(sql.VERSION);
  return row.version;
}

export type { ClutterCounts };

/** The one writer and reader of clutter cells, apart from the sample loader's bulk derivation. */
export const ClutterRepository = {
  /** An import's classes replace those of the cells it covers (inside the caller's transaction). */
  async writeImported(
    m: EntityManager,
    importId: string,
    h3: string[],
    classes: ClutterClass[],
  ): Promise<{ written: number; replaced: Record<string, number> }> {
    const [r] = await m.query(sql.UPSERT_IMPORTED, [h3, classes, importId]);
    return { written: r.written, replaced: r.replaced };
  },

  async counts(db: Db): Promise<ClutterCounts> {
    const rows: ClutterCounts['rows'] = await db.query(sql.COUNTS);
    const byClass = Object.fromEntries(CLUTTER_CLASSES.map((c) => [c, 0])) as Record<ClutterClass, number>;
    const bySource = { sample: 0, import: 0 };
    for (const r of rows) {
      byClass[r.class] += r.cells;
      bySource[r.source] += r.cells;
    }
    return { total: bySource.sample + bySource.import, byClass, bySource, rows, version: await clutterVersion(db) };
  },

  /** Residents of resolution-9 population cells, by H3 decimal text. */
  async population(db: Db, res9: string[]): Promise<Map<string, number>> {
    const rows: { h3: string; population: number }[] = await db.query(sql.POPULATION_OF, [res9]);
    return new Map(rows.map((r) => [r.h3, r.population]));
  },

  // ---------- imports ----------

  async insertImport(db: Db, fileName: string, upload: Buffer, crs: number, uploaderId: number): Promise<string> {
    const [row] = await db.query(sql.INSERT_IMPORT, [fileName, upload, crs, uploaderId]);
    return row.id;
  },

  async getImport(db: Db, id: string): Promise<ClutterImport | null> {
    const [row] = await db.query(sql.GET_IMPORT, [id]);
    return row ?? null;
  },

  /** Claims an import for a run; null when it is completed (or gone). */
  async claimImport(db: Db, id: string): Promise<{ fileName: string; crs: number | null } | null> {
    const [claimed] = await db.query(sql.CLAIM_IMPORT, [id]);
    return claimed ?? null;
  },

  /** The stored file; null once an attempt has completed the import. */
  async upload(db: Db, id: string): Promise<Buffer | null> {
    const [{ upload }] = await db.query(sql.UPLOAD, [id]);
    return upload;
  },

  /** Inside the completing transaction: whether the import still holds its file (another attempt may have finished it). */
  async stillHeld(m: EntityManager, id: string): Promise<boolean> {
    const [{ upload }] = await m.query(sql.LOCK_IMPORT, [id]);
    return upload;
  },

  async setProgress(db: Db, id: string, progress: number): Promise<void> {
    await db.query(sql.SET_PROGRESS, [id, progress]);
  },

  /** Completes the import with its report; answers the transaction's time (when its cells became the data). */
  async completeImport(m: EntityManager, id: string, report: ClutterImportReport): Promise<string> {
    await m.query(sql.COMPLETE_IMPORT, [id, JSON.stringify(report)]);
    const [{ now }] = await m.query(sql.TRANSACTION_TIME);
    return new Date(now).toISOString();
  },

  async noteRecompute(db: Db, id: string, note: RecomputeNote): Promise<void> {
    await db.query(sql.NOTE_RECOMPUTE, [id, JSON.stringify(note)]);
  },

  async failImport(db: Db, id: string, message: string): Promise<void> {
    await db.query(sql.FAIL_IMPORT, [id, message]);
  },

  async touchesCity(db: Db, box: { west: number; south: number; east: number; north: number }): Promise<boolean> {
    const [r] = await db.query(sql.TOUCHES_CITY, [box.west, box.south, box.east, box.north]);
    return r.touches;
  },
};
