import ExcelJS from 'exceljs';
import type { PlanResult, PlanSite } from '@cosite/contracts';
import { toCsv } from '../common/csv';

/** One flat row per chosen site: what a planning office keeps in its spreadsheet. */
function rowOf(s: PlanSite) {
  return {
    order: s.order,
    option: s.option,
    structure_id: s.structureId,
    code: s.code,
    name: s.name,
    kind: s.kind,
    lon: s.location.lon,
    lat: s.location.lat,
    district_id: s.districtId,
    antenna_height_m: s.antennaHeightM,
    cost_yuan: s.cost,
    residents: s.residents,
    cells: s.cells,
    key_sites: s.keySites.map((k) => k.name).join('; '),
    conditions: s.conditions.map((c) => `${c.condition} (${c.overlay}; ${c.source})`).join('; '),
    reasons: s.reasons.join('; '),
    pole_ids: s.poleIds.join(' '),
    co_build_partners: s.coBuildPartners.map((p) => `${p.operator} ${p.distanceM} m`).join('; '),
  };
}
type SiteRow = ReturnType<typeof rowOf>;
const COLUMNS = Object.keys(
  rowOf({ location: {}, keySites: [], conditions: [], reasons: [], poleIds: [], coBuildPartners: [] } as unknown as PlanSite),
) as (keyof SiteRow)[];

/** The sites' columns, in the CSV's and the workbook's order. */
export const SITE_COLUMNS: readonly string[] = COLUMNS;

export function sitesCsv(r: PlanResult): string {
  return toCsv(COLUMNS, r.sites.map(rowOf));
}

/** The sites as features whose properties are the CSV's flat row: a KML or a Shapefile's dBASE holds no nested JSON. */
export function sitesFeatures(r: PlanResult) {
  return r.sites.map((s) => ({ geometry: { type: 'Point', coordinates: [s.location.lon, s.location.lat] }, properties: rowOf(s) }));
}

export function sitesGeoJson(r: PlanResult) {
  return {
    type: 'FeatureCollection' as const,
    features: r.sites.map((s) => ({
      type: 'Feature' as const,
      geometry: { type: 'Point' as const, coordinates: [s.location.lon, s.location.lat] },
      properties: s,
    })),
  };
}

/** A workbook: the sites in build order, the KPIs against the targets with the shortfalls, the totals and settings. */
export async function planWorkbook(planId: string, r: PlanResult): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Cosite';
  const sites = wb.addWorksheet('Sites', { views: [{ state: 'frozen', ySplit: 1 }] });
  sites.columns = COLUMNS.map((c) => ({ header: c, key: c, width: Math.max(10, c.length + 2) }));
  for (const s of r.sites) sites.addRow(rowOf(s));
  sites.getRow(1).font = { bold: true };
  const kpis = wb.addWorksheet('KPIs');
  kpis.columns = [
    { header: 'target', key: 'target', width: 24 },
    { header: 'before', key: 'before', width: 10 },
    { header: 'after', key: 'after', width: 10 },
    { header: 'required', key: 'required', width: 10 },
    { header: 'met', key: 'met', width: 8 },
    { header: 'short', key: 'short', width: 8 },
    { header: 'why short', key: 'why', width: 80 },
  ];
  for (const k of r.kpis) kpis.addRow({ ...k, why: r.shortfalls.find((s) => s.target === k.target)?.message ?? '' });
  kpis.getRow(1).font = { bold: true };
  const summary = wb.addWorksheet('Summary');
  summary.columns = [
    { header: 'item', key: 'item', width: 36 },
    { header: 'value', key: 'value', width: 16 },
    { header: 'note', key: 'note', width: 80 },
  ];
  const add = (item: string, value: string | number, note = '') => summary.addRow({ item, value, note });
  add('plan', planId);
  add('sites', r.totals.sites);
  add('total cost (yuan)', r.totals.cost);
  for (const [o, n] of Object.entries(r.totals.byOption)) add(`sites: ${o}`, n);
  add('shared sites (%)', r.totals.sharedPct, 'shares, upgrades and smart poles among the sites');
  add('residents newly covered', r.totals.residents);
  add('new builds with new builds only', r.newBuildOnly.newBuilds, 'towers a plan of new builds alone needs for the same targets');
  add('towers avoided', r.newBuildOnly.towersAvoided);
  add('land saved (m²)', r.newBuildOnly.landSavedM2, `${r.newBuildOnly.landPerAvoidedTowerM2} m² per tower avoided`);
  add('solver', r.solver.method, r.solver.optimal ? 'optimal' : `gap to the LP bound ${r.solver.gapPct} %`);
  for (const [k, v] of Object.entries(r.settings.costs)) add(`cost: ${k} (yuan)`, v.value, v.source);
  summary.getRow(1).font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
