import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import { toWgs84 } from '../../../backend/src/imports/crs';

/** Bundled real public data (see gis-data/README.md for sources and licences). */
// From source (gis-data/src/sample) or compiled (backend/dist/gis-data/src/sample).
export const DATA_DIR =
  [path.resolve(__dirname, '../../data'), path.resolve(__dirname, '../../../../../gis-data/data')].find((d) => fs.existsSync(d)) ??
  path.resolve(__dirname, '../../data');
const REAL = path.join(DATA_DIR, 'real');
const CURATED = path.join(DATA_DIR, 'curated');

/** The nine central districts of Chongqing (adcodes), where the sample inventory is generated. */
export const CORE_DISTRICTS = [500103, 500104, 500105, 500106, 500107, 500108, 500109, 500112, 500113];

export const DISTRICT_NAMES_EN: Record<number, string> = {};

export interface DistrictInput {
  id: number;
  nameZh: string;
  nameEn: string | null;
  population: number | null;
  populationYear: number | null;
  isCore: boolean;
  /** WGS84 MultiPolygon coordinates. */
  coordinates: number[][][][];
}

export function readDistricts(): DistrictInput[] {
  const pop = new Map<number, { nameEn: string; population: number }>();
  const rows: Record<string, string>[] = parse(fs.readFileSync(path.join(REAL, 'chongqing_district_population_2020.csv')), { columns: true, bom: true });
  for (const r of rows) pop.set(Number(r.adcode), { nameEn: r.name_en, population: Number(r.population_2020) });

  const fc = JSON.parse(fs.readFileSync(path.join(REAL, 'chongqing_districts_datav_gcj02.json'), 'utf8'));
  // The finer Yuzhong outline replaces the coarse one: Yuzhong is the densest district and its shape matters.
  const yuzhong = JSON.parse(fs.readFileSync(path.join(REAL, 'yuzhong_outline_datav_gcj02.json'), 'utf8'));
  const yuzhongGeom = (yuzhong.features?.[0] ?? yuzhong).geometry;
  return fc.features.map((f: { properties: { adcode: number; name: string }; geometry: { type: string; coordinates: unknown } }) => {
    const id = f.properties.adcode;
    const raw = id === 500103 && yuzhongGeom ? yuzhongGeom : f.geometry;
    const g = toWgs84(JSON.parse(JSON.stringify(raw)), 'gcj02') as { type: string; coordinates: unknown };
    const coordinates = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as number[][][][];
    const p = pop.get(id);
    return {
      id,
      nameZh: f.properties.name,
      nameEn: p?.nameEn ?? null,
      population: p?.population ?? null,
      populationYear: p ? 2020 : null,
      isCore: CORE_DISTRICTS.includes(id),
      coordinates,
    };
  });
}

export interface KeySiteInput {
  code: string;
  category: string;
  nameZh: string;
  nameEn: string;
  lon: number;
  lat: number;
  coordinateQuality: 'surveyed' | 'approximate';
  source: string;
}

export function readKeySites(): KeySiteInput[] {
  const read = (file: string, source: string): KeySiteInput[] =>
    (parse(fs.readFileSync(file), { columns: true, bom: true }) as Record<string, string>[]).map((r) => ({
      code: `KS-${slug(r.name_en)}`,
      category: r.category,
      nameZh: r.name_zh,
      nameEn: r.name_en,
      lon: Number(r.lon),
      lat: Number(r.lat),
      coordinateQuality: /^surveyed/.test(r.coordinate_quality) ? 'surveyed' : 'approximate',
      source,
    }));
  const sites = [
    ...read(path.join(REAL, 'chongqing_key_sites_approx.csv'), 'public landmark locations'),
    ...read(path.join(CURATED, 'hospitals_approx.csv'), 'Cosite curated, approximate'),
  ];
  // OpenFlights airports: only those not already listed (the CSV above has Jiangbei airport).
  const airports: Record<string, string>[] = parse(fs.readFileSync(path.join(REAL, 'chongqing_airports_stations_openflights.csv')), {
    columns: true,
    bom: true,
  });
  for (const a of airports) {
    const lon = Number(a.lon);
    const lat = Number(a.lat);
    if (sites.some((s) => Math.abs(s.lon - lon) < 0.01 && Math.abs(s.lat - lat) < 0.01)) continue;
    sites.push({
      code: `KS-${a.iata && a.iata !== '\\N' ? a.iata : slug(a.name)}`,
      category: a.type === 'airport' ? 'airport' : 'rail_station',
      nameZh: a.name,
      nameEn: a.name,
      lon,
      lat,
      coordinateQuality: 'surveyed',
      source: 'OpenFlights (ODbL 1.0)',
    });
  }
  return sites;
}

export interface RiverInput {
  code: string;
  nameZh: string;
  nameEn: string;
  widthM: number;
  line: [number, number][];
}

export function readRivers(): RiverInput[] {
  return JSON.parse(fs.readFileSync(path.join(CURATED, 'rivers_approx.json'), 'utf8')).rivers;
}

/** Digest of every bundled input file: part of the sample dataset's version. */
export function inputFiles(): string[] {
  return [REAL, CURATED].flatMap((d) =>
    fs
      .readdirSync(d)
      .sort()
      .map((f) => path.join(d, f)),
  );
}

function slug(s: string): string {
  return s
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40);
}
