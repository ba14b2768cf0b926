import type { ImportField, ImportInspection, ImportMapping, MappingUnit } from '@cosite/contracts';

/**
 * The mapping a user builds in the Import panel, from the file's detected columns: per Cosite field a source column,
 * a constant, a unit, and for an enum field what each of the column's values means. Pure, tested.
 */
export interface FieldDraft {
  from?: string;
  constant?: string;
  unit?: MappingUnit;
  /** Source value → Cosite value (an enum field's). */
  values?: Record<string, string>;
}

export interface MappingDraft {
  fields: Record<string, FieldDraft>;
  /** A table's point columns (CSV, xlsx); features carry their own geometry. */
  x?: string;
  y?: string;
}

const norm = (s: string) => s.toLowerCase().replace(/[\s_\-()（）]/g, '');

/** Column names a Chinese inventory or a foreign export often uses for a field. */
const SYNONYMS: Record<string, string[]> = {
  code: ['code', '编码', '站址编码', '站址编号', '编号', 'id', 'siteid'],
  name: ['name', '名称', '站址名称', '站名'],
  nameZh: ['namezh', '名称', '中文名', '道路名称', 'name'],
  kind: ['kind', 'type', '类型', '塔型', '铁塔类型', '站址类型'],
  ownerId: ['owner', 'ownerid', '产权单位', '产权方', '权属'],
  operatorId: ['operator', 'operatorid', '运营商'],
  heightM: ['height', 'heightm', '高度', '塔高', '塔高米'],
  slotsTotal: ['slots', 'slotstotal', '挂载空间', '平台数'],
  address: ['address', '地址', '详细地址'],
  class: ['class', 'highway', '道路等级'],
  authority: ['authority', '批准机关', '审批单位'],
};
const X_NAMES = ['lon', 'lng', 'longitude', 'x', '经度', 'easting', 'e'];
const Y_NAMES = ['lat', 'latitude', 'y', '纬度', 'northing', 'n'];

/** A first guess from the column names (Cosite's own, or the usual Chinese ones); the user corrects it. */
export function guessDraft(inspection: Pick<ImportInspection, 'columns' | 'hasGeometry'>, fields: ImportField[]): MappingDraft {
  const columns = inspection.columns.map((c) => c.name);
  const find = (names: string[]) => columns.find((c) => names.includes(norm(c)));
  const draft: MappingDraft = { fields: {} };
  for (const f of fields) {
    const from = find([norm(f.name), ...(SYNONYMS[f.name] ?? [])]);
    if (from) draft.fields[f.name] = { from };
  }
  if (!inspection.hasGeometry) {
    draft.x = find(X_NAMES);
    draft.y = find(Y_NAMES);
  }
  return draft;
}

/** The draft as the API's mapping: empty entries left out, constants typed by their field. */
export function draftToMapping(draft: MappingDraft, fields: ImportField[]): ImportMapping {
  const out: ImportMapping = { fields: {} };
  for (const f of fields) {
    const d = draft.fields[f.name];
    if (!d) continue;
    const entry: ImportMapping['fields'][string] = {};
    if (d.from) entry.from = d.from;
    const constant = d.constant?.trim();
    if (constant) entry.constant = f.kind === 'number' || f.kind === 'integer' ? Number(constant) : f.kind === 'boolean' ? constant === 'true' : constant;
    if (d.from && d.unit && d.unit !== 'm' && d.unit !== 'kg') entry.unit = d.unit;
    const values = Object.entries(d.values ?? {}).filter(([, v]) => v);
    if (d.from && values.length) entry.values = Object.fromEntries(values);
    if (entry.from !== undefined || entry.constant !== undefined) out.fields[f.name] = entry;
  }
  if (draft.x && draft.y) out.geometry = { x: draft.x, y: draft.y };
  return out;
}

/** The draft a saved mapping gives back, to edit it (templates and where-filters are kept by the profile, not shown). */
export function mappingToDraft(m: ImportMapping): MappingDraft {
  const draft: MappingDraft = { fields: {} };
  for (const [name, f] of Object.entries(m.fields)) {
    draft.fields[name] = {
      from: Array.isArray(f.from) ? f.from[0] : f.from,
      constant: f.constant === undefined || f.constant === null ? undefined : String(f.constant),
      unit: f.unit,
      values: f.values ? Object.fromEntries(Object.entries(f.values).map(([k, v]) => [k, String(v ?? '')])) : undefined,
    };
  }
  if (m.geometry && 'x' in m.geometry) [draft.x, draft.y] = [m.geometry.x, m.geometry.y];
  return draft;
}

/** Required fields the draft fills from nothing. */
export const missingRequired = (draft: MappingDraft, fields: ImportField[]): string[] =>
  fields.filter((f) => f.required && !draft.fields[f.name]?.from && !draft.fields[f.name]?.constant?.trim()).map((f) => f.name);

const csvCell = (v: unknown) => {
  const s = String(v ?? '');
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** Rejected rows as a CSV file (line, field, problem), UTF-8 with a BOM so Excel reads the Chinese. */
export function rejectsCsv(rejects: { line?: number; field: string; problem: string }[]): string {
  return '\uFEFF' + ['line,field,problem', ...rejects.map((r) => [r.line ?? '', r.field, r.problem].map(csvCell).join(','))].join('\r\n') + '\r\n';
}
