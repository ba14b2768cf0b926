import { z } from 'zod';

/**
 * The vector tile layers Cosite serves at /tiles/{layer}/{z}/{x}/{y}.mvt, with the zooms they carry data at and
 * the fields of their vector layers: the one list the backend serves (each layer backed by one SQL function created
 * in a migration, migrations/*-VectorTiles.ts) and the map declares its sources from.
 */

/** The highest zoom a tile may be asked for. */
export const TILE_MAX_ZOOM = 22;
/** Tiles carry full detail up to here; the client overzooms beyond. */
export const TILE_DATA_MAX_ZOOM = 16;

export const TILE_LAYER_IDS = [
  'structures',
  'sectors',
  'routes',
  'overlays',
  'key-sites',
  'protection-zones',
  'observed-cells',
  'districts',
  'streets',
  'rivers',
] as const;
export type TileLayerId = (typeof TILE_LAYER_IDS)[number];
export const tileLayerId = z.enum(TILE_LAYER_IDS);

export type TileFieldType = 'Number' | 'String' | 'Boolean';

export interface TileLayerSpec {
  id: TileLayerId;
  description: string;
  /** Lowest zoom with data (the map source's minzoom). */
  minzoom: number;
  /** Highest zoom with full detail (the map source's maxzoom). */
  maxzoom: number;
  vectorLayers: { id: string; fields: Record<string, TileFieldType>; minzoom: number }[];
}

export const TILE_LAYERS: readonly TileLayerSpec[] = [
  {
    id: 'structures',
    minzoom: 8,
    maxzoom: TILE_DATA_MAX_ZOOM,
    description: 'Structures: towers, monopoles, rooftops, street poles, smart poles, indoor systems. Thinned below z13.',
    vectorLayers: [
      {
        id: 'structures',
        minzoom: 8,
        fields: {
          id: 'Number',
          code: 'String',
          name: 'String',
          kind: 'String',
          height_m: 'Number',
          owner: 'String',
          status: 'String',
          tenant_count: 'Number',
          slots_total: 'Number',
          free_slots: 'Number',
        },
      },
    ],
  },
  {
    id: 'sectors',
    minzoom: 14,
    maxzoom: TILE_DATA_MAX_ZOOM,
    description: 'Tenancies and their sectors: operator, technology, band, azimuth.',
    vectorLayers: [
      {
        id: 'sectors',
        minzoom: 14,
        fields: {
          id: 'Number',
          structure_id: 'Number',
          operator: 'String',
          technology: 'String',
          band_mhz: 'Number',
          azimuth: 'Number',
          sector_count: 'Number',
          antenna_height_m: 'Number',
          eirp_dbm: 'Number',
          status: 'String',
        },
      },
    ],
  },
  {
    id: 'routes',
    minzoom: 11,
    maxzoom: TILE_DATA_MAX_ZOOM,
    description: 'Ducts, pole lines and cables with capacity used and free.',
    vectorLayers: [
      {
        id: 'routes',
        minzoom: 11,
        fields: {
          id: 'Number',
          code: 'String',
          name: 'String',
          kind: 'String',
          owner: 'String',
          status: 'String',
          capacity_unit: 'String',
          capacity_total: 'Number',
          capacity_used: 'Number',
          capacity_free: 'Number',
          length_m: 'Number',
          tenant_count: 'Number',
        },
      },
    ],
  },
  {
    id: 'overlays',
    minzoom: 8,
    maxzoom: TILE_DATA_MAX_ZOOM,
    description: 'Zoning overlays of the planning bureau.',
    vectorLayers: [
      { id: 'overlays', minzoom: 8, fields: { id: 'Number', code: 'String', kind: 'String', name: 'String', name_en: 'String', authority: 'String' } },
    ],
  },
  {
    id: 'key-sites',
    minzoom: 8,
    maxzoom: TILE_DATA_MAX_ZOOM,
    description: 'Key sites whose coverage is tracked.',
    vectorLayers: [
      {
        id: 'key-sites',
        minzoom: 8,
        fields: { id: 'Number', code: 'String', category: 'String', name_zh: 'String', name_en: 'String', coordinate_quality: 'String' },
      },
    ],
  },
  {
    id: 'protection-zones',
    minzoom: 13,
    maxzoom: TILE_DATA_MAX_ZOOM,
    description: 'Facility-protection zones around towers, rooms, ducts, cables and lines, as wide as the rules say.',
    vectorLayers: [
      {
        id: 'protection-zones',
        minzoom: 13,
        fields: { facility_type: 'String', facility_id: 'Number', facility_kind: 'String', owner: 'String', width_m: 'Number' },
      },
    ],
  },
  {
    id: 'observed-cells',
    minzoom: 10,
    maxzoom: TILE_DATA_MAX_ZOOM,
    description: 'Cells observed in the field (OpenCelliD format): measured coverage, kept apart from predictions.',
    vectorLayers: [
      {
        id: 'observed-cells',
        minzoom: 10,
        fields: {
          id: 'Number',
          radio: 'String',
          mcc: 'Number',
          net: 'Number',
          area: 'Number',
          cell: 'Number',
          range_m: 'Number',
          samples: 'Number',
          average_signal: 'Number',
        },
      },
    ],
  },
  {
    id: 'districts',
    minzoom: 5,
    maxzoom: TILE_DATA_MAX_ZOOM,
    description: 'District boundaries and label points with census population.',
    vectorLayers: [
      { id: 'districts', minzoom: 5, fields: { id: 'Number', name_zh: 'String', name_en: 'String', population: 'Number', is_core: 'Boolean' } },
      { id: 'district-labels', minzoom: 5, fields: { id: 'Number', name_zh: 'String', name_en: 'String', population: 'Number', is_core: 'Boolean' } },
    ],
  },
  {
    id: 'streets',
    minzoom: 10,
    maxzoom: TILE_DATA_MAX_ZOOM,
    description: 'The generated street network of the sample city.',
    vectorLayers: [{ id: 'streets', minzoom: 10, fields: { id: 'Number', name_zh: 'String', name_en: 'String', class: 'String' } }],
  },
  {
    id: 'rivers',
    minzoom: 5,
    maxzoom: TILE_DATA_MAX_ZOOM,
    description: 'The Yangtze and the Jialing.',
    vectorLayers: [{ id: 'rivers', minzoom: 5, fields: { id: 'Number', code: 'String', name_zh: 'String', name_en: 'String' } }],
  },
];

export const TILE_LAYER_BY_ID: ReadonlyMap<string, TileLayerSpec> = new Map(TILE_LAYERS.map((l) => [l.id, l]));

/** The terrain hillshade's PNG tiles (/api/v1/terrain/hillshade/{z}/{x}/{y}.png) exist at these zooms. */
export const HILLSHADE_ZOOMS = { min: 8, max: 15 } as const;

/** A tile's address as the path gives it (/tiles/{layer}/{z}/{x}/{y}.mvt); checked as a whole by the tiles service. */
export const tileZoom = z
  .string()
  .regex(/^\d{1,8}$/)
  .meta({ description: `zoom, 0 to ${TILE_MAX_ZOOM}` });
export const tileColumn = z
  .string()
  .regex(/^\d{1,8}$/)
  .meta({ description: 'tile column, 0 to 2^z − 1' });
export const tileFile = z
  .string()
  .regex(/^\d{1,8}\.mvt$/)
  .meta({ description: '{y}.mvt, y the tile row 0 to 2^z − 1' });
export const tileJsonFile = z
  .string()
  .regex(/^[a-z-]+\.json$/)
  .meta({ description: `{layer}.json, layer one of ${TILE_LAYER_IDS.join(', ')}` });

/** TileJSON 3.0.0 for one layer (https://github.com/mapbox/tilejson-spec). */
export const tileJson = z.object({
  tilejson: z.literal('3.0.0'),
  name: z.enum(TILE_LAYER_IDS),
  description: z.string(),
  version: z.string(),
  attribution: z.string(),
  scheme: z.literal('xyz'),
  tiles: z.array(z.string()),
  minzoom: z.number().int(),
  maxzoom: z.number().int(),
  bounds: z.array(z.number()).length(4),
  center: z.array(z.number()).length(3),
  vector_layers: z.array(
    z.object({ id: z.string(), fields: z.record(z.string(), z.enum(['Number', 'String', 'Boolean'])), minzoom: z.number().int(), maxzoom: z.number().int() }),
  ),
});
export type TileJson = z.infer<typeof tileJson>;
