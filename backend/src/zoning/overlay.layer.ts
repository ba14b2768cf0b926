import { OVERLAY_KINDS, overlayFeatureProperties, overlayProperties } from '@cosite/contracts';
import type { LayerSpec } from '../layers/layer-spec';

/** Designated areas (scenic, heritage, flood, airport clearance…) the siting rules read (contracts: overlayProperties). */
export const OVERLAY_LAYER: LayerSpec = {
  name: 'overlays',
  label: 'overlay',
  table: 'overlay',
  geometry: { types: ['Polygon', 'MultiPolygon'], store: 'MultiPolygon' },
  columns: [
    { prop: 'code', column: 'code', pgType: 'text' },
    { prop: 'kind', column: 'kind', pgType: 'text' },
    { prop: 'name', column: 'name', pgType: 'text' },
    { prop: 'nameEn', column: 'name_en', pgType: 'text' },
    { prop: 'authority', column: 'authority', pgType: 'text' },
    { prop: 'validFrom', column: 'valid_from', pgType: 'date' },
    { prop: 'validTo', column: 'valid_to', pgType: 'date' },
    { prop: 'heightLimitM', column: 'height_limit_m', pgType: 'numeric' },
    { prop: 'source', column: 'source', pgType: 'text' },
  ],
  derived: [
    { prop: 'areaM2', sql: 'round(ST_Area(t.geom::geography)::numeric)' },
    { prop: 'version', sql: 't.version' },
    { prop: 'retiredAt', sql: 't.retired_at' },
  ],
  // an overlay is evidence for past decisions: DELETE retires it (its versions stay in overlay_version)
  retire: 'retired_at = now()',
  properties: overlayProperties,
  featureProperties: overlayFeatureProperties,
  filters: [
    { param: 'kind', column: 'kind', values: OVERLAY_KINDS },
    { param: 'code', column: 'code' },
  ],
  constraintFields: { overlay_validity_ordered: 'properties.validTo' },
};
