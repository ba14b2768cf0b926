import * as fs from 'node:fs';
import { loadConfig } from '../../backend/src/config/config';
import { createDataSource } from '../../backend/src/database/data-source';
import { FeatureStore } from '../../backend/src/layers/feature-store';
import { LAYERS } from '../../backend/src/imports/layers';
import { CRS_CODES, type CrsCode, IMPORT_LAYERS, type ImportLayer } from '@cosite/contracts';
import { importFile } from '../../backend/src/imports/loader';
import { FULL_SAMPLE, TEST_SAMPLE } from './sample/generate';
import { loadSample } from './load-sample';
import { DEMO_PASSWORD, DEMO_USERS, seedDemoUsers } from './sample/demo-users';

/**
 * gis-data command line:
 *   load-sample [--small]                         the Chongqing sample (idempotent)
 *   import <layer> <file> [--crs wgs84|gcj02|bd09] one GeoJSON or CSV file into a layer
 *   seed-users                                    the demo accounts (missing ones only)
 */
async function main(): Promise<void> {
  const [cmd, ...args] = process.argv.slice(2);
  const config = loadConfig();
  const ds = await createDataSource(config.database.url, 2, 'cosite-gis-data').initialize();
  try {
    if (cmd === 'load-sample') {
      const small = args.includes('--small');
      const report = await loadSample(ds, small ? TEST_SAMPLE : FULL_SAMPLE, small ? 'chongqing-sample-small' : 'chongqing-sample', (m) =>
        console.log(`  ${m}`),
      );
      if (report.alreadyLoaded) {
        console.log(`sample data: ${report.dataset} ${report.version} already loaded, nothing to do`);
        return;
      }
      console.log(`sample data: ${report.dataset} ${report.version} loaded in ${report.loadMs} ms (generated in ${report.generateMs} ms)`);
      for (const [layer, r] of Object.entries(report.layers)) {
        console.log(
          `  ${layer.padEnd(16)} ${String(r.loaded).padStart(7)} loaded ${String(r.skipped).padStart(7)} already there ${String(r.rejected).padStart(5)} rejected`,
        );
        for (const x of r.rejects.slice(0, 5)) console.log(`      rejected ${x.code ?? `#${x.index}`}: ${x.field}: ${x.problem}`);
      }
    } else if (cmd === 'seed-users') {
      const added = await seedDemoUsers(ds);
      console.log(`demo users: ${added} added; sign in as ${DEMO_USERS.map((u) => u.username).join(', ')} with the password ${DEMO_PASSWORD}`);
    } else if (cmd === 'import') {
      const [layer, file] = args;
      const crsArg = args[args.indexOf('--crs') + 1];
      const crs = (args.includes('--crs') ? crsArg : 'wgs84') as CrsCode;
      if (!IMPORT_LAYERS.includes(layer as ImportLayer)) throw new Error(`layer must be one of ${IMPORT_LAYERS.join(', ')}`);
      if (!CRS_CODES.includes(crs)) throw new Error(`--crs must be one of ${CRS_CODES.join(', ')}`);
      const text = fs.readFileSync(file, 'utf8');
      const format = /\.csv$/i.test(file) ? 'csv' : 'geojson';
      const report = await ds.transaction((m) => importFile(m, new FeatureStore(ds, LAYERS[layer as ImportLayer]), format, text, crs, config.imports));
      console.log(`${file}: ${report.loaded} loaded, ${report.skipped} already there, ${report.rejected} rejected of ${report.total}`);
      for (const r of report.rejects) console.log(`  line ${r.line}: ${r.field}: ${r.problem}`);
    } else {
      throw new Error('usage: cli load-sample [--small] | seed-users | import <layer> <file> [--crs wgs84|gcj02|bd09]');
    }
  } finally {
    await ds.destroy();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
