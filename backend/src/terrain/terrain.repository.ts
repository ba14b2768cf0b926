import type { DataSource, EntityManager } from 'typeorm';
import { DemTile, TERRAIN_SOURCES, TerrainSource, heightRange, heightsToBytes } from './dem-tile';
import * as sql from './terrain.sql';

type Db = DataSource | EntityManager;

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
      const [row] = await m.query(sql.INSERT_TILE, [t.name, source, TERRAIN_SOURCES[source].priority, g.west, g.south, g.cols, g.rows, g.stepDeg, heightsToBytes(g.heights), min, max, t.voidsFilled, importId]);
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
};
