import type { Feature, FeatureCollection } from 'geojson';
import type {
  DemandBatch,
  ExportFormat,
  DemandBatchReject,
  DemandBatchResultsGeoJson,
  ImportBatchView,
  ImportDryRun,
  ImportInspection,
  ImportLayer,
  MappingProfile,
  ImportSourceFormat,
  Role,
} from '@cosite/contracts';
import { type Lang, type MessageKey, t, term, TERMS } from '../i18n';
import type { MappingDraft } from './mapping';

/**
 * Uploads on screen: a demand batch (the planner's CSV or GeoJSON of demands, analysed by the worker) and an import
 * of a zoning or inventory layer (GeoJSON, CSV, KML or a zipped Shapefile). The panel's state and its pure parts.
 */
export interface UploadsTool {
  /** The demand batch as last polled, with its file's name; its results once it is complete. */
  batch: DemandBatch | null;
  batchFile: string | null;
  results: DemandBatchResultsGeoJson | null;
  /** Why the batch's upload was refused as a whole (403, a file the API cannot read…), in the UI's words. */
  batchError: string | null;
  /** The import form: the layer, the file's format ('' = from the file's name) and coordinate system. */
  layer: ImportLayer | null;
  format: ImportSourceFormat | '';
  crs: string;
  repair: boolean;
  /** What the chosen file holds (sheets, columns, samples), read by the API when it is chosen. */
  inspection: ImportInspection | null;
  /** xlsx: the sheet to read ('' = the API's choice). */
  sheet: string;
  /** The mapping: '' (the columns are Cosite's fields), 'custom' (built here), a preset (preset:…) or a saved profile's id. */
  profile: string;
  /** The presets and the organisation's profiles for the layer. */
  profiles: MappingProfile[];
  /** The mapping being built (profile = 'custom'). */
  draft: MappingDraft | null;
  /** The last dry run. */
  dryRun: ImportDryRun | null;
  /** A saved profile's confirmation, or why it was not saved. */
  profileNote: string | null;
  /** The import as last polled, with its file's name. */
  imported: ImportBatchView | null;
  importFile: string | null;
  importError: string | null;
  /** Which upload is being sent (its button is busy meanwhile). */
  busy: 'batch' | 'import' | 'preview' | 'inspect' | 'profile' | null;
}

export const NEW_UPLOADS: UploadsTool = {
  batch: null,
  batchFile: null,
  results: null,
  batchError: null,
  layer: null,
  format: '',
  crs: 'wgs84',
  repair: false,
  inspection: null,
  sheet: '',
  profile: '',
  profiles: [],
  draft: null,
  dryRun: null,
  profileNote: null,
  imported: null,
  importFile: null,
  importError: null,
  busy: null,
};

// who may upload what: the API's permission table (backend/src/auth/permissions.ts), mirrored to show only what a user may do
const INVENTORY_LAYERS: ImportLayer[] = ['structures', 'tenancies', 'routes', 'observed-cells'];
const ZONING_LAYERS: ImportLayer[] = ['overlays', 'key-sites', 'streets'];

/** The layers a role may import: zoning for the planning bureau, the inventory for planners, both for administrators. */
export function importLayersFor(role: Role | undefined): ImportLayer[] {
  if (role === 'admin') return [...ZONING_LAYERS, ...INVENTORY_LAYERS];
  if (role === 'bureau') return ZONING_LAYERS;
  if (role === 'planner') return INVENTORY_LAYERS;
  return [];
}

/** Planners (and administrators) upload demand batches. */
export const mayUploadDemands = (role: Role | undefined): boolean => role === 'planner' || role === 'admin';

/** Whether a role has anything to upload (the header shows the button only then). */
export const mayUpload = (role: Role | undefined): boolean => mayUploadDemands(role) || importLayersFor(role).length > 0;

/** A file's format from its name: .kml, .zip (a zipped Shapefile), .xlsx, .csv, else GeoJSON. */
export function formatOfFile(name: string): ImportSourceFormat {
  const n = name.toLowerCase();
  if (n.endsWith('.kml')) return 'kml';
  if (n.endsWith('.zip')) return 'shapefile';
  if (n.endsWith('.xlsx')) return 'xlsx';
  if (n.endsWith('.csv') || n.endsWith('.txt')) return 'csv';
  return 'geojson';
}

/** The Content-Type an import is sent with, by its format. */
export const CONTENT_TYPES: Record<ImportSourceFormat, string> = {
  geojson: 'application/geo+json',
  csv: 'text/csv',
  kml: 'application/vnd.google-earth.kml+xml',
  shapefile: 'application/zip',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** A demand batch is CSV or GeoJSON: the Content-Type by the file's name. */
export const batchContentType = (name: string): string => (formatOfFile(name) === 'csv' ? 'text/csv' : 'application/geo+json');

/** A batch is over when it is completed or failed; until then the panel polls it. */
export const batchOver = (b: Pick<DemandBatch, 'status'>): boolean => b.status === 'completed' || b.status === 'failed';
export const importOver = (b: Pick<ImportBatchView, 'status'>): boolean => b.status === 'completed' || b.status === 'failed';

/** A batch's progress: lines done (analysed or rejected by the worker) of the lines that passed the upload checks. */
export function batchProgress(b: Pick<DemandBatch, 'valid' | 'analysed' | 'percent' | 'status'>): { done: number; total: number; percent: number } {
  const total = b.valid;
  const percent = b.status === 'completed' ? 100 : Math.max(0, Math.min(100, b.percent));
  return { done: b.status === 'completed' ? total : Math.min(total, Math.round((percent / 100) * total)), total, percent };
}

/**
 * An import's summary: rows loaded, rows already there (the same code already stored, left as it was) and rows
 * rejected; the API reports total, loaded and rejected, and every other row was already there.
 */
export function importSummary(v: Pick<ImportBatchView, 'rowsTotal' | 'rowsLoaded' | 'rowsRejected'>): {
  loaded: number;
  already: number;
  rejected: number;
  total: number;
} {
  const total = v.rowsTotal ?? 0;
  const loaded = v.rowsLoaded ?? 0;
  const rejected = v.rowsRejected ?? 0;
  return { loaded, already: Math.max(0, total - loaded - rejected), rejected, total };
}

/** Rejects in line order, each line once per field (the upload's and the worker's rejects of a batch together). */
export function sortedRejects<R extends Pick<DemandBatchReject, 'field' | 'problem'> & { line?: number }>(rejects: R[]): R[] {
  const seen = new Set<string>();
  return [...rejects]
    .sort((a, b) => (a.line ?? 0) - (b.line ?? 0))
    .filter((r) => {
      const k = `${r.line}|${r.field}|${r.problem}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
}

/**
 * The batch's map: each demand point coloured by its decision, and each co-build group as its shared site with a
 * line to every demand it serves (pure, tested).
 */
export function uploadsFeatures(tool: Pick<UploadsTool, 'results'> | null): FeatureCollection {
  const features: Feature[] = [];
  const fc = tool?.results;
  if (!fc) return { type: 'FeatureCollection', features };
  const groups = new Map<string, { at: [number, number]; operators: string; members: number }>();
  for (const f of fc.features) {
    const p = f.properties;
    const at = f.geometry.coordinates as [number, number];
    if (p.coBuildGroupId && p.coBuildLon !== null && p.coBuildLat !== null) {
      const site: [number, number] = [p.coBuildLon, p.coBuildLat];
      const g = groups.get(p.coBuildGroupId) ?? { at: site, operators: p.coBuildOperators ?? '', members: 0 };
      g.members++;
      groups.set(p.coBuildGroupId, g);
      features.push({ type: 'Feature', geometry: { type: 'LineString', coordinates: [at, site] }, properties: { role: 'link', group: p.coBuildGroupId } });
    }
  }
  for (const [id, g] of groups) {
    features.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: g.at },
      properties: { role: 'co_build', group: id, operators: g.operators, members: g.members },
    });
  }
  for (const f of fc.features) {
    const p = f.properties;
    features.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: f.geometry.coordinates },
      properties: { role: 'demand', line: p.line, decision: p.decision, operator: p.operator, group: p.coBuildGroupId },
    });
  }
  return { type: 'FeatureCollection', features };
}

/** The bounds of the batch's points and co-build sites, or null with none. */
export function batchBounds(fc: FeatureCollection): [[number, number], [number, number]] | null {
  const pts = fc.features.filter((f) => f.geometry.type === 'Point').map((f) => (f.geometry as { coordinates: number[] }).coordinates);
  if (!pts.length) return null;
  const xs = pts.map((c) => c[0]);
  const ys = pts.map((c) => c[1]);
  return [
    [Math.min(...xs), Math.min(...ys)],
    [Math.max(...xs), Math.max(...ys)],
  ];
}

/** The results' download links (the browser saves them with the session's cookie). */
export const resultsUrl = (batchId: string, format: ExportFormat): string =>
  `/api/v1/colocation/batches/${encodeURIComponent(batchId)}/results?format=${format}`;

/** The API's English problems with a line, read into the catalogue's words (the values kept); the pattern order matters. */
const PROBLEMS: [RegExp, MessageKey][] = [
  [/^must be more than ([\d,.]+) m$/, 'upPMoreThan'],
  [/^must be at most ([\d,.]+) m$/, 'upPAtMostM'],
  [/^must be between ([\d,.]+) and ([\d,.]+) MHz$/, 'upPBetweenMHz'],
  [/^must be between ([\d,.]+) and ([\d,.]+) m$/, 'upPBetweenM'],
  [/^is required/, 'upPRequired'],
  [/^must be a number$/, 'upPNumber'],
  [/^Invalid input: expected (\w+), received (\w+)$/, 'upPExpected'],
  [/^Too small: expected number to be >=?([\d.-]+)$/, 'upPTooSmall'],
  [/^Too big: expected number to be <=?([\d.-]+)$/, 'upPTooBig'],
  [/^latitude ([\d.-]+) is outside -90\.\.90; the axes look swapped/, 'upPSwapped'],
  [/^longitude ([\d.-]+) is outside -180\.\.180/, 'upPLonRange'],
  [/^latitude ([\d.-]+) is outside -90\.\.90$/, 'upPLatRange'],
  [/^must be one of (.+); got (.+)$/, 'upPOneOf'],
  [/^a planner of (\S+) cannot file demands for (\S+)$/, 'upPNotYourOperator'],
  [/^no operator "(.*)"$/, 'upPNoOperator'],
  [/Self-intersection/i, 'upPSelfIntersection'],
  [/already (exists|there)/i, 'upPAlreadyThere'],
  [/^not a KML document/, 'upPNotKml'],
];

/** Values quoted in a problem, in the UI's words where they are codes (operators, types). */
const value = (lang: Lang, v: string) => {
  const typed = TERMS[lang][`upType.${v}`];
  return typed ?? v.replace(/[^\s,;"]+/g, (w) => term(lang, w));
};

/** A problem of the API in the UI's language where the catalogue knows it; the API's words otherwise. */
export function problemText(lang: Lang, problem: string): string {
  if (lang === 'en') return problem;
  for (const [re, key] of PROBLEMS) {
    const m = re.exec(problem);
    if (m) return t(lang, key).replace(/\{(\d)\}/g, (_, k: string) => value(lang, m[Number(k) + 1] ?? ''));
  }
  return problem;
}

/** A field of a rejected line (location.lon, properties.kind…) in the UI's words. */
export function fieldText(lang: Lang, field: string): string {
  const exact = TERMS[lang][`upField.${field}`];
  if (exact) return exact;
  // a nested field (geometry.coordinates[0]) by its first known part
  const head = TERMS[lang][`upField.${field.split(/[.[]/)[0]}`];
  return head ?? field;
}
