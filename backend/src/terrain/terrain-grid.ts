import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { sampleBilinear, type DemGrid, type HeightSource } from '../radio/propagation/terrain/hgt';
import { bytesToHeights, gridEast, gridNorth } from '../radio/raster/dem-tile';
import { TerrainRepository, TileIndexRow } from './terrain.repository';
import { Coalesced } from '../common/coalesced';

export interface BBox {
  west: number;
  south: number;
  east: number;
  north: number;
}

export interface MosaicTile extends TileIndexRow {
  east: number;
  north: number;
  /** Heights, once loaded (TerrainGrid.mosaic loads those a request needs). */
  grid: DemGrid | null;
}

const intersects = (t: BBox, b: BBox) => t.west <= b.east && t.east >= b.west && t.south <= b.north && t.north >= b.south;
const contains = (t: BBox, b: BBox) => t.west <= b.west && t.east >= b.east && t.south <= b.south && t.north >= b.north;

/**
 * All terrain tiles as one surface: where tiles overlap, the first in precedence order (priority, then newest) wins,
 * so an imported DEM hides the modelled sample. Pure and synchronous once the tiles it needs are loaded.
 */
export class TerrainMosaic {
  constructor(
    readonly version: number,
    /** In precedence order. */
    readonly tiles: MosaicTile[],
  ) {}

  /** The tile that gives the height at a point (the first loaded one containing it), or null. */
  tileAt(lon: number, lat: number): MosaicTile | null {
    for (const t of this.tiles) if (t.grid && lon >= t.west && lon <= t.east && lat >= t.south && lat <= t.north) return t;
    return null;
  }

  /** Bilinear height at a point, metres; NaN where there is no terrain. */
  heightAt(lon: number, lat: number): number {
    const t = this.tileAt(lon, lat);
    return t ? sampleBilinear(t.grid!, lon, lat) : NaN;
  }

  /**
   * What the profile kernels sample over `bbox`: the winning tile's own grid when it covers the box alone (the usual
   * case: straight bilinear reads), else the mosaic itself at the finest spacing among the tiles touching the box
   * (each point from its winning tile; nothing copied, however long the link). Null when no terrain touches it.
   */
  sourceFor(bbox: BBox): DemGrid | HeightSource | null {
    const touching = this.tiles.filter((t) => t.grid && intersects(t, bbox));
    if (!touching.length) return null;
    if (contains(touching[0], bbox)) return touching[0].grid;
    return { stepDeg: Math.min(...touching.map((t) => t.stepDeg)), heightAt: (lon, lat) => this.heightAt(lon, lat) };
  }
}

/**
 * The terrain each process holds in memory: the tile index is re-read when the terrain version changes (every
 * import bumps it), and a tile's heights are read once, when a request first needs them. Tile ids never change
 * content (a replaced tile gets a new id), so loaded heights survive a version change.
 */
@Injectable()
export class TerrainGrid {
  private current: TerrainMosaic | null = null;
  private readonly loaded = new Map<number, DemGrid>();
  private pending: Promise<TerrainMosaic> | null = null;

  /** The terrain version, read once for all the requests of a moment (a map asks for many hillshade tiles at once). */
  private readonly versions: Coalesced<number>;

  constructor(private readonly db: DataSource) {
    this.versions = new Coalesced(() => TerrainRepository.version(this.db));
  }

  version(): Promise<number> {
    return this.versions.get();
  }

  /** The mosaic at the current version, with the heights of every tile touching `bbox` loaded (all tiles without one). */
  async mosaic(bbox?: BBox): Promise<TerrainMosaic> {
    const version = await this.versions.get();
    let m = this.current;
    if (!m || m.version !== version) {
      // one index read at a time per process, however many requests arrive together
      this.pending ??= this.reindex(version).finally(() => (this.pending = null));
      m = await this.pending;
    }
    for (const t of m.tiles) {
      if (t.grid || (bbox && !intersects(t, bbox))) continue;
      t.grid = this.loaded.get(t.id) ?? (await this.load(t));
    }
    return m;
  }

  private async reindex(version: number): Promise<TerrainMosaic> {
    const index = await TerrainRepository.tileIndex(this.db);
    const ids = new Set(index.map((t) => t.id));
    for (const id of this.loaded.keys()) if (!ids.has(id)) this.loaded.delete(id);
    const tiles = index.map((t) => ({ ...t, east: gridEast(t), north: gridNorth(t), grid: this.loaded.get(t.id) ?? null }));
    this.current = new TerrainMosaic(version, tiles);
    return this.current;
  }

  private async load(t: MosaicTile): Promise<DemGrid | null> {
    const bytes = await TerrainRepository.heights(this.db, t.id);
    if (!bytes) return null; // replaced meanwhile; the next call sees the new version
    const grid: DemGrid = { west: t.west, south: t.south, cols: t.cols, rows: t.rows, stepDeg: t.stepDeg, heights: bytesToHeights(bytes) };
    this.loaded.set(t.id, grid);
    return grid;
  }
}
