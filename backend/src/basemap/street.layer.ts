import { STREET_CLASSES, streetFeatureProperties, streetProperties } from '@cosite/contracts';
import type { LayerSpec } from '../layers/layer-spec';

/**
 * The basemap's streets (contracts: streetProperties): the sample city's come with set-up, any other city's from an
 * import (OpenStreetMap highways, a planning office's centre lines). Multi-pole integration walks poles along them.
 * The district is found by the table's trigger from the street itself.
 */
export const STREET_LAYER: LayerSpec = {
  name: 'streets',
  label: 'street',
  table: 'street',
  geometry: { types: ['LineString'], store: 'LineString' },
  columns: [
    { prop: 'code', column: 'code', pgType: 'text' },
    { prop: 'nameZh', column: 'name_zh', pgType: 'text' },
    { prop: 'nameEn', column: 'name_en', pgType: 'text' },
    { prop: 'class', column: 'class', pgType: 'text' },
    { prop: 'source', column: 'source', pgType: 'text' },
  ],
  derived: [{ prop: 'districtId', sql: 't.district_id' }],
  properties: streetProperties,
  featureProperties: streetFeatureProperties,
  filters: [
    { param: 'class', column: 'class', values: STREET_CLASSES },
    { param: 'code', column: 'code' },
  ],
};
