import type { Map as MapLibreMap } from 'maplibre-gl';
import type { Store } from '../state';
import { api, dataOf } from '../api/client';
import { answeredAnalysis } from './analysis';

/**
 * Opens an earlier analysis in the planner (a deep link, Back/Forward): fetches it, sets the plan to its pin, ring
 * and answer, and centres the map on it. Resolves false when it cannot be read (gone, or another organisation's).
 */
export async function openAnalysis(store: Store, map: MapLibreMap, id: string): Promise<boolean> {
  const data = await dataOf(api.GET('/api/v1/colocation/analyses/{id}', { params: { path: { id } } })).catch(() => null);
  if (!data) return false;
  const a = answeredAnalysis(data);
  const closed = { works: null, zoning: null, routes: null, poles: null, kpi: null, applications: null, profile: null };
  store.update({ ...closed, plan: { pin: { lon: a.demand.lon, lat: a.demand.lat }, radiusM: a.demand.searchRadiusM, analysis: a } });
  map.jumpTo({ center: [a.demand.lon, a.demand.lat], zoom: Math.max(map.getZoom(), 15) });
  return true;
}
