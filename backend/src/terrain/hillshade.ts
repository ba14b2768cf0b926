import { HILLSHADE_ZOOMS } from '@cosite/contracts';
import { EARTH_RADIUS_M } from '../radio/propagation/terrain/geometry';
import type { BBox, TerrainMosaic } from './terrain-grid';

/**
 * Hillshade map tiles (Web Mercator, 256 px) from the terrain mosaic: light from the north-west at 45°, the usual
 * cartographic convention; shadows drawn as translucent black and lit slopes as translucent white over the
 * basemap, flat ground left transparent. Relief is exaggerated at low zooms, where a pixel spans hundreds of metres.
 */
export const HILLSHADE_TILE_PX = 256;
/** The zooms hillshade tiles exist at: the contract's (the map's raster source reads the same). */
export { HILLSHADE_ZOOMS };

const SUN_AZIMUTH = (315 * Math.PI) / 180;
const SUN_ALTITUDE = (45 * Math.PI) / 180;
const L = [Math.sin(SUN_AZIMUTH) * Math.cos(SUN_ALTITUDE), Math.cos(SUN_AZIMUTH) * Math.cos(SUN_ALTITUDE), Math.sin(SUN_ALTITUDE)];
const FLAT = L[2];

const lonOf = (px: number, worldPx: number) => (px / worldPx) * 360 - 180;
const latOf = (py: number, worldPx: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * py) / worldPx))) * 180) / Math.PI;

export function tileBBox(z: number, x: number, y: number): BBox {
  const world = HILLSHADE_TILE_PX * 2 ** z;
  const p = HILLSHADE_TILE_PX;
  return { west: lonOf(x * p - 1, world), east: lonOf((x + 1) * p + 1, world), north: latOf(y * p - 1, world), south: latOf((y + 1) * p + 1, world) };
}

/** RGBA pixels of one tile, or null when no terrain touches it. The mosaic must hold the tile's box (TerrainGrid.mosaic(bbox)). */
export function renderHillshade(mosaic: TerrainMosaic, z: number, x: number, y: number): Uint8Array | null {
  const n = HILLSHADE_TILE_PX + 2;
  const world = HILLSHADE_TILE_PX * 2 ** z;
  const h = new Float32Array(n * n);
  let any = false;
  const lats = new Float64Array(n);
  for (let j = 0; j < n; j++) lats[j] = latOf(y * HILLSHADE_TILE_PX + j - 0.5, world);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      const v = mosaic.heightAt(lonOf(x * HILLSHADE_TILE_PX + i - 0.5, world), lats[j]);
      h[j * n + i] = v;
      if (v === v) any = true;
    }
  }
  if (!any) return null;
  const exaggeration = z < 13 ? 2 ** ((13 - z) / 2) : 1;
  const out = new Uint8Array(HILLSHADE_TILE_PX * HILLSHADE_TILE_PX * 4);
  for (let j = 1; j < n - 1; j++) {
    const cell = ((2 * Math.PI * EARTH_RADIUS_M) / world) * Math.cos((lats[j] * Math.PI) / 180);
    for (let i = 1; i < n - 1; i++) {
      const k = j * n + i;
      // east and north gradients (rows run southward)
      const gx = ((h[k + 1] - h[k - 1]) / (2 * cell)) * exaggeration;
      const gy = ((h[k - n] - h[k + n]) / (2 * cell)) * exaggeration;
      if (!(gx === gx && gy === gy)) continue; // no terrain here (or at its edge): transparent
      const shade = (-gx * L[0] - gy * L[1] + L[2]) / Math.sqrt(gx * gx + gy * gy + 1);
      const o = ((j - 1) * HILLSHADE_TILE_PX + (i - 1)) * 4;
      if (shade < FLAT) {
        out[o + 3] = Math.round(Math.min(1, (FLAT - Math.max(shade, 0)) / FLAT) * 150);
      } else {
        out[o] = out[o + 1] = out[o + 2] = 255;
        out[o + 3] = Math.round(Math.min(1, (shade - FLAT) / (1 - FLAT)) * 110);
      }
    }
  }
  return out;
}
