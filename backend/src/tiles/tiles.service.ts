import { Inject, Injectable } from '@nestjs/common';
import { ApiError, FieldProblem } from '../common/errors';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { Coalesced } from '../common/coalesced';
import { TileCache } from './tile-cache';
import { TILE_MAX_ZOOM } from '@cosite/contracts';
import { TILE_LAYER_BY_ID, TileLayer } from './tile-layers';
import { TilesRepository } from './tiles.repository';

export interface TileAddress {
  z: number;
  x: number;
  y: number;
}

export type TileResult = { kind: 'not-modified'; version: string } | { kind: 'tile'; version: string; body: Buffer; cache: 'hit' | 'miss' };

/** Parses z/x/y as they come in a URL: integers, z ≤ 22, x and y inside the 2^z grid. */
export function parseTileAddress(raw: { z: string; x: string; y: string }): TileAddress {
  const problems: FieldProblem[] = [];
  const int = (field: 'z' | 'x' | 'y') => {
    const s = raw[field];
    if (!/^\d{1,8}$/.test(s)) {
      problems.push({ field, problem: `must be a non-negative integer, got ${JSON.stringify(s)}` });
      return -1;
    }
    return Number(s);
  };
  const z = int('z');
  const x = int('x');
  const y = int('y');
  if (z > TILE_MAX_ZOOM) problems.push({ field: 'z', problem: `must be at most ${TILE_MAX_ZOOM}` });
  else if (z >= 0) {
    const n = 2 ** z;
    if (x >= n) problems.push({ field: 'x', problem: `must be below ${n} at zoom ${z}` });
    if (y >= n) problems.push({ field: 'y', problem: `must be below ${n} at zoom ${z}` });
  }
  if (problems.length) throw ApiError.invalid(problems);
  return { z, x, y };
}

export function tileLayer(id: string): TileLayer {
  const layer = TILE_LAYER_BY_ID.get(id);
  if (!layer) throw ApiError.notFound(`tile layer "${id}"`);
  return layer;
}

@Injectable()
export class TilesService {
  private boundsCache = new Map<string, { version: string; bounds: number[] }>();

  readonly cache: TileCache;
  /** Every layer's data version, read once for all the tile requests of a moment. */
  private readonly versions: Coalesced<{ today: string; byLayer: Map<string, string> }>;
  /** Tiles being rendered now: concurrent requests for one tile wait for the same rendering. */
  private readonly rendering = new Map<string, Promise<{ version: string; body: Buffer }>>();

  constructor(
    private readonly repo: TilesRepository,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.cache = new TileCache(config.tiles.cacheBytes);
    this.versions = new Coalesced(async () => {
      const rows = await this.repo.versions();
      return { today: rows[0]?.today ?? '', byLayer: new Map(rows.map((r) => [r.layer, r.version])) };
    });
  }

  /**
   * The layer's current data version and, unless the client already holds that version, the tile: from the
   * cache when it was rendered at this version, else rendered (the function name comes from the static layer
   * list, never from the request) together with the version it was rendered at, in one snapshot.
   */
  async tile(layer: TileLayer, a: TileAddress, ifNoneMatchVersion: string | null): Promise<TileResult> {
    const { today, byLayer } = await this.versions.get();
    const version = byLayer.get(layer.id);
    if (version === undefined) throw ApiError.notFound(`tile layer "${layer.id}"`);
    if (ifNoneMatchVersion === version) return { kind: 'not-modified', version };
    // the day is in the key: overlays come into force and expire by date, with no write to bump the version
    const key = `${layer.id}/${a.z}/${a.x}/${a.y}@${today}`;
    const cached = this.cache.get(key, version);
    if (cached) return { kind: 'tile', version, body: cached, cache: 'hit' };
    const flight = `${key}@${version}`;
    let render = this.rendering.get(flight);
    if (!render) {
      render = this.repo
        .render(layer, a.z, a.x, a.y)
        .then((row) => {
          const r = { version: row.version, body: row.tile ?? Buffer.alloc(0) };
          this.cache.set(key, r.version, r.body);
          return r;
        })
        .finally(() => this.rendering.delete(flight));
      this.rendering.set(flight, render);
    }
    const r = await render;
    return { kind: 'tile', version: r.version, body: r.body, cache: 'miss' };
  }

  version(layer: TileLayer): Promise<string> {
    return this.repo.version(layer);
  }

  /** TileJSON 3.0.0 for one layer; bounds from the data, cached per data version. */
  async tileJson(layer: TileLayer, origin: string) {
    const version = await this.version(layer);
    let cached = this.boundsCache.get(layer.id);
    if (!cached || cached.version !== version) {
      const r = await this.repo.extent(layer);
      const bounds = r.x1 === null ? [-180, -85.0511, 180, 85.0511] : [r.x1, r.y1, r.x2, r.y2].map((n) => Math.round(n! * 1e6) / 1e6);
      cached = { version, bounds };
      this.boundsCache.set(layer.id, cached);
    }
    const b = cached.bounds;
    return {
      tilejson: '3.0.0',
      name: layer.id,
      description: layer.description,
      version: `1.0.${version}`,
      attribution: 'Cosite sample data: districts © DataV GeoAtlas; airports © OpenFlights (ODbL); inventory generated',
      scheme: 'xyz',
      tiles: [`${origin}/tiles/${layer.id}/{z}/{x}/{y}.mvt`],
      minzoom: layer.minzoom,
      maxzoom: layer.maxzoom,
      bounds: b,
      center: [Math.round(((b[0] + b[2]) / 2) * 1e6) / 1e6, Math.round(((b[1] + b[3]) / 2) * 1e6) / 1e6, Math.max(layer.minzoom, 11)],
      vector_layers: layer.vectorLayers.map((v) => ({ id: v.id, fields: v.fields, minzoom: v.minzoom, maxzoom: layer.maxzoom })),
    };
  }
}
