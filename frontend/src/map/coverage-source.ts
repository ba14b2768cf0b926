import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import type { Store } from '../state';
import { api } from '../api/client';
import { COVERAGE_SOURCE } from './sources';
import { withCoverageClasses } from './coverage-metric';

/** H3 resolution shown at a zoom: finer cells as the user zooms in (resolution 10 is the computation grid). */
export function coverageResolution(zoom: number): 7 | 8 | 9 | 10 {
  if (zoom >= 14) return 10;
  if (zoom >= 12.5) return 9;
  if (zoom >= 11) return 8;
  return 7;
}

/** Keeps the coverage source filled with the hexes in view, while the coverage layer is shown. */
export function attachCoverageSource(map: MapLibreMap, store: Store): void {
  let seq = 0;
  const refresh = async () => {
    const s = store.get();
    if (s.hidden.has('coverage')) return;
    const b = map.getBounds();
    const query = {
      bbox: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((v) => v.toFixed(5)).join(','),
      technology: s.coverage.technology,
      operator: s.coverage.operator,
      resolution: coverageResolution(map.getZoom()),
    };
    const mine = ++seq;
    const { data } = await api.GET('/api/v1/coverage/cells', { params: { query } });
    if (!data || mine !== seq) return;
    const features = data.features.map((f) => ({ ...f, properties: withCoverageClasses(f.properties) }));
    (map.getSource(COVERAGE_SOURCE) as GeoJSONSource | undefined)?.setData({ ...data, features } as never);
  };
  map.on('moveend', () => void refresh());
  map.on('load', () => void refresh());
  store.subscribe((s, prev) => {
    // the metric only repaints the hexes the source holds (each carries every metric)
    const choice = s.coverage.technology !== prev.coverage.technology || s.coverage.operator !== prev.coverage.operator;
    if (choice || (prev.hidden.has('coverage') && !s.hidden.has('coverage'))) void refresh();
  });
}
