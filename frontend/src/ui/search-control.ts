import maplibregl, { type IControl, type Map as MapLibreMap } from 'maplibre-gl';
import { type Store, TOOLS, type Tool } from '../state';
import { type Boundary, districtAt, type Place, searchPlaces, type SearchResult } from '../search';
import { api, dataOf } from '../api/client';
import { t } from '../i18n';
import { escapeHtml } from './format';
import { NEW_PLAN } from './planner-panel';

/** What a search answered: where, and in which district (null outside the municipality); kept for *Plan here*. */
export type SearchAnswer = SearchResult & { district?: string | null };

const CLOSED = Object.fromEntries(TOOLS.map((x) => [x, null])) as Record<Tool, null>;

/**
 * Search box: coordinates in either order, or names of key sites and districts. It answers at once from what it
 * loaded at start (no geocoder round trip): a marker at the place, its district, and *Plan here*; a point outside
 * the municipality is said to be so and the map stays where it is.
 */
export class SearchControl implements IControl {
  private el = document.createElement('div');
  /** The places and district boundaries, fetched when the box is first used, not with the app (they are ~160 kB). */
  private data?: Promise<{ places: Place[]; boundaries: Boundary[] }>;
  private map?: MapLibreMap;
  private marker?: maplibregl.Marker;
  private answer: { lon: number; lat: number; text: string; outside: boolean } | null = null;

  constructor(private readonly store: Store) {
    store.subscribe((s, prev) => {
      if (s.lang !== prev.lang) this.render();
    });
  }

  private loaded() {
    this.data ??= loadPlaces();
    return this.data;
  }

  onAdd(map: MapLibreMap): HTMLElement {
    this.map = map;
    this.el.className = 'maplibregl-ctrl cosite-search';
    this.render();
    return this.el;
  }

  onRemove(): void {
    this.el.remove();
  }

  /** Runs a search, drops the marker and moves the map; also the test hook's entry point. */
  async search(text: string): Promise<SearchAnswer> {
    const { places, boundaries } = await this.loaded();
    const r = searchPlaces(text, places);
    const lang = this.store.get().lang;
    const map = this.map!;
    this.clear();
    if (r.kind === 'none') {
      this.answer = { lon: 0, lat: 0, text: t(lang, 'searchNoMatch'), outside: true };
      this.renderAnswer();
      return r;
    }
    const d = districtAt(r.lon, r.lat, boundaries);
    const where = d ? (lang === 'zh' ? d.nameZh : (d.nameEn ?? d.nameZh)) : null;
    if (!d && r.kind === 'coordinates') {
      // far away (Beijing, Egypt, a swapped pair): say so, and do not fly there
      this.answer = { lon: r.lon, lat: r.lat, text: `${fmt(r.lat, r.lon)} ${t(lang, 'navOutsideMunicipality')}`, outside: true };
      this.renderAnswer();
      return { ...r, district: null };
    }
    const name = r.kind === 'place' ? r.name : fmt(r.lat, r.lon);
    const note = r.kind === 'coordinates' && r.ambiguous ? ` (${t(lang, 'searchAmbiguous')})` : '';
    this.answer = { lon: r.lon, lat: r.lat, text: `${name}${where && where !== name ? ` · ${where}` : ''}${note}`, outside: false };
    this.marker = new maplibregl.Marker({ color: '#d6336c', className: 'search-marker' }).setLngLat([r.lon, r.lat]).addTo(map);
    this.renderAnswer();
    // a short flight, or a jump when the way is long: the answer is on screen before the map has settled
    if (r.kind === 'place' && r.bbox) map.fitBounds(r.bbox, { padding: 40, duration: 600 });
    else map.flyTo({ center: [r.lon, r.lat], zoom: r.kind === 'place' ? r.zoom : Math.max(map.getZoom(), 16), speed: 2.5, maxDuration: 1200 });
    return { ...r, district: where };
  }

  /** Opens the planner with its demand point at the answer. */
  planHere(): void {
    if (!this.answer || this.answer.outside) return;
    const { lon, lat } = this.answer;
    this.store.update({ ...CLOSED, plan: { ...NEW_PLAN, pin: { lon, lat } } });
  }

  private clear(): void {
    this.marker?.remove();
    this.marker = undefined;
    this.answer = null;
  }

  private renderAnswer(): void {
    const lang = this.store.get().lang;
    const a = this.answer;
    const msg = this.el.querySelector<HTMLElement>('.message')!;
    msg.dataset.outside = String(a?.outside ?? false);
    msg.innerHTML = a
      ? `<span class="answer">${escapeHtml(a.text)}</span>${a.outside ? '' : ` <button type="button" data-action="plan-here">${t(lang, 'navPlanHere')}</button>`} <button type="button" class="clear" data-action="clear" title="${escapeHtml(t(lang, 'navClearSearch'))}" aria-label="${escapeHtml(t(lang, 'navClearSearch'))}">×</button>`
      : '';
  }

  private render(): void {
    const lang = this.store.get().lang;
    const value = this.el.querySelector('input')?.value ?? '';
    this.el.innerHTML = `<form role="search"><input type="search" name="q" autocomplete="off" placeholder="${t(lang, 'search')}" aria-label="${t(lang, 'search')}"/></form><div class="message" role="status"></div>`;
    const input = this.el.querySelector('input')!;
    input.value = value;
    this.el.querySelector('form')!.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.search(input.value);
    });
    // fetched while the user types, so the answer is still at once
    input.addEventListener('focus', () => void this.loaded());
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && !input.value) this.clearAll();
    });
    this.el.querySelector('.message')!.addEventListener('click', (e) => {
      const action = (e.target as HTMLElement).dataset.action;
      if (action === 'plan-here') this.planHere();
      else if (action === 'clear') this.clearAll();
    });
    this.renderAnswer();
  }

  private clearAll(): void {
    this.clear();
    this.renderAnswer();
  }
}

const fmt = (lat: number, lon: number) => `${lat.toFixed(5)}, ${lon.toFixed(5)}`;

async function loadPlaces(): Promise<{ places: Place[]; boundaries: Boundary[] }> {
  const [sites, districts] = await Promise.all([
    dataOf(api.GET('/api/v1/key-sites', { params: { query: { limit: 1000 } } })),
    dataOf(api.GET('/api/v1/districts', { params: { query: { geometry: 'true' } } })),
  ]);
  const places: Place[] = [];
  const boundaries: Boundary[] = [];
  for (const f of sites.features) {
    const [lon, lat] = pointOf(f.geometry);
    places.push({ nameZh: f.properties.nameZh, nameEn: f.properties.nameEn, lon, lat, zoom: 16 });
  }
  for (const f of districts.features) {
    if (!f.geometry) continue; // asked for with their boundaries, so each has one
    const bbox = bboxOf(f.geometry.coordinates);
    const { nameZh, nameEn } = f.properties;
    places.push({ nameZh, nameEn, lon: (bbox[0] + bbox[2]) / 2, lat: (bbox[1] + bbox[3]) / 2, zoom: 12, bbox });
    const g = f.geometry as { type: string; coordinates: unknown };
    const polygons = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as number[][][][];
    boundaries.push({ nameZh, nameEn, polygons, bbox });
  }
  return { places, boundaries };
}

function pointOf(g: { type: string; coordinates: unknown }): [number, number] {
  if (g.type === 'Point') return g.coordinates as [number, number];
  const b = bboxOf(g.coordinates);
  return [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2];
}

function bboxOf(coords: unknown): [number, number, number, number] {
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const walk = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      b[0] = Math.min(b[0], c[0] as number);
      b[1] = Math.min(b[1], c[1] as number);
      b[2] = Math.max(b[2], c[0] as number);
      b[3] = Math.max(b[3], c[1] as number);
    } else if (Array.isArray(c)) c.forEach(walk);
  };
  walk(coords);
  return b;
}
