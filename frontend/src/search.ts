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

/** A district's boundary as rings of [lon, lat] (each polygon: outer ring, then holes), with its bounding box. */
export interface Boundary {
  nameZh: string;
  nameEn: string | null;
  polygons: number[][][][];
  bbox: [number, number, number, number];
}

/** Whether the point lies in the ring (ray casting; a point on the edge may fall either way, which is fine here). */
function inRing(lon: number, lat: number, ring: number[][]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/**
 * The district a point lies in, or null outside them all, i.e. outside the municipality (the districts tile it).
 * Checked in the browser against the boundaries the search already holds, so an answer needs no round trip.
 */
export function districtAt(lon: number, lat: number, boundaries: Boundary[]): Boundary | null {
  return (
    boundaries.find(
      (b) =>
        lon >= b.bbox[0] &&
        lon <= b.bbox[2] &&
        lat >= b.bbox[1] &&
        lat <= b.bbox[3] &&
        b.polygons.some(([outer, ...holes]) => inRing(lon, lat, outer) && !holes.some((h) => inRing(lon, lat, h))),
    ) ?? null
  );
}
