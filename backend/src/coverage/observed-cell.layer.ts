import { OBSERVED_RADIOS, observedCellFeatureProperties, observedCellProperties } from '@cosite/contracts';
import type { LayerSpec } from '../layers/layer-spec';

/** What Cosite calls the technology of an OpenCelliD radio (contracts: OBSERVED_RADIOS, observedCellProperties). */
export const RADIO_TECHNOLOGY: Record<string, '4G' | '5G' | 'NB-IoT' | null> = { LTE: '4G', NR: '5G', NBIOT: 'NB-IoT', GSM: null, UMTS: null, CDMA: null };

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
  properties: observedCellProperties,
  featureProperties: observedCellFeatureProperties,
  filters: [{ param: 'radio', column: 'radio', values: OBSERVED_RADIOS }],
};
