import type { SourceSpecification } from 'maplibre-gl';

/** Every source of the map, declared once: Cosite's own vector tiles, nothing from outside. */
export const TILE_LAYERS = ['districts', 'rivers', 'streets', 'overlays', 'protection-zones', 'routes', 'structures', 'sectors', 'key-sites', 'observed-cells'] as const;
export type TileLayerId = (typeof TILE_LAYERS)[number];

const MIN_ZOOM: Record<TileLayerId, number> = { districts: 5, rivers: 5, streets: 10, overlays: 8, 'protection-zones': 13, routes: 11, structures: 8, sectors: 14, 'key-sites': 8, 'observed-cells': 10 };

/** Hillshade of the terrain (imported DEMs, else the modelled sample): PNG tiles from our API. */
export const HILLSHADE_SOURCE = 'hillshade';

/** Coverage hexes come by bbox from the API into this GeoJSON source (see map/coverage-source.ts). */
export const COVERAGE_SOURCE = 'coverage';

export function buildSources(origin: string): Record<string, SourceSpecification> {
  const tiles = Object.fromEntries(
    TILE_LAYERS.map((id) => [
      id,
      {
        type: 'vector',
        tiles: [`${origin}/tiles/${id}/{z}/{x}/{y}.mvt`],
        minzoom: MIN_ZOOM[id],
        maxzoom: 16,
        // Chongqing's central districts with a margin: no tile requests elsewhere.
        bounds: [105.2, 28.1, 110.3, 32.3],
      },
    ]),
  ) as Record<TileLayerId, SourceSpecification>;
  return {
    ...tiles,
    [HILLSHADE_SOURCE]: { type: 'raster', tiles: [`${origin}/api/v1/terrain/hillshade/{z}/{x}/{y}.png`], tileSize: 256, minzoom: 8, maxzoom: 15, bounds: [105.2, 28.1, 110.3, 32.3] },
    [COVERAGE_SOURCE]: { type: 'geojson', data: { type: 'FeatureCollection', features: [] } },
  };
}
