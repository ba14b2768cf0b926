import { z } from 'zod';
import { LayerSpec } from '../common/layer-spec';
import { oneOf } from '@cosite/contracts';

/** OpenCelliD radio names, and what Cosite calls the technology. */
export const OBSERVED_RADIOS = ['GSM', 'UMTS', 'CDMA', 'LTE', 'NR', 'NBIOT'] as const;
export const RADIO_TECHNOLOGY: Record<string, '4G' | '5G' | 'NB-IoT' | null> = { LTE: '4G', NR: '5G', NBIOT: 'NB-IoT', GSM: null, UMTS: null, CDMA: null };

/** Unix seconds, as OpenCelliD writes them (text in CSV, a number in JSON). */
const unixTime = z.coerce.number().int().min(0).transform((s) => new Date(s * 1000).toISOString());

/**
 * One row of an OpenCelliD export: radio,mcc,net,area,cell,unit,lon,lat,range,samples,changeable,created,updated,averageSignal.
 * Its code (radio-mcc-net-area-cell) makes re-imports idempotent.
 */
export const observedCellProperties = z
  .object({
    radio: oneOf(OBSERVED_RADIOS),
    mcc: z.number().int().min(0).max(999),
    net: z.number().int().min(0).max(999),
    area: z.number().int().min(0),
    cell: z.number().int().min(0),
    unit: z.number().int().nullish(),
    range: z.number().int().min(0).nullish(),
    samples: z.number().int().min(0).nullish(),
    changeable: z.union([z.boolean(), z.number().int().min(0).max(1).transform((n) => n === 1)]).nullish(),
    created: unixTime.nullish(),
    updated: unixTime.nullish(),
    averageSignal: z.number().int().min(-160).max(0).nullish(),
    source: z.enum(['api', 'import', 'sample']).default('import'),
  })
  .transform((p) => ({ ...p, code: `${p.radio}-${p.mcc}-${p.net}-${p.area}-${p.cell}` }));

export const OBSERVED_CELL_LAYER: LayerSpec = {
  name: 'observed-cells',
  label: 'observed cell',
  table: 'observed_cell',
  geometry: { types: ['Point'], store: 'Point' },
  columns: [
    { prop: 'code', column: 'code', pgType: 'text' },
    { prop: 'radio', column: 'radio', pgType: 'text' },
    { prop: 'mcc', column: 'mcc', pgType: 'integer' },
    { prop: 'net', column: 'net', pgType: 'integer' },
    { prop: 'area', column: 'area', pgType: 'integer' },
    { prop: 'cell', column: 'cell', pgType: 'bigint' },
    { prop: 'unit', column: 'unit', pgType: 'integer' },
    { prop: 'range', column: 'range_m', pgType: 'integer' },
    { prop: 'samples', column: 'samples', pgType: 'integer' },
    { prop: 'changeable', column: 'changeable', pgType: 'boolean' },
    { prop: 'created', column: 'created', pgType: 'text', writeExpr: 'r.created::timestamptz' },
    { prop: 'updated', column: 'updated', pgType: 'text', writeExpr: 'r.updated::timestamptz' },
    { prop: 'averageSignal', column: 'average_signal', pgType: 'integer' },
    { prop: 'source', column: 'source', pgType: 'text' },
  ],
  properties: observedCellProperties as unknown as LayerSpec['properties'],
  filters: [{ param: 'radio', column: 'radio', values: OBSERVED_RADIOS }],
};
