import type { EntityManager } from 'typeorm';
import { type DemTile, TERRAIN_SOURCES, type TerrainSource, heightRange, heightsToBytes } from '../radio/raster/dem-tile';
import type { TerrainFormat, TerrainImport, TerrainImportReport } from '@cosite/contracts';
import * as sql from './terrain.sql';
import type { Db } from '../database/queryable';

export interface TileIndexRow {
  id: number;
  name: string;
  source: string;
  priority: number;
  west: number;
  south: number;
  cols: number;
  rows: number;
  stepDeg: number;
}

export interface TerrainTileView extends Omit<TileIndexRow, never> {
  east: number;
  north: number;
  arcSeconds: number;
  minM: number;
  maxM: number;
  voidsFilled: number;
  importId: string | null;
  importedAt: string;
}

/** The one writer and reader of terrain tiles: imports and the gis-data sample store their tiles through it. */
export const TerrainRepository = {
  /**
   * Stores tiles of one source inside the caller's transaction, replacing any of that source with the same name,
   * and bumps the terrain version so every process reloads. Returns how many earlier tiles were replaced.
   */
  async replaceTiles(m: EntityManager, source: TerrainSource, tiles: DemTile[], importId: string | null = null): Promise<{ ids: number[]; replaced: number }> {
    const ids: number[] = [];
    let replaced = 0;
    for (const t of tiles) {
      const [, deleted] = (await m.query(sql.DELETE_TILE, [source, t.name])) as [unknown, number];
      replaced += deleted ?? 0;
      const { min, max } = heightRange(t.grid.heights);
      const g = t.grid;
      const [row] = await m.query(sql.INSERT_TILE, [
        t.name,
        source,
        TERRAIN_SOURCES[source].priority,
        g.west,
        g.south,
        g.cols,
        g.rows,
        g.stepDeg,
        heightsToBytes(g.heights),
        min,
        max,
        t.voidsFilled,
        importId,
      ]);
      ids.push(row.id);
    }
    await m.query(sql.BUMP_VERSION);
    return { ids, replaced };
  },

  async version(db: Db): Promise<number> {
    const [r] = await db.query(sql.VERSION);
    return r?.version ?? 0;
  },

  tileIndex(db: Db): Promise<TileIndexRow[]> {
    return db.query(sql.TILE_INDEX);
  },

  async heights(db: Db, id: number): Promise<Buffer | null> {
    const [r] = await db.query(sql.TILE_HEIGHTS, [id]);
    return r?.heights ?? null;
  },

  list(db: Db): Promise<TerrainTileView[]> {
    return db.query(sql.LIST_TILES);
  },

  // ---------- imports ----------

  async insertImport(db: Db, fileName: string, format: TerrainFormat, upload: Buffer, uploaderId: number, report: { crs?: number }): Promise<string> {
    const [row] = await db.query(sql.INSERT_IMPORT, [fileName, format, upload, uploaderId, JSON.stringify(report)]);
    return row.id;
  },

  async getImport(db: Db, id: string): Promise<TerrainImport | null> {
    const [row] = await db.query(sql.GET_IMPORT, [id]);
    return row ?? null;
  },

  /** Claims an import for a run; null when it is completed (or gone). */
  async claimImport(db: Db, id: string): Promise<{ fileName: string; format: TerrainFormat; crs: string | null } | null> {
    const [claimed] = await db.query(sql.CLAIM_IMPORT, [id]);
    return claimed ?? null;
  },

  /** The stored file, locked; null once an attempt has completed the import (the file is dropped then). */
  async lockUpload(db: Db, id: string): Promise<Buffer | null> {
    const [{ upload }] = await db.query(sql.LOCK_UPLOAD, [id]);
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

  async completeImport(m: EntityManager, id: string, report: TerrainImportReport): Promise<void> {
    await m.query(sql.COMPLETE_IMPORT, [id, JSON.stringify(report)]);
  },

  async failImport(db: Db, id: string, message: string): Promise<void> {
    await db.query(sql.FAIL_IMPORT, [id, message]);
  },
};
