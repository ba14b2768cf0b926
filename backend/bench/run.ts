import * as os from 'node:os';
import { type AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { createApi } from '../src/bootstrap';
import { type Bench, benchAuth, httpPostJson } from './harness';
import { DEMO_PASSWORD } from '../../gis-data/src/sample/demo-users';
import { inventoryListBench } from './inventory-list.bench';
import { tilesBench } from './tiles.bench';
import { coverageBench } from './coverage.bench';
import { linkQualityBench } from './link-quality.bench';
import { capacityBench } from './capacity.bench';
import { colocationBench } from './colocation.bench';
import { zoningBench } from './zoning.bench';
import { sharingBench } from './sharing.bench';
import { loadBench } from './load.bench';
import { splatBench } from './splat.bench';
import { profileBench } from './profile.bench';
import { uiBench } from './ui.bench';
import { plansBench } from './plans.bench';
import { dataExchangeBench } from './data-exchange.bench';

/** `npm run bench`: starts the API in-process against the loaded sample and prints every benchmark's table. */
const BENCHES: Bench[] = [
  tilesBench,
  inventoryListBench,
  coverageBench,
  linkQualityBench,
  capacityBench,
  colocationBench,
  zoningBench,
  sharingBench,
  loadBench,
  splatBench,
  profileBench,
  uiBench,
  plansBench,
  dataExchangeBench,
];

async function main(): Promise<void> {
  const only = process.argv[2];
  const app = await createApi();
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as AddressInfo).port;
  const db = app.get(DataSource);
  // every endpoint needs a session: the benches run as the demo administrator
  const signIn = await httpPostJson(`http://127.0.0.1:${port}/api/v1/auth/sign-in`, { username: 'admin', password: DEMO_PASSWORD });
  if (signIn.status !== 200) throw new Error(`bench sign-in failed (${signIn.status}): run npm start once to seed the demo users`);
  benchAuth.token = signIn.json.token;
  const nativeFetch = globalThis.fetch;
  globalThis.fetch = (input, init = {}) =>
    nativeFetch(input, { ...init, headers: { ...(init.headers as Record<string, string> | undefined), Authorization: `Bearer ${benchAuth.token}` } });
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(
    `# Cosite benchmarks, ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}\n`,
  );
  try {
    for (const b of BENCHES.filter((x) => !only || x.name.includes(only))) {
      console.log(await b.run({ app, baseUrl: `http://127.0.0.1:${port}`, query: (sql, params) => db.query(sql, params) }));
      console.log('');
    }
  } finally {
    await app.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
