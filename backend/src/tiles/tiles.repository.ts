import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import type { Pool } from 'pg';
import type { TileLayer } from './tile-layers';
import * as sql from './tiles.sql';

/**
 * Tiles are the hottest path: straight to the pg pool, one named (prepared) statement per layer; the TileJSON's
 * reads go through TypeORM like the rest.
 */
@Injectable()
export class TilesRepository {
  private readonly pool: Pool;

  constructor(private readonly db: DataSource) {
    this.pool = (db.driver as PostgresDriver).master as Pool;
  }

  async versions(): Promise<{ layer: string; version: string; today: string }[]> {
    const { rows } = await this.pool.query<{ layer: string; version: string; today: string }>({ name: 'tile-versions', text: sql.LAYER_VERSIONS });
    return rows;
  }

  /** The tile (null when empty) and the layer's data version it was rendered at. */
  async render(layer: TileLayer, z: number, x: number, y: number): Promise<{ version: string; tile: Buffer | null }> {
    const { rows } = await this.pool.query<{ version: string; tile: Buffer | null }>({
      name: `tile-${layer.id}`,
      text: sql.tileOf(layer.fn),
      values: [z, x, y, layer.id],
    });
    return rows[0];
  }

  async version(layer: TileLayer): Promise<string> {
    const rows = await this.db.query(sql.LAYER_VERSION, [layer.id]);
    return rows[0].version;
  }

  async extent(layer: TileLayer): Promise<{ x1: number | null; y1: number | null; x2: number | null; y2: number | null }> {
    const [r] = await this.db.query(sql.extentOf(layer.boundsTable));
    return r;
  }
}
