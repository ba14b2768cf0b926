import type { KmlType } from '../exports/feature-writers';
import type { LayerSpec, PgType } from './layer-spec';

const KML_TYPE: Record<PgType, KmlType> = {
  text: 'string',
  integer: 'int',
  bigint: 'int',
  numeric: 'double',
  boolean: 'bool',
  date: 'string',
  jsonb: 'string',
};

/** A layer's export columns: id, its stored properties, then what Cosite derives (read-only; ignored on import). */
export function layerExportColumns(spec: LayerSpec): { columns: string[]; types: Record<string, KmlType> } {
  const types: Record<string, KmlType> = { id: 'int' };
  for (const c of spec.columns) types[c.prop] = KML_TYPE[c.pgType];
  const derived = [...(spec.derived ?? []), ...(spec.readExtra ?? [])].map((d) => d.prop);
  // derived figures are counts and ids, or measures in kilograms, metres and square metres
  for (const d of derived) types[d] = /(Count|Id|By)$|^slots|^version|^capacity/.test(d) ? 'int' : /(Kg|M|M2)$/.test(d) ? 'double' : 'string';
  return { columns: ['id', ...spec.columns.map((c) => c.prop), ...derived], types };
}
