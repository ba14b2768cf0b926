import { KEY_SITE_CATEGORIES, keySiteFeatureProperties, keySiteProperties } from '@cosite/contracts';
import type { LayerSpec } from '../layers/layer-spec';

/** Hospitals, transport hubs, business districts… (contracts: keySiteProperties). */
export const KEY_SITE_LAYER: LayerSpec = {
  name: 'key-sites',
  label: 'key site',
  table: 'key_site',
  geometry: { types: ['Point', 'Polygon', 'MultiPolygon'], store: 'Geometry' },
  columns: [
    { prop: 'code', column: 'code', pgType: 'text' },
    { prop: 'category', column: 'category', pgType: 'text' },
    { prop: 'nameZh', column: 'name_zh', pgType: 'text' },
    { prop: 'nameEn', column: 'name_en', pgType: 'text' },
    { prop: 'coordinateQuality', column: 'coordinate_quality', pgType: 'text' },
    { prop: 'source', column: 'source', pgType: 'text' },
  ],
  properties: keySiteProperties,
  featureProperties: keySiteFeatureProperties,
  filters: [
    { param: 'category', column: 'category', values: KEY_SITE_CATEGORIES },
    { param: 'code', column: 'code' },
  ],
};
