import { z } from 'zod';
import { OVERLAY_KINDS } from '@cosite/contracts';
import { LayerSpec } from '../common/layer-spec';
import { isoDate, oneOf } from '@cosite/contracts';
import { ROW_SOURCES } from '../inventory/structure.layer';

export const overlayProperties = z
  .object({
    code: z.string().trim().min(1).max(64).nullish(),
    kind: oneOf(OVERLAY_KINDS),
    name: z.string({ error: 'is required' }).trim().min(1, 'must not be empty').max(200),
    nameEn: z.string().max(200).nullish(),
    authority: z.string({ error: 'is required (the body that designated the area)' }).trim().min(1).max(200),
    validFrom: isoDate.nullish(),
    validTo: isoDate.nullish(),
    // the clearance height of an airport clearance area (the rule's default when not given)
    heightLimitM: z.number().gt(0, 'must be more than 0 m').max(10_000).nullish(),
    source: z.enum(ROW_SOURCES).default('api'),
  })
  .superRefine((p, ctx) => {
    if (p.validFrom && p.validTo && p.validTo < p.validFrom) ctx.addIssue({ code: 'custom', path: ['validTo'], message: 'is before validFrom' });
  });

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
  properties: overlayProperties as unknown as LayerSpec['properties'],
  filters: [
    { param: 'kind', column: 'kind', values: OVERLAY_KINDS },
    { param: 'code', column: 'code' },
  ],
  constraintFields: { overlay_validity_ordered: 'properties.validTo' },
};
