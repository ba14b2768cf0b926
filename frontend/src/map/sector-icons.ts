import type { Map as MapLibreMap } from 'maplibre-gl';
import { THEME } from './theme';

/**
 * Sector wedges drawn in the browser (no sprite to fetch): one 60° wedge per operator colour, pointing north;
 * the layer rotates it to each tenancy's first-sector azimuth. Image ids: sector-{operator}-{sectorCount}.
 */
/** `sectors` wedges of 60°, the first pointing north, the others spread evenly (a 3-sector site: 0°, 120°, 240°). */
export function drawWedge(colour: string, sectors = 1, size = 64): { width: number; height: number; data: Uint8Array } {
  const data = new Uint8Array(size * size * 4);
  const [r, g, b] = [1, 3, 5].map((k) => parseInt(colour.slice(k, k + 2), 16));
  const c = size / 2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const dx = x + 0.5 - c;
      const dy = c - (y + 0.5);
      const dist = Math.hypot(dx, dy);
      const angle = ((Math.atan2(dx, dy) * 180) / Math.PI + 360) % 360; // 0 = north, clockwise positive
      const step = 360 / sectors;
      const off = ((angle + 30) % step) - 30; // angle from the nearest sector's axis
      if (dist > 3 && dist < c - 1 && Math.abs(off) <= 30) {
        const i = (y * size + x) * 4;
        data[i] = r;
        data[i + 1] = g;
        data[i + 2] = b;
        data[i + 3] = 200;
      }
    }
  }
  return { width: size, height: size, data };
}

export function provideSectorImages(map: MapLibreMap): void {
  map.on('styleimagemissing', (e: { id: string }) => {
    const m = /^sector-(.+)-(\d)$/.exec(e.id);
    const colour = m && THEME.operator[m[1]];
    if (colour && !map.hasImage(e.id)) map.addImage(e.id, drawWedge(colour, Number(m[2])));
  });
}
