import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import type { FeatureCollection, Point } from 'geojson';
import { LOAD_TECHNOLOGIES, type SectorLoad, type SectorLoadReport } from '@cosite/contracts';
import type { MessageKey } from '../i18n';
import type { Store } from '../state';
import { THEME } from './theme';

/** Sectors with their busy-hour load come by bbox into this GeoJSON source (GET /api/v1/coverage/sectors/load). */
export const SECTOR_LOAD_SOURCE = 'sector-load';

/** Below this zoom a view holds too many sites to read a wedge each; the layer asks to zoom in. */
export const SECTOR_LOAD_MIN_ZOOM = 13;

/** Utilisation classes (per cent, lower bound inclusive): the planner's amber at 50 %, the overload default at 80 %. */
export const LOAD_STOPS = [50, 80, 100] as const;
export const LOAD_CLASSES = ['lt50', '50_80', '80_100', 'ge100'] as const;
export type LoadClass = (typeof LOAD_CLASSES)[number];

export function loadClass(utilisationPct: number): LoadClass {
  const i = LOAD_STOPS.findIndex((s) => utilisationPct < s);
  return LOAD_CLASSES[i === -1 ? LOAD_CLASSES.length - 1 : i];
}

/** The legend of the load layer, most loaded first; the overloaded outline is its own, non-filtering entry. */
export const SECTOR_LOAD_LEGEND: { value: LoadClass; colour: string; label: MessageKey }[] = [...LOAD_CLASSES]
  .reverse()
  .map((c) => ({ value: c, colour: THEME.sectorLoad[c], label: `load_${c}` as MessageKey }));

/** The wedge image of a class, outlined when the sector is overloaded (images are drawn on demand, see provideSectorLoadImages). */
export const loadImage = (c: LoadClass, overloaded: boolean) => `load-${c}${overloaded ? '-over' : ''}`;

/** The text label sits beyond the wedge's tip, along its azimuth (ems, y down); an omni sector's below its circle. */
function labelOffset(azimuthDeg: number | null): [number, number] {
  if (azimuthDeg === null) return [0, 1.4];
  const a = (azimuthDeg * Math.PI) / 180;
  const r = 2.6;
  return [Math.round(Math.sin(a) * r * 100) / 100, Math.round(-Math.cos(a) * r * 100) / 100];
}

/** The report's sectors as points at their site, with what the layer and the popup read (pure). */
export function sectorLoadFeatures(report: Pick<SectorLoadReport, 'sectors'> | null): FeatureCollection<Point> {
  return {
    type: 'FeatureCollection',
    features: (report?.sectors ?? []).map((s: SectorLoad) => {
      const c = loadClass(s.utilisationPct);
      return {
        type: 'Feature',
        id: s.tenancyId * 16 + s.sectorIndex,
        geometry: { type: 'Point', coordinates: [s.lon, s.lat] },
        properties: {
          tenancyId: s.tenancyId,
          sectorIndex: s.sectorIndex,
          structureId: s.structureId,
          structureName: s.structureName,
          operator: s.operator,
          technology: s.technology,
          bandMhz: s.bandMhz,
          // absent for an omni antenna: the wedge layer filters on it
          ...(s.azimuthDeg === null ? {} : { azimuth: s.azimuthDeg }),
          utilisationPct: s.utilisationPct,
          utilisationLabel: `${Math.round(s.utilisationPct)}%`,
          labelOffset: labelOffset(s.azimuthDeg),
          residents: s.residents,
          demandMbps: s.demandMbps,
          unservedMbps: s.unservedMbps,
          cells: s.cells,
          overloaded: s.overloaded,
          loadClass: c,
          image: loadImage(c, s.overloaded),
        },
      };
    }),
  };
}

/**
 * A 70° wedge pointing north from the image's centre (the layer rotates it to the sector's azimuth): filled with the
 * class colour, edged white so neighbouring wedges part, or with a thick black edge when overloaded.
 */
export function drawLoadWedge(colour: string, overloaded: boolean, size = 64): { width: number; height: number; data: Uint8Array } {
  const data = new Uint8Array(size * size * 4);
  const [r, g, b] = [1, 3, 5].map((k) => parseInt(colour.slice(k, k + 2), 16));
  const c = size / 2;
  const half = 35;
  const edge = overloaded ? 3.5 : 1.5;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const dx = x + 0.5 - c;
      const dy = c - (y + 0.5);
      const dist = Math.hypot(dx, dy);
      const angle = (Math.atan2(dx, dy) * 180) / Math.PI; // 0 = north, clockwise positive
      if (dist < 2 || dist > c - 1 || Math.abs(angle) > half) continue;
      // distance in pixels to the wedge's straight sides and to its arc
      const toSide = dist * Math.sin(((half - Math.abs(angle)) * Math.PI) / 180);
      const onEdge = Math.min(toSide, c - 1 - dist) < edge;
      const i = (y * size + x) * 4;
      const [pr, pg, pb] = onEdge ? (overloaded ? [0, 0, 0] : [255, 255, 255]) : [r, g, b];
      data[i] = pr;
      data[i + 1] = pg;
      data[i + 2] = pb;
      data[i + 3] = onEdge ? 255 : 230;
    }
  }
  return { width: size, height: size, data };
}

export function provideSectorLoadImages(map: MapLibreMap): void {
  map.on('styleimagemissing', (e: { id: string }) => {
    const m = /^load-(lt50|50_80|80_100|ge100)(-over)?$/.exec(e.id);
    if (m && !map.hasImage(e.id)) map.addImage(e.id, drawLoadWedge(THEME.sectorLoad[m[1] as LoadClass], !!m[2]), { pixelRatio: 2 });
  });
}

/** What the layer control says under the load layer: why it is empty, or how many sectors it shows. */
export interface SectorLoadStatus {
  note: MessageKey | null;
  summary: { shown: number; overloaded: number } | null;
}

/** The load query for the view (pure): null when the coverage control's technology carries no load (NB-IoT). */
export function sectorLoadQuery(
  coverage: { technology: string; operator: string },
  bbox: [number, number, number, number],
  limit = 2000,
): URLSearchParams | null {
  if (!(LOAD_TECHNOLOGIES as readonly string[]).includes(coverage.technology)) return null;
  return new URLSearchParams({
    technology: coverage.technology,
    operator: coverage.operator,
    bbox: bbox.map((v) => v.toFixed(5)).join(','),
    limit: String(limit),
  });
}

/**
 * Keeps the load source filled with the sectors in view while the layer is shown: refetched when the map rests
 * (debounced) or the coverage control's technology or operator changes; an older answer arriving late is dropped.
 * Until the API serves sector load (404) the layer stays empty and says so.
 */
export function attachSectorLoadSource(map: MapLibreMap, store: Store): void {
  let seq = 0;
  let timer: number | undefined;
  const show = (report: SectorLoadReport | null, note: MessageKey | null) => {
    (map.getSource(SECTOR_LOAD_SOURCE) as GeoJSONSource | undefined)?.setData(sectorLoadFeatures(report));
    const summary = report ? { shown: report.sectors.length, overloaded: report.sectors.filter((s) => s.overloaded).length } : null;
    store.update({ sectorLoad: { note, summary } });
  };
  const refresh = async () => {
    const s = store.get();
    if (s.hidden.has('sectorLoad')) return;
    const mine = ++seq;
    if (map.getZoom() < SECTOR_LOAD_MIN_ZOOM) return show(null, 'sectorLoadZoomIn');
    const b = map.getBounds();
    const query = sectorLoadQuery(s.coverage, [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]);
    if (!query) return show(null, 'sectorLoadTechnology');
    let report: SectorLoadReport | null = null;
    let note: MessageKey | null = null;
    try {
      const r = await window.fetch(`/api/v1/coverage/sectors/load?${query}`, { headers: { Accept: 'application/json' } });
      if (r.ok) report = (await r.json()) as SectorLoadReport;
      else note = r.status === 404 ? 'sectorLoadUnavailable' : 'sectorLoadFailed';
    } catch {
      note = 'sectorLoadFailed';
    }
    if (mine !== seq) return;
    show(report, note ?? (report?.truncated ? 'sectorLoadTruncated' : null));
  };
  const later = () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void refresh(), 250);
  };
  map.on('moveend', later);
  map.on('load', later);
  store.subscribe((s, prev) => {
    const choice = s.coverage.technology !== prev.coverage.technology || s.coverage.operator !== prev.coverage.operator;
    if (choice || (prev.hidden.has('sectorLoad') && !s.hidden.has('sectorLoad'))) later();
  });
}
