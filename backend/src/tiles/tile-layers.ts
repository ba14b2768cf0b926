import { TILE_LAYERS as TILE_LAYER_SPECS, type TileLayerId, type TileLayerSpec } from '@cosite/contracts';

/**
 * The vector tile layers Cosite serves: the contract's list (ids, zooms, fields; @cosite/contracts tiles.ts), each
 * backed here by one SQL function created in a migration (migrations/*-VectorTiles.ts) and the table(s) its TileJSON
 * bounds come from.
 */
export interface TileLayer extends TileLayerSpec {
  fn: string;
  /** Source table(s) for the bounds in the TileJSON. */
  boundsTable: string;
}

const BACKING: Record<TileLayerId, { fn: string; boundsTable: string }> = {
  structures: { fn: 'tile_structures', boundsTable: 'structure' },
  sectors: { fn: 'tile_sectors', boundsTable: 'structure' },
  routes: { fn: 'tile_routes', boundsTable: 'route' },
  overlays: { fn: 'tile_overlays', boundsTable: 'overlay' },
  'key-sites': { fn: 'tile_key_sites', boundsTable: 'key_site' },
  'protection-zones': { fn: 'tile_protection_zones', boundsTable: 'protection_zone' },
  'observed-cells': { fn: 'tile_observed_cells', boundsTable: 'observed_cell' },
  districts: { fn: 'tile_districts', boundsTable: 'district' },
  streets: { fn: 'tile_streets', boundsTable: 'street' },
  rivers: { fn: 'tile_rivers', boundsTable: 'river' },
};

export const TILE_LAYERS: TileLayer[] = TILE_LAYER_SPECS.map((l) => ({ ...l, ...BACKING[l.id] }));

export const TILE_LAYER_BY_ID = new Map(TILE_LAYERS.map((l) => [l.id as string, l]));
