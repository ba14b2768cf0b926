import type { PathLossModel } from '../../radio/propagation/path-loss';
import type { Sector } from './sectors';

/**
 * A fixed scene for the engine's regression tests: 60 sectors of every model and mount over 3,000 cells around
 * (106.5° E, 29.5° N), from a seeded generator so it is the same on every machine.
 */
export function regressionScene(): { lon: Float64Array; lat: Float64Array; sectors: Sector[]; slots: number } {
  let seed = 20261202;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const n = 3000;
  const lon = new Float64Array(n);
  const lat = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    lon[i] = 106.46 + rnd() * 0.08;
    lat[i] = 29.46 + rnd() * 0.08;
  }
  const models: PathLossModel[] = ['3gpp-uma', '3gpp-umi', '3gpp-rma', 'cost231-urban'];
  const sectors: Sector[] = [];
  for (let s = 0; s < 60; s++) {
    const model = models[s % models.length];
    sectors.push({
      tenancyId: 1 + Math.floor(s / 3),
      sectorIndex: s % 3,
      slot: s % 4,
      band: s % 4,
      lon: 106.47 + rnd() * 0.06,
      lat: 29.47 + rnd() * 0.06,
      heightM: model === '3gpp-umi' ? 8 + rnd() * 10 : 25 + rnd() * 30,
      azimuthDeg: s % 7 === 0 ? NaN : rnd() * 360,
      downtiltDeg: rnd() * 8,
      eirpPerReDbm: 15 + rnd() * 15,
      model,
      frequencyMHz: model === 'cost231-urban' ? 1800 : [700, 2100, 2600, 3500][s % 4],
      radiusM: 800 + rnd() * 3000,
    });
  }
  return { lon, lat, sectors, slots: 4 };
}
