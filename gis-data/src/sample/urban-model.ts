/**
 * Where Chongqing's people and sites concentrate: urban centres as Gaussian kernels (WGS84, approximate).
 * Drives the density of generated sites, streets and population. A model, not data.
 */
export interface UrbanCentre {
  name: string;
  lon: number;
  lat: number;
  weight: number;
  sigmaKm: number;
}

export const URBAN_CENTRES: UrbanCentre[] = [
  { name: 'Jiefangbei', lon: 106.577, lat: 29.5575, weight: 1.0, sigmaKm: 1.6 },
  { name: 'Guanyinqiao', lon: 106.531, lat: 29.575, weight: 0.9, sigmaKm: 2.0 },
  { name: 'Sanxia Square', lon: 106.456, lat: 29.558, weight: 0.8, sigmaKm: 2.0 },
  { name: 'Yangjiaping', lon: 106.511, lat: 29.503, weight: 0.8, sigmaKm: 2.0 },
  { name: 'Nanping', lon: 106.56, lat: 29.525, weight: 0.8, sigmaKm: 2.0 },
  { name: 'Daping', lon: 106.519, lat: 29.542, weight: 0.7, sigmaKm: 1.5 },
  { name: 'Danzishi', lon: 106.6, lat: 29.556, weight: 0.5, sigmaKm: 1.5 },
  { name: 'Longtousi', lon: 106.55, lat: 29.61, weight: 0.5, sigmaKm: 2.0 },
  { name: 'Lianglu', lon: 106.63, lat: 29.72, weight: 0.5, sigmaKm: 2.5 },
  { name: 'Yuelai', lon: 106.55, lat: 29.71, weight: 0.45, sigmaKm: 2.0 },
  { name: 'Lijia', lon: 106.5, lat: 29.66, weight: 0.4, sigmaKm: 2.0 },
  { name: 'Huixing', lon: 106.59, lat: 29.66, weight: 0.4, sigmaKm: 2.0 },
  { name: 'Beibei', lon: 106.44, lat: 29.83, weight: 0.5, sigmaKm: 2.0 },
  { name: 'Dadukou', lon: 106.482, lat: 29.484, weight: 0.5, sigmaKm: 2.0 },
  { name: 'Yudong', lon: 106.52, lat: 29.38, weight: 0.5, sigmaKm: 2.0 },
  { name: 'Chayuan', lon: 106.65, lat: 29.5, weight: 0.3, sigmaKm: 2.0 },
  { name: 'Tongjiayuanzi', lon: 106.6, lat: 29.54, weight: 0.4, sigmaKm: 1.8 },
  { name: 'Xiyong', lon: 106.3, lat: 29.6, weight: 0.4, sigmaKm: 2.5 },
  { name: 'Xipeng', lon: 106.36, lat: 29.4, weight: 0.3, sigmaKm: 2.0 },
  { name: 'Shapingba West', lon: 106.42, lat: 29.545, weight: 0.4, sigmaKm: 2.0 },
];

const KM_PER_DEG_LAT = 110.57;
const KM_PER_DEG_LON = 111.32 * Math.cos((29.55 * Math.PI) / 180);

/** Urban intensity at a point: about 1 in the core of Jiefangbei, near 0 in the countryside. */
export function urbanIntensity(lon: number, lat: number): number {
  let v = 0;
  for (const c of URBAN_CENTRES) {
    const dx = (lon - c.lon) * KM_PER_DEG_LON;
    const dy = (lat - c.lat) * KM_PER_DEG_LAT;
    v += c.weight * Math.exp(-(dx * dx + dy * dy) / (2 * c.sigmaKm * c.sigmaKm));
  }
  return Math.min(v, 1.2);
}

export type Environment = 'dense_urban' | 'urban' | 'suburban' | 'rural';

export function environmentAt(lon: number, lat: number): Environment {
  const u = urbanIntensity(lon, lat);
  if (u > 0.5) return 'dense_urban';
  if (u > 0.15) return 'urban';
  if (u > 0.03) return 'suburban';
  return 'rural';
}

/** Metres → degrees near Chongqing (for generation only; stored geometry is measured with geography). */
export const metresToDeg = { lon: (m: number) => m / 1000 / KM_PER_DEG_LON, lat: (m: number) => m / 1000 / KM_PER_DEG_LAT };
