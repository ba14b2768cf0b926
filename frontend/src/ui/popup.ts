import maplibregl, { type MapGeoJSONFeature, type Map as MapLibreMap } from 'maplibre-gl';
import { CLICKABLE_LAYERS } from '../map/layers';
import { openTool, type Store } from '../state';
import { t, term } from '../i18n';
import { escapeHtml, rows } from './format';

/** A click on the map opens a popup with the feature's attributes and, for structures and routes, a link to details. */
export function attachPopups(map: MapLibreMap, store: Store): void {
  // closed by hand, not on every map click: MapLibre's own close-on-click runs after this handler and would shut
  // the popup just opened for the next feature clicked while one is open
  const popup = new maplibregl.Popup({ closeButton: true, closeOnClick: false, maxWidth: '320px' });
  map.on('click', (e) => {
    if (openTool(store.get())) return void popup.remove(); // while a tool is open, a click is the tool's
    const layers = CLICKABLE_LAYERS.filter((l) => map.getLayer(l));
    const [f] = map.queryRenderedFeatures(e.point, { layers });
    if (!f) return void popup.remove();
    popup.setLngLat(e.lngLat).setHTML(popupHtml(f, store)).addTo(map);
    const link = popup.getElement()?.querySelector<HTMLAnchorElement>('a[data-details]');
    link?.addEventListener('click', (ev) => {
      ev.preventDefault();
      store.update({ selection: { layer: link.dataset.details as 'structures' | 'routes', id: Number(link.dataset.id) } });
    });
  });
  for (const l of ['key-site-circle', 'sector-load-wedge', 'sector-load-omni', 'structure-circle', 'route-line']) {
    map.on('mouseenter', l, () => (map.getCanvas().style.cursor = 'pointer'));
    map.on('mouseleave', l, () => (map.getCanvas().style.cursor = ''));
  }
}

function popupHtml(f: MapGeoJSONFeature, store: Store): string {
  const lang = store.get().lang;
  const p = f.properties as Record<string, unknown>;
  let title: unknown = (lang === 'en' ? (p.name_en ?? p.name_zh) : (p.name_zh ?? p.name_en)) ?? p.name ?? p.code;
  let body = '';
  let details = '';
  switch (f.layer.id) {
    case 'structure-circle':
      body = rows(lang, [
        ['kind', term(lang, p.kind)],
        ['height', `${p.height_m} ${t(lang, 'metres')}`],
        ['owner', term(lang, p.owner)],
        ['status', term(lang, p.status)],
        ['tenants', p.tenant_count],
        ['freeSlots', `${p.free_slots} / ${p.slots_total}`],
      ]);
      details = 'structures';
      break;
    case 'route-line':
      body = rows(lang, [
        ['kind', term(lang, p.kind)],
        ['owner', term(lang, p.owner)],
        ['capacity', `${p.capacity_used} ${t(lang, 'capacityUsed')} / ${p.capacity_free} ${t(lang, 'capacityFree')}`],
        ['length', `${p.length_m} ${t(lang, 'metres')}`],
      ]);
      details = 'routes';
      break;
    case 'overlay-fill':
      body = rows(lang, [
        ['kind', term(lang, p.kind)],
        ['authority', p.authority],
      ]);
      break;
    case 'key-site-circle':
      body = rows(lang, [['category', term(lang, p.category)]]);
      break;
    case 'coverage-fill': {
      const num = (v: unknown, unit: string) => (typeof v === 'number' ? `${v} ${unit}` : t(lang, 'notComputed'));
      title = t(lang, 'coverageCell');
      body = rows(lang, [
        ['technology', store.get().coverage.technology],
        ['operator', store.get().coverage.operator === 'any' ? t(lang, 'anyOperator') : term(lang, store.get().coverage.operator)],
        ['rsrp', `${p.rsrp} dBm (${term(lang, p.band)})`],
        ['sinr', num(p.sinr, 'dB')],
        ['throughput', num(p.throughputMbps, 'Mbit/s')],
      ]);
      break;
    }
    case 'sector-load-wedge':
    case 'sector-load-omni':
      title = `${t(lang, 'sectorLoadPopup')}: ${p.structureName ?? `#${p.structureId}`}`;
      body = rows(lang, [
        ['operator', term(lang, p.operator)],
        ['technology', p.technology],
        ['band', `${p.bandMhz} MHz`],
        ['sectorIndex', `${Number(p.sectorIndex) + 1} · ${typeof p.azimuth === 'number' ? `${p.azimuth}°` : t(lang, 'omni')}`],
        ['utilisation', `${Math.round(Number(p.utilisationPct) * 10) / 10} %`],
        ['residentsServed', Math.round(Number(p.residents)).toLocaleString()],
        ['demandMbps', `${Math.round(Number(p.demandMbps) * 10) / 10} Mbit/s`],
        ['overloaded', t(lang, p.overloaded === true || p.overloaded === 'true' ? 'yes' : 'no')],
      ]);
      break;
    case 'district-fill':
      body = rows(lang, [['population', typeof p.population === 'number' ? p.population.toLocaleString() : null]]);
      break;
  }
  const link = details ? `<p><a href="#" data-details="${details}" data-id="${escapeHtml(f.id)}">${escapeHtml(t(lang, 'details'))} →</a></p>` : '';
  return `<div class="cosite-popup" data-layer="${escapeHtml(f.layer.id)}"><h3>${escapeHtml(title)}</h3><table>${body}</table>${link}</div>`;
}
