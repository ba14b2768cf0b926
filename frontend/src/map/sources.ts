import type { SourceSpecification, StyleSpecification } from 'maplibre-gl';
import { HILLSHADE_ZOOMS, TILE_LAYERS, type TileLayerId } from '@cosite/contracts';
import { SECTOR_LOAD_SOURCE } from './sector-load';

/** Hillshade of the terrain (imported DEMs, else the modelled sample): PNG tiles from our API. */
export const HILLSHADE_SOURCE = 'hillshade';

/** Coverage hexes come by bbox from the API into this GeoJSON source (see map/coverage-source.ts). */
export const COVERAGE_SOURCE = 'coverage';

/**
 * Every source of the map, declared once: Cosite's own vector tiles (the layers and zooms the API serves, from the
 * contract), nothing from outside.
 */
export function buildSources(origin: string): Record<string, SourceSpecification> {
  const tiles = Object.fromEntries(
    TILE_LAYERS.map(({ id, minzoom, maxzoom }) => [
      id,
      {
        type: 'vector',
        tiles: [`${origin}/tiles/${id}/{z}/{x}/{y}.mvt`],
        minzoom,
        maxzoom,
        // Chongqing's central districts with a margin: no tile requests elsewhere.
        bounds: [105.2, 28.1, 110.3, 32.3],
      },
    ]),
  ) as Record<TileLayerId, SourceSpecification>;
  return {
    ...tiles,
    [HILLSHADE_SOURCE]: {
      type: 'raster',
      tiles: [`${origin}/api/v1/terrain/hillshade/{z}/{x}/{y}.png`],
      tileSize: 256,
      minzoom: HILLSHADE_ZOOMS.min,
      maxzoom: HILLSHADE_ZOOMS.max,
      bounds: [105.2, 28.1, 110.3, 32.3],
    },
    [COVERAGE_SOURCE]: { type: 'geojson', data: { type: 'FeatureCollection', features: [] } },
    [SECTOR_LOAD_SOURCE]: { type: 'geojson', data: { type: 'FeatureCollection', features: [] } },
  };
}

/** Sources the app fills by bbox with setData (not declared in the style): coverage hexes and sector load. */
export const FED_SOURCES = [COVERAGE_SOURCE, SECTOR_LOAD_SOURCE];

/**
 * For `setStyle(…, { diff: true, transformStyle })`: MapLibre diffs against the style as it is now, fed data included,
 * so a rebuilt style with these sources empty would wipe the hexes and sectors in view on every change of layers,
 * language or metric. They keep their data instead; their own modules refill them when the view or choice changes (pure).
 */
export function keepFedSources(previous: StyleSpecification | undefined, next: StyleSpecification): StyleSpecification {
  const kept = FED_SOURCES.filter((id) => previous?.sources[id] && next.sources[id]).map((id) => [id, previous!.sources[id]]);
  return kept.length ? { ...next, sources: { ...next.sources, ...Object.fromEntries(kept) } } : next;
}
