import type { Feature, FeatureCollection } from 'geojson';
import type { Plan, PlanInputRaw, PlanKpi, PlanOption, PlanSettings, Technology } from '@cosite/contracts';
import { type LonLat, sketchFeatures, sketchGeometry } from '../map/draw';

/** The rollout plan tool: the form as the planner fills it, the plan being computed or read, and the map's toggle. */
export interface RolloutTool {
  form: RolloutForm;
  plan: Plan | null;
  /** The plan's newly covered hexagons (GET /plans/{id}/cells), once read. */
  cells: FeatureCollection | null;
  /** After: the plan's newly covered cells drawn over today's coverage; before: today's alone. */
  showAfter: boolean;
  /** What "turn into analyses" made. */
  work: { order: number; analysisId: string; decision: string; applicationId: string | null }[] | null;
  /** The area as districts, or as a polygon drawn on the map (its vertices; finished once closed). */
  areaMode: 'districts' | 'drawn';
  vertices: LonLat[];
  finished: boolean;
  /** Unused (the drawing helpers clear it on every vertex). */
  check: null;
}

export interface RolloutForm {
  districtIds: number[];
  operator: string;
  technology: Technology;
  bandMHz: number | null;
  objective: 'min_cost' | 'max_coverage';
  populationCoveragePct: number | null;
  keySitesPct: number | null;
  basePerTenK: number | null;
  budget: number | null;
  maxNewBuilds: number | null;
  costs: Partial<Record<'share' | 'upgrade' | 'smartPole' | 'newBuild' | 'camouflagePremium', number>>;
}

export const NEW_ROLLOUT: RolloutTool = {
  form: {
    districtIds: [],
    operator: 'china-mobile',
    technology: '5G',
    bandMHz: null,
    objective: 'min_cost',
    populationCoveragePct: 95,
    keySitesPct: null,
    basePerTenK: null,
    budget: null,
    maxNewBuilds: null,
    costs: {},
  },
  plan: null,
  cells: null,
  showAfter: true,
  work: null,
  areaMode: 'districts',
  vertices: [],
  finished: false,
  check: null,
};

/** The request the form makes: only what the planner gave (the API fills the defaults, and says which it used). */
export function planRequest(f: RolloutForm, settings: PlanSettings | null, drawn: LonLat[] | null = null): PlanInputRaw {
  const given = <T>(v: T | null) => (v === null || Number.isNaN(v) ? undefined : v);
  const costs = Object.fromEntries(Object.entries(f.costs).filter(([k, v]) => v !== undefined && !Number.isNaN(v) && v !== settings?.costs[k]?.value));
  return {
    area: drawn ? { polygon: sketchGeometry('polygon', drawn)! } : { districtIds: f.districtIds },
    operator: f.operator,
    technology: f.technology,
    ...(given(f.bandMHz) === undefined ? {} : { bandMHz: f.bandMHz! }),
    objective: f.objective,
    targets: strip({ populationCoveragePct: given(f.populationCoveragePct), keySitesPct: given(f.keySitesPct), basePerTenK: given(f.basePerTenK) }),
    limits: strip({ budget: given(f.budget), maxNewBuilds: given(f.maxNewBuilds) }),
    ...(Object.keys(costs).length ? { costs } : {}),
  };
}

const strip = <T extends Record<string, unknown>>(o: T): Partial<T> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

/** Colours per option: reuse in green and blue (existing structures), smart poles purple, new towers orange. */
export const OPTION_COLOURS: Record<PlanOption, string> = {
  share: '#1a9850',
  upgrade: '#2c7fb8',
  smart_pole: '#7b3294',
  new_build: '#e66101',
};

/** A KPI as a bar: before and after as shares of the scale, the target's mark, and whether it is met. */
export function kpiBar(k: PlanKpi): { before: number; after: number; target: number | null; scale: number; met: boolean | null } {
  // percentages on 0–100; base stations per 10,000 on a scale that holds the target and the figures with room
  const scale = k.target === 'basePerTenK' ? Math.max(k.after, k.required ?? 0, k.before, 1) * 1.15 : 100;
  const share = (x: number) => Math.max(0, Math.min(1, x / scale));
  return { before: share(k.before), after: share(k.after), target: k.required === null ? null : share(k.required), scale, met: k.met };
}

/** The map's features: the newly covered hexagons (when After is on) and the chosen sites numbered in build order. */
export function rolloutFeatures(t: RolloutTool | null): FeatureCollection {
  // the drawn area once closed, under the plan (terra-draw shows it while it is being drawn)
  const features: Feature[] = t?.areaMode === 'drawn' && t.finished ? sketchFeatures('polygon', t.vertices) : [];
  if (t?.showAfter) for (const c of t.cells?.features ?? []) features.push({ ...c, properties: { ...c.properties, role: 'cell' } });
  for (const s of t?.plan?.result?.sites ?? []) {
    features.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [s.location.lon, s.location.lat] },
      properties: { role: 'site', order: s.order, option: s.option, name: s.name ?? '', residents: s.residents, cost: s.cost },
    });
  }
  return { type: 'FeatureCollection', features };
}

/** The bounds of the plan's sites and cells, for fitting the map; null when there is nothing. */
export function rolloutBounds(t: RolloutTool): [[number, number], [number, number]] | null {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const s of t.plan?.result?.sites ?? []) {
    xs.push(s.location.lon);
    ys.push(s.location.lat);
  }
  for (const c of t.cells?.features ?? []) {
    if (c.geometry.type !== 'Polygon') continue;
    for (const [x, y] of c.geometry.coordinates[0]) {
      xs.push(x);
      ys.push(y);
    }
  }
  if (!xs.length) return null;
  return [
    [Math.min(...xs), Math.min(...ys)],
    [Math.max(...xs), Math.max(...ys)],
  ];
}
