import 'maplibre-gl/dist/maplibre-gl.css';
import './style.css';
import maplibregl, { LngLatBounds } from 'maplibre-gl';
import { type Lang, t } from './i18n';
import { buildStyle } from './map/style';
import { provideSectorImages } from './map/sector-icons';
import { escapeHtml } from './ui/format';
import { answeredAnalysis } from './planner/analysis';
import { api, failureText } from './api/client';
import {
  coBuildHtml,
  decisionHtml,
  demandHtml,
  feasibleCandidatesHtml,
  infeasibleAppendixHtml,
  newBuildHtml,
  sitingHtml,
  warningsHtml,
} from './planner/analysis-view';
import { planFeatures } from './planner/plan-features';

/**
 * The printable report of one analysis (`/report.html?analysis=<id>&lang=zh|en`): the demand, the decision, the
 * map of the ring with its candidates, warnings, siting & EMF, the new-build or co-build proposal, the feasible
 * candidates ranked, and an appendix of the infeasible ones with their reasons, compact.
 * "Print" gives paper or a PDF; `body[data-ready]` is set once the map has drawn (for tests and headless PDF).
 */
const params = new URLSearchParams(location.search);
const lang: Lang = params.get('lang') === 'en' ? 'en' : 'zh';
const root = document.getElementById('report')!;

async function main() {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  const { data, error, response } = await api.GET('/api/v1/colocation/analyses/{id}', { params: { path: { id: params.get('analysis') ?? '' } } });
  if (!data) {
    root.innerHTML = `<p class="errors">${escapeHtml(failureText(error, response))}</p>`;
    document.body.dataset.ready = 'error';
    return;
  }
  const a = answeredAnalysis(data);
  document.title = `${t(lang, 'reportTitle')} · ${a.id.slice(0, 8)}`;
  root.innerHTML = `<header><h1>${t(lang, 'reportTitle')}</h1>
      <p class="muted">Cosite · ${t(lang, 'generated')}: ${new Date(a.createdAt).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB')} · ${escapeHtml(a.id)}</p>
      <button type="button" class="no-print" id="print">${t(lang, 'print')}</button></header>
    <section><h2>${t(lang, 'demand')}</h2>${demandHtml(lang, a)}</section>
    <section><h2>${t(lang, 'decision')}</h2>${decisionHtml(lang, a)}${warningsHtml(lang, a)}</section>
    <div id="report-map"></div>
    ${sitingHtml(lang, a)}${newBuildHtml(lang, a)}${coBuildHtml(lang, a)}
    <section class="feasible"><h2>${t(lang, 'feasibleCandidates')} (${a.candidates.filter((c) => c.feasible).length} / ${a.candidates.length})</h2>${feasibleCandidatesHtml(lang, a)}</section>
    ${infeasibleAppendixHtml(lang, a)}`;
  document.getElementById('print')!.addEventListener('click', () => window.print());

  const plan = { pin: { lon: a.demand.lon, lat: a.demand.lat }, radiusM: a.demand.searchRadiusM, analysis: a };
  const bounds = new LngLatBounds();
  for (const f of planFeatures(plan).features) {
    const g = f.geometry;
    if (g.type === 'Point') bounds.extend(g.coordinates as [number, number]);
    if (g.type === 'Polygon') for (const c of g.coordinates[0]) bounds.extend(c as [number, number]);
  }
  const map = new maplibregl.Map({
    container: 'report-map',
    style: buildStyle({ origin: location.origin, lang, hidden: new Set(['coverage', 'observed']), plan }),
    bounds,
    fitBoundsOptions: { padding: 30 },
    interactive: false,
    attributionControl: false,
    // keep the drawn map in the canvas, so printing and PDF export include it
    canvasContextAttributes: { preserveDrawingBuffer: true },
  });
  provideSectorImages(map);
  map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');
  void map.once('idle', () => (document.body.dataset.ready = 'true'));
}

void main();
