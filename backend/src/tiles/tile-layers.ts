/**
 * The vector tile layers Cosite serves, each backed by one SQL function created in a migration
 * (migrations/*-VectorTiles.ts). Field lists feed the TileJSON documents.
 */
export interface TileLayer {
  id: string;
  fn: string;
  description: string;
  minzoom: number;
  maxzoom: number;
  /** Source table(s) for the bounds in the TileJSON. */
  boundsTable: string;
  vectorLayers: { id: string; fields: Record<string, string>; minzoom: number }[];
}

export const TILE_MAX_ZOOM = 22;
/** Tiles carry full detail from here; the client overzooms beyond. */
export const DATA_MAX_ZOOM = 16;

export const TILE_LAYERS: TileLayer[] = [
  {
    id: 'structures', fn: 'tile_structures', boundsTable: 'structure', minzoom: 8, maxzoom: DATA_MAX_ZOOM,
    description: 'Structures: towers, monopoles, rooftops, street poles, smart poles, indoor systems. Thinned below z13.',
    vectorLayers: [{ id: 'structures', minzoom: 8, fields: { id: 'Number', code: 'String', name: 'String', kind: 'String', height_m: 'Number', owner: 'String', status: 'String', tenant_count: 'Number', slots_total: 'Number', free_slots: 'Number' } }],
  },
  {
    id: 'sectors', fn: 'tile_sectors', boundsTable: 'structure', minzoom: 14, maxzoom: DATA_MAX_ZOOM,
    description: 'Tenancies and their sectors: operator, technology, band, azimuth.',
    vectorLayers: [{ id: 'sectors', minzoom: 14, fields: { id: 'Number', structure_id: 'Number', operator: 'String', technology: 'String', band_mhz: 'Number', azimuth: 'Number', sector_count: 'Number', antenna_height_m: 'Number', eirp_dbm: 'Number', status: 'String' } }],
  },
  {
    id: 'routes', fn: 'tile_routes', boundsTable: 'route', minzoom: 11, maxzoom: DATA_MAX_ZOOM,
    description: 'Ducts, pole lines and cables with capacity used and free.',
    vectorLayers: [{ id: 'routes', minzoom: 11, fields: { id: 'Number', code: 'String', name: 'String', kind: 'String', owner: 'String', status: 'String', capacity_unit: 'String', capacity_total: 'Number', capacity_used: 'Number', capacity_free: 'Number', length_m: 'Number', tenant_count: 'Number' } }],
  },
  {
    id: 'overlays', fn: 'tile_overlays', boundsTable: 'overlay', minzoom: 8, maxzoom: DATA_MAX_ZOOM,
    description: 'Zoning overlays of the planning bureau.',
    vectorLayers: [{ id: 'overlays', minzoom: 8, fields: { id: 'Number', code: 'String', kind: 'String', name: 'String', name_en: 'String', authority: 'String' } }],
  },
  {
    id: 'key-sites', fn: 'tile_key_sites', boundsTable: 'key_site', minzoom: 8, maxzoom: DATA_MAX_ZOOM,
    description: 'Key sites whose coverage is tracked.',
    vectorLayers: [{ id: 'key-sites', minzoom: 8, fields: { id: 'Number', code: 'String', category: 'String', name_zh: 'String', name_en: 'String', coordinate_quality: 'String' } }],
  },
  {
    id: 'protection-zones', fn: 'tile_protection_zones', boundsTable: 'protection_zone', minzoom: 13, maxzoom: DATA_MAX_ZOOM,
    description: 'Facility-protection zones around towers, rooms, ducts, cables and lines, as wide as the rules say.',
    vectorLayers: [{ id: 'protection-zones', minzoom: 13, fields: { facility_type: 'String', facility_id: 'Number', facility_kind: 'String', owner: 'String', width_m: 'Number' } }],
  },
  {
    id: 'observed-cells', fn: 'tile_observed_cells', boundsTable: 'observed_cell', minzoom: 10, maxzoom: DATA_MAX_ZOOM,
    description: 'Cells observed in the field (OpenCelliD format): measured coverage, kept apart from predictions.',
    vectorLayers: [{ id: 'observed-cells', minzoom: 10, fields: { id: 'Number', radio: 'String', mcc: 'Number', net: 'Number', area: 'Number', cell: 'Number', range_m: 'Number', samples: 'Number', average_signal: 'Number' } }],
  },
  {
    id: 'districts', fn: 'tile_districts', boundsTable: 'district', minzoom: 5, maxzoom: DATA_MAX_ZOOM,
    description: 'District boundaries and label points with census population.',
    vectorLayers: [
      { id: 'districts', minzoom: 5, fields: { id: 'Number', name_zh: 'String', name_en: 'String', population: 'Number', is_core: 'Boolean' } },
      { id: 'district-labels', minzoom: 5, fields: { id: 'Number', name_zh: 'String', name_en: 'String', population: 'Number', is_core: 'Boolean' } },
    ],
  },
  {
    id: 'streets', fn: 'tile_streets', boundsTable: 'street', minzoom: 10, maxzoom: DATA_MAX_ZOOM,
    description: 'The generated street network of the sample city.',
    vectorLayers: [{ id: 'streets', minzoom: 10, fields: { id: 'Number', name_zh: 'String', name_en: 'String', class: 'String' } }],
  },
  {
    id: 'rivers', fn: 'tile_rivers', boundsTable: 'river', minzoom: 5, maxzoom: DATA_MAX_ZOOM,
    description: 'The Yangtze and the Jialing.',
    vectorLayers: [{ id: 'rivers', minzoom: 5, fields: { id: 'Number', code: 'String', name_zh: 'String', name_en: 'String' } }],
  },
];

export const TILE_LAYER_BY_ID = new Map(TILE_LAYERS.map((l) => [l.id, l]));
