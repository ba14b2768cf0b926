import type { Map as MapLibreMap } from 'maplibre-gl';
import { type AppState, openTool, type Store, type Tool, TOOLS } from './state';
import { NEW_PLAN } from './ui/planner-panel';
import { NEW_WORKS } from './works/works';
import { NEW_ZONING_EDIT } from './zoning/zoning-edit';
import { NEW_ROUTE_CHECK } from './sharing/route-check';
import { NEW_POLES } from './sharing/poles';
import { NEW_KPI } from './sharing/kpi';
import { NEW_APPLICATIONS } from './applications/model';
import { NEW_PROFILE } from './profile/link-profile';
import { NEW_UPLOADS } from './uploads/uploads';
import { NEW_ROLLOUT } from './plans/rollout';

/**
 * What of the app's state the address keeps, in its query (`?panel=plan&structure=12&analysis=<id>`); the map's
 * own `#zoom/lat/lon` stays in the hash, kept by MapLibre with replaceState, so map moves add no history entries.
 */
export interface UrlView {
  panel: Tool | null;
  selection: AppState['selection'];
  analysis: string | null;
}

/** A tool as it opens from its header button (or from an address naming it). */
export const FRESH: Record<Tool, AppState[Tool]> = {
  plan: NEW_PLAN,
  works: NEW_WORKS,
  zoning: NEW_ZONING_EDIT,
  routes: NEW_ROUTE_CHECK,
  poles: NEW_POLES,
  kpi: NEW_KPI,
  applications: NEW_APPLICATIONS,
  profile: NEW_PROFILE,
  uploads: NEW_UPLOADS,
  rollout: NEW_ROLLOUT,
};
const CLOSED = Object.fromEntries(TOOLS.map((x) => [x, null])) as Record<Tool, null>;

export function viewOfState(s: AppState): UrlView {
  return { panel: openTool(s), selection: s.selection, analysis: s.plan?.analysis?.id ?? null };
}

/** The query string of a view ('' for the bare map), in a fixed order so equal views give equal addresses. */
export function searchOf(v: UrlView): string {
  const q = new URLSearchParams();
  if (v.panel) q.set('panel', v.panel);
  if (v.selection) q.set(v.selection.layer === 'structures' ? 'structure' : 'route', String(v.selection.id));
  if (v.analysis) q.set('analysis', v.analysis);
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** The view an address asks for; what it cannot read is left out. An analysis opens in the planner. */
export function viewOfSearch(search: string): UrlView {
  const q = new URLSearchParams(search);
  const id = (name: string) => {
    const n = Number(q.get(name));
    return Number.isInteger(n) && n > 0 ? n : null;
  };
  const structure = id('structure');
  const route = id('route');
  const analysis = /^[0-9a-f-]{36}$/i.test(q.get('analysis') ?? '') ? q.get('analysis') : null;
  const panel = analysis ? 'plan' : (TOOLS as readonly string[]).includes(q.get('panel') ?? '') ? (q.get('panel') as Tool) : null;
  return {
    panel,
    selection: structure ? { layer: 'structures', id: structure } : route ? { layer: 'routes', id: route } : null,
    analysis,
  };
}

/**
 * Keeps the address and the state in step: a change of panel, selection or analysis pushes a history entry, so
 * Back and Forward move through them (popstate restores the view), and an address opens the same view.
 * `openAnalysis` fetches an analysis into the planner (see planner/open-analysis.ts).
 */
export function attachUrlState(store: Store, map: MapLibreMap, openAnalysis: (store: Store, map: MapLibreMap, id: string) => Promise<unknown>): void {
  /** While the address is being applied to the state, the state's changes are not written back as new entries. */
  let applying = 0;
  const write = (push: boolean) => {
    const search = searchOf(viewOfState(store.get()));
    if (search === window.location.search) return;
    const url = `${window.location.pathname}${search}${window.location.hash}`;
    if (push) window.history.pushState(window.history.state, '', url);
    else window.history.replaceState(window.history.state, '', url);
  };

  const apply = async (v: UrlView) => {
    applying++;
    try {
      const s = store.get();
      const change: Partial<AppState> = {};
      if (openTool(s) !== v.panel) Object.assign(change, CLOSED, v.panel ? { [v.panel]: FRESH[v.panel] } : {});
      if (s.selection?.layer !== v.selection?.layer || s.selection?.id !== v.selection?.id) change.selection = v.selection;
      // back from an analysed plan to the plan before it: the pin stays, the answer goes
      const plan = 'plan' in change ? change.plan : s.plan;
      if (plan?.analysis && !v.analysis) change.plan = { ...plan, analysis: null };
      if (Object.keys(change).length) store.update(change);
      if (v.analysis && store.get().plan?.analysis?.id !== v.analysis) await openAnalysis(store, map, v.analysis);
    } finally {
      applying--;
    }
    // an analysis that could not be opened, or an address with parts unknown, is written as what is shown
    write(false);
  };

  store.subscribe((s, prev) => {
    if (applying) return;
    const [a, b] = [viewOfState(s), viewOfState(prev)];
    if (searchOf(a) !== searchOf(b)) write(true);
  });
  window.addEventListener('popstate', () => void apply(viewOfSearch(window.location.search)));
  void apply(viewOfSearch(window.location.search));
}
