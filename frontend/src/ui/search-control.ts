import type { IControl, Map as MapLibreMap } from 'maplibre-gl';
import { type Store } from '../state';
import { type Place, searchPlaces, type SearchResult } from '../search';
import { api, dataOf } from '../api/client';
import { t } from '../i18n';

/** Search box: coordinates in either order, or names of key sites and districts; flies the map there. */
export class SearchControl implements IControl {
  private el = document.createElement('div');
  private places: Promise<Place[]>;
  private map?: MapLibreMap;

  constructor(private readonly store: Store) {
    this.places = loadPlaces();
    store.subscribe((s, prev) => {
      if (s.lang !== prev.lang) this.render();
    });
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

  /** Runs a search and moves the map; also the test hook's entry point. */
  async search(text: string): Promise<SearchResult> {
    const r = searchPlaces(text, await this.places);
    const msg = this.el.querySelector<HTMLElement>('.message')!;
    const lang = this.store.get().lang;
    msg.textContent = '';
    if (r.kind === 'none') msg.textContent = t(lang, 'searchNoMatch');
    else if (r.kind === 'coordinates') {
      if (r.ambiguous) msg.textContent = t(lang, 'searchAmbiguous');
      this.map!.flyTo({ center: [r.lon, r.lat], zoom: Math.max(this.map!.getZoom(), 16) });
    } else if (r.bbox) this.map!.fitBounds(r.bbox, { padding: 40 });
    else this.map!.flyTo({ center: [r.lon, r.lat], zoom: r.zoom });
    return r;
  }

  private render(): void {
    const lang = this.store.get().lang;
    const value = this.el.querySelector('input')?.value ?? '';
    this.el.innerHTML = `<form><input type="search" name="q" autocomplete="off" placeholder="${t(lang, 'search')}" aria-label="${t(lang, 'search')}"/></form><div class="message" role="status"></div>`;
    const input = this.el.querySelector('input')!;
    input.value = value;
    this.el.querySelector('form')!.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.search(input.value);
    });
  }
}

async function loadPlaces(): Promise<Place[]> {
  const [sites, districts] = await Promise.all([
    dataOf(api.GET('/api/v1/key-sites', { params: { query: { limit: 1000 } } })),
    dataOf(api.GET('/api/v1/districts', { params: { query: { geometry: 'true' } } })),
  ]);
  const places: Place[] = [];
  for (const f of sites.features) {
    const [lon, lat] = pointOf(f.geometry);
    places.push({ nameZh: f.properties.nameZh, nameEn: f.properties.nameEn, lon, lat, zoom: 16 });
  }
  for (const f of districts.features) {
    if (!f.geometry) continue; // asked for with their boundaries, so each has one
    const bbox = bboxOf(f.geometry.coordinates);
    places.push({ nameZh: f.properties.nameZh, nameEn: f.properties.nameEn, lon: (bbox[0] + bbox[2]) / 2, lat: (bbox[1] + bbox[3]) / 2, zoom: 12, bbox });
  }
  return places;
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
