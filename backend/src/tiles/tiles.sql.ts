import { TILE_LAYERS } from './tile-layers';

/**
 * The tiles module's SQL, beside its repository (tiles.repository.ts) and used only there. A layer's function and
 * bounds table come from the static layer list (tile-layers.ts), never from a request.
 */

/** Every layer's data version, and today's date (overlays come into force and expire by date). */
export const LAYER_VERSIONS = `SELECT layer, version::text AS version, current_date::text AS today FROM tile_layer_version`;

export const LAYER_VERSION = `SELECT version::text AS version FROM tile_layer_version WHERE layer = $1::text`;

/** One tile of a layer ($1..$3: z, x, y; $4: the layer id) with the data version it was rendered at, in one snapshot. */
export function tileOf(fn: string): string {
  return `SELECT v.version::text AS version, ${fn}($1::int, $2::int, $3::int) AS tile FROM tile_layer_version v WHERE v.layer = $4::text`;
}

/** A layer's data extent, for its TileJSON bounds. */
export function extentOf(boundsTable: string): string {
  return `SELECT ST_XMin(e) AS x1, ST_YMin(e) AS y1, ST_XMax(e) AS x2, ST_YMax(e) AS y2 FROM (SELECT ST_Extent(geom) AS e FROM ${boundsTable}) q`;
}

/** What the builders make, for the SQL check (test/sql.int-spec.ts): every layer's statements. */
export const SQL_EXAMPLES = TILE_LAYERS.flatMap((l) => [tileOf(l.fn), extentOf(l.boundsTable)]);
