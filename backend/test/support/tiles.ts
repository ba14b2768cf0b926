import { VectorTile } from '@mapbox/vector-tile';
import Pbf from 'pbf';

/** Tile numbers of a WGS84 point at zoom z (slippy-map convention), computed independently of PostGIS. */
export function tileOf(lon: number, lat: number, z: number): { z: number; x: number; y: number } {
  const n = 2 ** z;
  const x = Math.floor(((lon + 180) / 360) * n);
  const r = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
  return { z, x, y };
}

/** The WGS84 centre of a tile (the inverse of tileOf). */
export function tileCentre(t: { z: number; x: number; y: number }): [number, number] {
  const n = 2 ** t.z;
  const lon = ((t.x + 0.5) / n) * 360 - 180;
  const lat = (Math.atan(Math.sinh(Math.PI * (1 - (2 * (t.y + 0.5)) / n))) * 180) / Math.PI;
  return [lon, lat];
}

export function decode(body: Buffer): VectorTile {
  return new VectorTile(new Pbf(body));
}

export function features(
  tile: VectorTile,
  layer: string,
): { id: number | undefined; type: number; properties: Record<string, unknown>; lonLat: () => unknown }[] {
  const l = tile.layers[layer];
  if (!l) return [];
  const out = [];
  for (let k = 0; k < l.length; k++) out.push(l.feature(k));
  return out as never;
}

/** supertest parser that keeps a binary body as a Buffer. */
export function binary(res: NodeJS.ReadableStream & { setEncoding: (e: string) => void }, cb: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}
