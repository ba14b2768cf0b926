import maplibregl, { LngLatBounds } from 'maplibre-gl';
import type { ApplicationDetail } from '@cosite/contracts';
import type { Lang } from '../i18n';
import type { LayerGroup } from '../map/layers/common';
import { buildStyle } from '../map/style';
import { provideSectorImages } from '../map/sector-icons';
import { planFeatures } from '../planner/plan-features';
import { filedAnalysis } from './application-page';

/** What the mini-map leaves out: it shows where the site is among the structures and overlays, and draws quickly. */
const MINI_MAP_HIDDEN = new Set<LayerGroup>(['coverage', 'observed', 'terrain', 'protection', 'routes', 'sectors', 'keySites']);

/** The mini-map: the ring, the demand point, the candidates and the chosen one (or the new-build site), fitted. */
export function showMiniMap(container: HTMLElement, lang: Lang, d: ApplicationDetail): maplibregl.Map {
  const analysis = filedAnalysis(d);
  const plan = { pin: { lon: analysis.demand.lon, lat: analysis.demand.lat }, radiusM: analysis.demand.searchRadiusM, analysis };
  const bounds = new LngLatBounds();
  for (const f of planFeatures(plan).features) {
    const g = f.geometry;
    if (g.type === 'Point') bounds.extend(g.coordinates as [number, number]);
    if (g.type === 'Polygon') for (const c of g.coordinates[0]!) bounds.extend(c as [number, number]);
  }
  const map = new maplibregl.Map({
    container,
    style: buildStyle({ origin: location.origin, lang, hidden: MINI_MAP_HIDDEN, plan }),
    bounds,
    fitBoundsOptions: { padding: 20 },
    interactive: false,
    attributionControl: false,
  });
  provideSectorImages(map);
  return map;
}
