import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { type DataSource, type EntityManager } from 'typeorm';
import { FeatureStore } from '../../backend/src/layers/feature-store';
import { LAYERS } from '../../backend/src/imports/layers';
import type { BatchRow, RowReject } from '../../backend/src/layers/layer-spec';
import type { ImportLayer } from '@cosite/contracts';
import { loadRows } from '../../backend/src/imports/loader';
import { GENERATOR_VERSION, type GenerateOptions, POPULATION_H3_RESOLUTION, type SampleCity, generateSampleCity } from './sample/generate';
import { inputFiles } from './sample/real-data';
import { loadSampleTerrain } from './load-sample-terrain';
import { loadSampleClutter } from './load-sample-clutter';

export interface LayerReport {
  loaded: number;
  skipped: number;
  rejected: number;
  rejects: (RowReject & { code?: unknown })[];
}

export interface SampleLoadReport {
  dataset: string;
  version: string;
  alreadyLoaded: boolean;
  layers: Record<string, LayerReport>;
  generateMs: number;
  loadMs: number;
}

export function sampleVersion(opts: GenerateOptions): string {
  const h = createHash('sha256').update(GENERATOR_VERSION).update(JSON.stringify(opts));
  for (const f of inputFiles()) h.update(fs.readFileSync(f));
  return h.digest('hex').slice(0, 16);
}

/**
 * Loads the Chongqing sample (real boundaries, populations and key sites + the generated inventory) in one
 * transaction. Idempotent: a loaded version is skipped in milliseconds, and rows are keyed by code so a
 * partly different earlier load adds no duplicates.
 */
export async function loadSample(
  ds: DataSource,
  opts: GenerateOptions,
  dataset = 'chongqing-sample',
  log: (msg: string) => void = () => undefined,
): Promise<SampleLoadReport> {
  // the modelled terrain has its own version, so it loads once even where the inventory sample is already there
  await loadSampleTerrain(ds, log);
  const version = sampleVersion(opts);
  const done = await ds.query(`SELECT version FROM dataset_load WHERE name = $1`, [dataset]);
  if (done[0]?.version === version) {
    // the clutter has its own version too: derived once on a database loaded before it existed
    await loadSampleClutter(ds, version, log);
    return { dataset, version, alreadyLoaded: true, layers: {}, generateMs: 0, loadMs: 0 };
  }

  const t0 = Date.now();
  const city = generateSampleCity(opts);
  const generateMs = Date.now() - t0;
  log(`generated the sample city in ${generateMs} ms`);

  const t1 = Date.now();
  const layers: Record<string, LayerReport> = {};
  await ds.transaction(async (m) => {
    // Serialise concurrent loaders (two starts at once): the second waits, then finds the work done.
    await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [dataset]);
    const again = await m.query(`SELECT version FROM dataset_load WHERE name = $1`, [dataset]);
    if (again[0]?.version === version) return;

    layers.organisations = await plain(
      m,
      `INSERT INTO organisation (id, kind, name_zh, name_en, contact)
        SELECT id, kind, name_zh, name_en, contact FROM jsonb_to_recordset($1::jsonb) AS r(id text, kind text, name_zh text, name_en text, contact text)
        ON CONFLICT (id) DO UPDATE SET contact = coalesce(organisation.contact, excluded.contact)`,
      city.organisations.map((o) => ({ id: o.id, kind: o.kind, name_zh: o.nameZh, name_en: o.nameEn, contact: o.contact })),
      city.organisations.length,
    );
    // DataV boundaries are simplified and can self-touch: repaired with ST_MakeValid, polygons kept.
    layers.districts = await plain(
      m,
      `INSERT INTO district (id, name_zh, name_en, population, population_year, is_core, geom)
        SELECT id, name_zh, name_en, population, population_year, is_core,
               ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON(geometry), 4326)), 3))
          FROM jsonb_to_recordset($1::jsonb) AS r(id int, name_zh text, name_en text, population int, population_year int, is_core boolean, geometry text)
        ON CONFLICT (id) DO NOTHING`,
      city.districts.map((d) => ({
        id: d.id,
        name_zh: d.nameZh,
        name_en: d.nameEn,
        population: d.population,
        population_year: d.populationYear,
        is_core: d.isCore,
        geometry: JSON.stringify({ type: 'MultiPolygon', coordinates: d.coordinates }),
      })),
      city.districts.length,
    );
    layers.rivers = await plain(
      m,
      `INSERT INTO river (code, name_zh, name_en, geom)
        SELECT code, name_zh, name_en, ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON(geometry), 4326)), 3))
          FROM jsonb_to_recordset($1::jsonb) AS r(code text, name_zh text, name_en text, geometry text)
        ON CONFLICT (code) DO NOTHING`,
      city.rivers.map((r) => ({
        code: r.code,
        name_zh: r.nameZh,
        name_en: r.nameEn,
        geometry: JSON.stringify({ type: 'MultiPolygon', coordinates: r.coordinates }),
      })),
      city.rivers.length,
    );
    layers.streets = await chunked(city.streets, 5000, (part) =>
      plain(
        m,
        `INSERT INTO street (code, name_zh, name_en, class, district_id, geom)
        SELECT code, name_zh, name_en, class, district_id, ST_SetSRID(ST_GeomFromGeoJSON(geometry), 4326)
          FROM jsonb_to_recordset($1::jsonb) AS r(code text, name_zh text, name_en text, class text, district_id int, geometry text)
        ON CONFLICT (code) DO NOTHING`,
        part.map((s) => ({
          code: s.code,
          name_zh: s.nameZh,
          name_en: s.nameEn,
          class: s.class,
          district_id: s.districtId,
          geometry: JSON.stringify({ type: 'LineString', coordinates: s.line }),
        })),
        part.length,
      ),
    );

    for (const [layer, rows] of [
      ['key-sites', city.keySites],
      ['overlays', city.overlays],
      ['structures', city.structures],
      ['tenancies', city.tenancies],
      ['routes', city.routes],
    ] as [ImportLayer, SampleCity['structures']][]) {
      layers[layer] = await featureLayer(ds, m, layer, rows);
      log(`${layer}: ${layers[layer].loaded} loaded, ${layers[layer].skipped} already there, ${layers[layer].rejected} rejected`);
    }

    layers.populationCells = await chunked(city.populationCells, 10000, (part) =>
      plain(
        m,
        `INSERT INTO population_cell (h3, resolution, district_id, population, geom)
        SELECT h3, ${POPULATION_H3_RESOLUTION}, district_id, population, ST_SetSRID(ST_GeomFromGeoJSON(geometry), 4326)
          FROM jsonb_to_recordset($1::jsonb) AS r(h3 bigint, district_id int, population int, geometry text)
        ON CONFLICT (h3) DO NOTHING`,
        part.map((c) => ({
          h3: c.h3,
          district_id: c.districtId,
          population: c.population,
          geometry: JSON.stringify({ type: 'Polygon', coordinates: [c.ring] }),
        })),
        part.length,
      ),
    );

    const counts = Object.fromEntries(Object.entries(layers).map(([k, v]) => [k, v.loaded]));
    await m.query(
      `INSERT INTO dataset_load (name, version, counts) VALUES ($1, $2, $3::jsonb)
       ON CONFLICT (name) DO UPDATE SET version = excluded.version, counts = excluded.counts, loaded_at = now()`,
      [dataset, version, JSON.stringify(counts)],
    );
    await m.query(`ANALYZE structure; ANALYZE tenancy; ANALYZE route; ANALYZE overlay; ANALYZE population_cell; ANALYZE street`);
  });
  // derived from the rivers, overlays and population just committed
  await loadSampleClutter(ds, version, log);
  return { dataset, version, alreadyLoaded: false, layers, generateMs, loadMs: Date.now() - t1 };
}

async function featureLayer(
  ds: DataSource,
  m: EntityManager,
  layer: ImportLayer,
  input: { properties: Record<string, unknown>; geometry?: unknown }[],
): Promise<LayerReport> {
  const store = new FeatureStore(ds, LAYERS[layer]);
  const rows: BatchRow[] = [];
  const rejects: LayerReport['rejects'] = [];
  input.forEach((f, k) => {
    const v = store.validate(f);
    if (v.ok) rows.push({ i: k, ...v.row });
    else for (const p of v.problems) rejects.push({ index: k, code: f.properties.code, ...p });
  });
  const r = await loadRows(m, store, rows, 'skip');
  rejects.push(...r.rejects.map((x) => ({ ...x, code: input[x.index].properties.code })));
  return { loaded: r.inserted.length, skipped: r.skipped.length, rejected: new Set(rejects.map((x) => x.index)).size, rejects: rejects.slice(0, 50) };
}

async function plain(m: EntityManager, sql: string, rows: unknown[], total: number): Promise<LayerReport> {
  const r: [unknown[], number] | unknown[] = await m.query(sql, [JSON.stringify(rows)]);
  const loaded = Array.isArray(r) && typeof r[1] === 'number' ? r[1] : total;
  return { loaded, skipped: total - loaded, rejected: 0, rejects: [] };
}

async function chunked<T>(items: T[], size: number, fn: (part: T[]) => Promise<LayerReport>): Promise<LayerReport> {
  const out: LayerReport = { loaded: 0, skipped: 0, rejected: 0, rejects: [] };
  for (let k = 0; k < items.length; k += size) {
    const r = await fn(items.slice(k, k + size));
    out.loaded += r.loaded;
    out.skipped += r.skipped;
  }
  return out;
}
