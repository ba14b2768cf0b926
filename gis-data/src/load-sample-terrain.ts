import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DataSource } from 'typeorm';
import { TerrainRepository } from '../../backend/src/terrain/terrain.repository';
import { DATA_DIR } from './sample/real-data';
import { generateSampleTerrain, SAMPLE_TERRAIN_ARC_SECONDS, SAMPLE_TERRAIN_EXTENT, SAMPLE_TERRAIN_SEED, TERRAIN_MODEL_VERSION } from './sample/terrain';

export const SAMPLE_TERRAIN_DATASET = 'chongqing-sample-terrain';
/** The tile's name among the 'modelled sample' source's tiles. */
export const SAMPLE_TERRAIN_TILE = 'chongqing-central-3s';

export function sampleTerrainVersion(): string {
  return createHash('sha256')
    .update(TERRAIN_MODEL_VERSION)
    .update(JSON.stringify({ SAMPLE_TERRAIN_EXTENT, SAMPLE_TERRAIN_ARC_SECONDS, SAMPLE_TERRAIN_SEED }))
    .update(fs.readFileSync(path.join(DATA_DIR, 'curated', 'rivers_approx.json')))
    .digest('hex')
    .slice(0, 16);
}

/**
 * Loads the modelled terrain as one 'modelled sample' tile, through the same repository as an imported DEM (so an
 * imported DEM outranks it where they overlap). Idempotent: a loaded version costs one query.
 */
export async function loadSampleTerrain(
  ds: DataSource,
  log: (msg: string) => void = () => undefined,
): Promise<{ version: string; alreadyLoaded: boolean; ms: number }> {
  const version = sampleTerrainVersion();
  const t0 = Date.now();
  const done = await ds.query(`SELECT version FROM dataset_load WHERE name = $1`, [SAMPLE_TERRAIN_DATASET]);
  if (done[0]?.version === version) return { version, alreadyLoaded: true, ms: 0 };
  const grid = generateSampleTerrain();
  await ds.transaction(async (m) => {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [SAMPLE_TERRAIN_DATASET]);
    const again = await m.query(`SELECT version FROM dataset_load WHERE name = $1`, [SAMPLE_TERRAIN_DATASET]);
    if (again[0]?.version === version) return;
    await TerrainRepository.replaceTiles(m, 'modelled sample', [{ name: SAMPLE_TERRAIN_TILE, grid, voidsFilled: 0 }]);
    await m.query(
      `INSERT INTO dataset_load (name, version, counts) VALUES ($1, $2, $3::jsonb)
       ON CONFLICT (name) DO UPDATE SET version = excluded.version, counts = excluded.counts, loaded_at = now()`,
      [SAMPLE_TERRAIN_DATASET, version, JSON.stringify({ terrainTiles: 1, samples: grid.cols * grid.rows })],
    );
  });
  const ms = Date.now() - t0;
  log(`sample terrain ${version}: ${grid.cols}×${grid.rows} samples at ${SAMPLE_TERRAIN_ARC_SECONDS}″ loaded in ${ms} ms (modelled, not measured)`);
  return { version, alreadyLoaded: false, ms };
}
