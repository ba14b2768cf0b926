import type { Map as MapLibreMap } from 'maplibre-gl';
import { type AppState, type Store, TOOLS, type Tool } from '../state';
import type { FieldProblem } from '@cosite/contracts';
import { api, failureProblems } from '../api/client';
import { type Analysis, answeredAnalysis } from './analysis';
import { ringBounds } from './analysis-notes';

/**
 * Frames an analysis's ring: the whole ring in view with a margin, clear of whatever lies over the map (the planner
 * panel where it floats over the map on a narrow screen, the layer and coverage controls at the top right).
 */
export function fitRing(map: MapLibreMap, a: Pick<Analysis, 'demand'>, opts: { animate?: boolean } = {}): void {
  const box = map.getContainer().getBoundingClientRect();
  const margin = 40;
  const overlapLeft = (el: Element | null) => {
    const r = el instanceof HTMLElement && !el.hidden ? el.getBoundingClientRect() : null;
    return r && r.width && r.right > box.left && r.left <= box.left ? r.right - box.left : 0;
  };
  const topRight = map.getContainer().querySelector('.maplibregl-ctrl-top-right')?.getBoundingClientRect();
  const right = topRight && topRight.width < box.width / 2 ? topRight.width : 0;
  const padding = { top: margin, bottom: margin, left: margin + overlapLeft(document.getElementById('planner')), right: margin + right };
  // a map too small for the padding (a squeezed window) gets the ring without it rather than an error
  if (padding.left + padding.right >= box.width - 40 || padding.top + padding.bottom >= box.height - 40)
    Object.assign(padding, { left: 0, right: 0, top: 0, bottom: 0 });
  map.fitBounds(ringBounds(a.demand.lon, a.demand.lat, a.demand.searchRadiusM), { padding, maxZoom: 18, animate: opts.animate ?? true });
}

/** The planner's state for an analysis: its pin, its ring, the analysis itself. */
export const planOf = (a: Analysis): NonNullable<AppState['plan']> => ({
  pin: { lon: a.demand.lon, lat: a.demand.lat },
  radiusM: a.demand.searchRadiusM,
  analysis: a,
});

/**
 * Reopens an earlier analysis (from My analyses, or a link): fetches it, opens the planner on it (closing any other
 * tool), and fits the map to its ring. Answers the analysis, or the API's problems (for
 * showFieldErrors) when it could not be opened: not found, or another operator's.
 */
export async function openAnalysis(store: Store, map: MapLibreMap, id: string): Promise<{ analysis: Analysis } | { problems: FieldProblem[] }> {
  const { data, error, response } = await api.GET('/api/v1/colocation/analyses/{id}', { params: { path: { id } } });
  if (!data) return { problems: failureProblems(error, response) };
  const analysis = answeredAnalysis(data);
  const closed = Object.fromEntries(TOOLS.filter((x) => x !== 'plan').map((x) => [x, null])) as Record<Exclude<Tool, 'plan'>, null>;
  store.update({ ...closed, plan: planOf(analysis) });
  fitRing(map, analysis);
  return { analysis };
}
