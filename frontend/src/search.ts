/**
 * What the search box understands: coordinates in either order when the numbers say which is which
 * (a value beyond ±90 can only be a longitude), and names of key sites and districts in Chinese or English.
 */
export type SearchResult =
  | { kind: 'coordinates'; lon: number; lat: number; ambiguous: boolean }
  | { kind: 'place'; name: string; lon: number; lat: number; zoom: number; bbox?: [number, number, number, number] }
  | { kind: 'none' };

export interface Place {
  nameZh: string;
  nameEn: string | null;
  lon: number;
  lat: number;
  zoom: number;
  bbox?: [number, number, number, number];
}

export function parseCoordinates(text: string): Extract<SearchResult, { kind: 'coordinates' }> | null {
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*[,，\s]\s*(-?\d+(?:\.\d+)?)\s*$/.exec(text);
  if (!m) return null;
  const a = Number(m[1]);
  const b = Number(m[2]);
  const inLon = (v: number) => Math.abs(v) <= 180;
  const inLat = (v: number) => Math.abs(v) <= 90;
  if (!inLon(a) || !inLon(b)) return null;
  if (!inLat(a) && inLat(b)) return { kind: 'coordinates', lon: a, lat: b, ambiguous: false };
  if (inLat(a) && !inLat(b)) return { kind: 'coordinates', lon: b, lat: a, ambiguous: false };
  if (!inLat(a) && !inLat(b)) return null;
  // Both could be latitudes: read as "lat, lon", the order people type and map apps show.
  return { kind: 'coordinates', lon: b, lat: a, ambiguous: true };
}

export function searchPlaces(text: string, places: Place[]): SearchResult {
  const coords = parseCoordinates(text);
  if (coords) return coords;
  const q = text.trim().toLowerCase();
  if (!q) return { kind: 'none' };
  const score = (p: Place) => {
    const names = [p.nameZh.toLowerCase(), (p.nameEn ?? '').toLowerCase()];
    if (names.includes(q)) return 3;
    if (names.some((n) => n.startsWith(q))) return 2;
    if (names.some((n) => n.includes(q))) return 1;
    return 0;
  };
  const best = places
    .map((p) => ({ p, s: score(p) }))
    .filter((x) => x.s > 0)
    .sort((a, b) => b.s - a.s || a.p.nameZh.length - b.p.nameZh.length)[0];
  if (!best) return { kind: 'none' };
  return { kind: 'place', name: best.p.nameZh, lon: best.p.lon, lat: best.p.lat, zoom: best.p.zoom, bbox: best.p.bbox };
}
