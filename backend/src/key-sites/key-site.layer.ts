import { z } from 'zod';
import { COORDINATE_QUALITIES, KEY_SITE_CATEGORIES } from '@cosite/contracts';
import { LayerSpec } from '../common/layer-spec';
import { oneOf } from '@cosite/contracts';
import { ROW_SOURCES } from '../inventory/structure.layer';

export const keySiteProperties = z.object({
  code: z.string().trim().min(1).max(64).nullish(),
  category: oneOf(KEY_SITE_CATEGORIES),
  nameZh: z.string({ error: 'is required' }).trim().min(1, 'must not be empty').max(200),
  nameEn: z.string().max(200).nullish(),
  coordinateQuality: oneOf(COORDINATE_QUALITIES).default('surveyed'),
  source: z.enum(ROW_SOURCES).default('api'),
});

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
  filters: [
    { param: 'category', column: 'category', values: KEY_SITE_CATEGORIES },
    { param: 'code', column: 'code' },
  ],
};
