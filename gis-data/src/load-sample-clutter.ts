import { createHash } from 'node:crypto';
import { cellToParent } from 'h3-js';
import type { DataSource } from 'typeorm';
import { CoverageRepository } from '../../backend/src/coverage/coverage.repository';
import { environmentOf } from '../../backend/src/radio/propagation/path-loss';
import { buildUniverse, h3ToBigint, POPULATION_CELL_AREA_KM2, POPULATION_RESOLUTION } from '../../backend/src/radio/universe';
import type { ClutterClass } from '../../backend/src/radio/propagation/clutter';
import { makeSampleTerrainModel } from './sample/terrain';

export const SAMPLE_CLUTTER_DATASET = 'chongqing-sample-clutter';
/** Bump when the derivation below changes, so loaded databases derive again. */
const CLUTTER_RULES_VERSION = 'clutter-sample-2';
/** Thinly settled land at or above this height is taken as forest: the parallel ridges are wooded, the valleys farmed. */
const RIDGE_FOREST_MIN_M = 400;
/** Scenic areas at least this large are landscape (Nanshan), forest; the small ones are old towns and city parks. */
const FOREST_SCENIC_MIN_KM2 = 1;

/** Class from residents per km², with the engine's environment edges; rural density is open land. */
export function densityClass(populationPerKm2: number): ClutterClass {
  const env = environmentOf(populationPerKm2);
  return env === 'rural' ? 'open' : env;
}

/**
 * Derives the sample's clutter: no land-cover raster is bundled, so every resolution-10 cell of the city grid (the
 * core districts, exactly as the coverage engine builds it) gets a class from what the sample has: water where a
 * river polygon covers the cell centre, forest in the nature reserve and large scenic areas (not heritage blocks) and
 * on thinly settled ridges (the modelled terrain at 400 m or more), otherwise its resolution-9 population cell's density (dense urban ≥ 15,000/km², urban ≥ 4,000, suburban ≥ 500,
 * open below). Written with source 'sample'; cells an import classed keep their imported class. Idempotent per
 * version of the sample and of these rules.
 */
export async function loadSampleClutter(
  ds: DataSource,
  sampleVersion: string,
  log: (msg: string) => void = () => undefined,
): Promise<{ version: string; alreadyLoaded: boolean; cells: number; ms: number }> {
  const version = createHash('sha256').update(CLUTTER_RULES_VERSION).update(sampleVersion).digest('hex').slice(0, 16);
  const done = await ds.query(`SELECT version FROM dataset_load WHERE name = $1`, [SAMPLE_CLUTTER_DATASET]);
  if (done[0]?.version === version) return { version, alreadyLoaded: true, cells: 0, ms: 0 };
  const t0 = Date.now();
  const u = buildUniverse(await new CoverageRepository(ds).coreDistricts());
  const population = new Map<string, number>(
    (await ds.query(`SELECT h3::text AS h3, population::float8 AS population FROM population_cell WHERE resolution = $1`, [POPULATION_RESOLUTION])).map(
      (r: { h3: string; population: number }) => [r.h3, r.population],
    ),
  );
  const ground = makeSampleTerrainModel();
  const n = u.h3.length;
  const h3 = new Array<string>(n);
  const byDensity = new Array<ClutterClass>(n);
  for (let i = 0; i < n; i++) {
    h3[i] = h3ToBigint(u.h3[i]);
    byDensity[i] = densityClass((population.get(h3ToBigint(cellToParent(u.h3[i], POPULATION_RESOLUTION))) ?? 0) / POPULATION_CELL_AREA_KM2);
    if (byDensity[i] === 'open' && ground(u.lon[i], u.lat[i]) >= RIDGE_FOREST_MIN_M) byDensity[i] = 'forest';
  }
  let cells = 0;
  let changed = 0;
  await ds.transaction(async (m) => {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [SAMPLE_CLUTTER_DATASET]);
    const again = await m.query(`SELECT version FROM dataset_load WHERE name = $1`, [SAMPLE_CLUTTER_DATASET]);
    if (again[0]?.version === version) return;
    // sample cells no longer on the grid (the districts changed) go; the rest are updated in place below, which
    // writes only the changed ones (deleting and re-inserting 380,000 keys in one transaction is slow)
    await m.query(`DELETE FROM clutter_cell c WHERE c.source = 'sample' AND NOT EXISTS (SELECT 1 FROM unnest($1::bigint[]) AS g(h3) WHERE g.h3 = c.h3)`, [h3]);
    // water and forest by geometry, where it lives: each kind unioned once, so every cell tests one prepared geometry
    const [r] = await m.query(
      `WITH cell AS (
         SELECT t.h3, t.density_class, ST_SetSRID(ST_MakePoint(t.lon, t.lat), 4326) AS geom
           FROM unnest($1::bigint[], $2::float8[], $3::float8[], $4::text[]) AS t(h3, lon, lat, density_class)),
       water AS MATERIALIZED (SELECT ST_Union(geom) AS g FROM river),
       green AS MATERIALIZED (
         SELECT ST_Union(geom) AS g FROM overlay
          WHERE retired_at IS NULL AND (kind = 'nature_reserve' OR (kind = 'scenic_area' AND ST_Area(geom::geography) >= $5 * 1e6))),
       heritage AS MATERIALIZED (SELECT ST_Union(geom) AS g FROM overlay WHERE kind = 'heritage_area' AND retired_at IS NULL),
       classed AS (
         SELECT c.h3,
                CASE WHEN ST_Intersects(water.g, c.geom) THEN 'water'
                     WHEN ST_Intersects(green.g, c.geom) AND NOT coalesce(ST_Intersects(heritage.g, c.geom), false) THEN 'forest'
                     ELSE c.density_class END AS class
           FROM cell c, water, green, heritage),
       written AS (
         INSERT INTO clutter_cell (h3, class, source) SELECT h3, class, 'sample' FROM classed
         ON CONFLICT (h3) DO UPDATE SET class = excluded.class
          WHERE clutter_cell.source = 'sample' AND clutter_cell.class <> excluded.class
         RETURNING 1)
       SELECT count(*)::int AS n FROM written`,
      // centres to 1e-7° (1 cm): a third of the array text of full doubles, for 380,000 cells
      [h3, `{${Array.from(u.lon, (v) => v.toFixed(7)).join(',')}}`, `{${Array.from(u.lat, (v) => v.toFixed(7)).join(',')}}`, byDensity, FOREST_SCENIC_MIN_KM2],
    );
    changed = r.n;
    const counts = Object.fromEntries(
      (await m.query(`SELECT class, count(*)::int AS n FROM clutter_cell WHERE source = 'sample' GROUP BY class`)).map((x: { class: string; n: number }) => [
        x.class,
        x.n,
      ]),
    );
    cells = Object.values(counts).reduce((a: number, b) => a + (b as number), 0);
    await m.query(
      `INSERT INTO dataset_load (name, version, counts) VALUES ($1, $2, $3::jsonb)
       ON CONFLICT (name) DO UPDATE SET version = excluded.version, counts = excluded.counts, loaded_at = now()`,
      [SAMPLE_CLUTTER_DATASET, version, JSON.stringify(counts)],
    );
  });
  const ms = Date.now() - t0;
  log(
    `sample clutter ${version}: ${cells} cells classed (${changed} written) in ${ms} ms (derived from rivers, overlays and population density, not surveyed)`,
  );
  return { version, alreadyLoaded: false, cells, ms };
}
