// Browser tests of the uploads panel: a demand batch (progress, rejects by line, results, co-builds on the map) and a
// KML zoning import by the planning bureau.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BASE_URL, givenTheApp, apiFetch } from './driver.mjs';

const OUT = path.resolve(process.env.COSITE_TEST_OUTPUT ?? 'test-output', 'e2e');
fs.mkdirSync(OUT, { recursive: true });
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'cosite-uploads-'));
const shot = (page, name) => page.screenshot({ path: path.join(OUT, `uploads-${name}.png`) });

describe('uploads in a real browser', () => {
  const apps = [];
  after(async () => {
    for (const a of apps) await a.close();
    fs.rmSync(TMP, { recursive: true, force: true });
  });

  it('a demand batch shows its progress, its rejected lines with their reasons, downloads its results and maps its co-builds', async () => {
    const app = await givenTheApp({ user: 'planner.tower' });
    apps.push(app);
    const { page } = app;
    // lines 3 and 4 are bad (latitude and longitude swapped; a zero radius); lines 5 and 6 are two operators'
    // new builds 290 m apart on the city's north-eastern edge, which the batch groups into one co-build
    const file = path.join(TMP, 'demands.csv');
    fs.writeFileSync(
      file,
      [
        'lon,lat,search_radius_m,operator,technology,band_mhz,antenna_height_m',
        '106.55,29.70,300,china-mobile,5G,2600,30',
        '29.5575,106.577,300,china-unicom,5G,3500,30',
        '106.58,29.56,0,china-telecom,5G,3500,30',
        '106.700,29.600,300,china-unicom,5G,3500,30',
        '106.703,29.600,300,china-mobile,5G,2600,30',
      ].join('\n'),
    );
    await page.click('#uploads-toggle');
    await page.locator('#uploads h2').waitFor();
    await page.setInputFiles('#uploads input[name="batch-file"]', file);
    await page.locator('#uploads .up-chosen').waitFor();
    await page.click('#uploads form[data-form="batch"] button.primary');
    // progress while it runs, then every valid line done
    await page.locator('#uploads .up-progress').waitFor();
    await page.waitForFunction(() => document.querySelector('#uploads .up-status')?.getAttribute('data-status') === 'completed', null, { timeout: 30000 });
    assert.match(await page.locator('#uploads .up-count').innerText(), /3 \/ 3/);
    assert.equal(await page.locator('#uploads .up-progress').getAttribute('value'), '3');
    // the rejected lines by number, field and reason, in Chinese
    const rejects = await page.locator('#uploads .up-rejects tbody tr').evaluateAll((rows) => rows.map((r) => [...r.cells].map((c) => c.textContent)));
    assert.deepEqual(
      rejects.map((r) => [r[0], r[1]]),
      [
        ['3', '位置'],
        ['4', '搜索圈半径'],
      ],
    );
    assert.match(rejects[0][2], /经纬度似乎填反了/);
    assert.match(rejects[1][2], /须大于 0 米/);
    // the results download, as CSV and as GeoJSON
    await page.click('#uploads .up-results .export-menu summary');
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('#uploads .up-results a[data-format="csv"]')]);
    const csvText = fs
      .readFileSync(await csv.path(), 'utf8')
      .trim()
      .split('\n');
    assert.match(csvText[0], /^line,lon,lat,operator,technology,searchRadiusM,decision/);
    assert.deepEqual(
      csvText.slice(1).map((l) => l.split(',')[0]),
      ['2', '5', '6'],
    );
    const [geo] = await Promise.all([page.waitForEvent('download'), page.click('#uploads .up-results a[data-format="geojson"]')]);
    const fc = JSON.parse(fs.readFileSync(await geo.path(), 'utf8'));
    assert.equal(fc.features.length, 3);
    const grouped = fc.features.filter((f) => f.properties.coBuildGroupId);
    assert.ok(grouped.length >= 2, 'the two new builds are grouped');
    // on the map: the demands by decision, the co-build site linked to its demands, the map fitted to them
    assert.ok((await page.locator('#uploads .up-groups li').count()) >= 1);
    await page.evaluate(() => window.__cosite.idle());
    await page.waitForFunction(() => window.__cosite.renderedCount(['uploads-demand']) === 3, null, { timeout: 10000 });
    assert.ok((await page.evaluate(() => window.__cosite.renderedCount(['uploads-co-build']))) >= 1);
    assert.ok((await page.evaluate(() => window.__cosite.renderedCount(['uploads-link']))) >= 2);
    // a group in the list zooms the map to its shared site and its demands
    const before = await page.evaluate(() => window.__cosite.map.getZoom());
    await page.click('#uploads .up-groups li a');
    await page.evaluate(() => window.__cosite.idle());
    assert.ok((await page.evaluate(() => window.__cosite.map.getZoom())) > before + 1);
    assert.ok((await page.evaluate(() => window.__cosite.renderedCount(['uploads-demand']))) >= 2);
    await shot(page, 'batch');
    // closed to look at the map and opened again, the panel still shows the batch
    await page.click('#uploads button.close');
    await page.click('#uploads-toggle');
    await page.locator('#uploads .up-rejects').waitFor();
    assert.equal(await page.locator('#uploads .up-rejects tbody tr').count(), 2);
    assert.deepEqual(app.errors, []);
  });

  it('the planning bureau imports a KML zoning file: only zoning layers offered, the summary and rejects shown, the overlay stored', async () => {
    const app = await givenTheApp({ user: 'bureau', hash: '#13/30.62/108.42' });
    apps.push(app);
    const { page } = app;
    const code = `E2E-UP-${Date.now()}`;
    const square = (lon, lat, d = 0.004) =>
      [
        [lon, lat],
        [lon, lat + d],
        [lon + d, lat + d],
        [lon + d, lat],
        [lon, lat],
      ]
        .map((p) => p.join(','))
        .join(' ');
    const placemark = (props, ring) =>
      `<Placemark><name>${props.name}</name><ExtendedData>${Object.entries(props)
        .filter(([k]) => k !== 'name')
        .map(([k, v]) => `<Data name="${k}"><value>${v}</value></Data>`)
        .join('')}</ExtendedData><Polygon><outerBoundaryIs><LinearRing><coordinates>${ring}</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>`;
    const file = path.join(TMP, 'zoning.kml');
    fs.writeFileSync(
      file,
      `<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>
        ${placemark({ name: '浏览器导入风景区', code, kind: 'scenic_area', authority: '万州区规划局' }, square(108.42, 30.62))}
        ${placemark({ name: '错误类型', code: `${code}-X`, kind: 'volcano', authority: '万州区规划局' }, square(108.43, 30.62))}
      </Document></kml>`,
    );
    await page.click('#uploads-toggle');
    await page.locator('#uploads h2').waitFor();
    // a bureau officer uploads no demand batch, and imports zoning layers only
    assert.equal(await page.locator('#uploads form[data-form="batch"]').count(), 0);
    assert.deepEqual(await page.locator('#uploads select[name="layer"] option').evaluateAll((o) => o.map((x) => x.value)), [
      'overlays',
      'key-sites',
      'streets',
    ]);
    await page.selectOption('#uploads select[name="crs"]', 'wgs84');
    await page.setInputFiles('#uploads input[name="import-file"]', file);
    await page.click('#uploads form[data-form="import"] button.primary');
    await page.waitForFunction(() => document.querySelector('#uploads .up-import .up-status')?.getAttribute('data-status') === 'completed', null, {
      timeout: 30000,
    });
    assert.equal(await page.locator('#uploads .up-loaded').innerText(), '1');
    assert.equal(await page.locator('#uploads .up-rejected').innerText(), '1');
    assert.equal(await page.locator('#uploads .up-already').innerText(), '0');
    const reject = await page
      .locator('#uploads .up-rejects tbody tr')
      .first()
      .evaluate((r) => [...r.cells].map((c) => c.textContent));
    assert.deepEqual(reject.slice(0, 2), ['2', '类型']);
    await page.evaluate(() => window.__cosite.idle());
    await shot(page, 'import');
    // the overlay is in the zoning layer, where the file put it
    const found = await (await apiFetch(`${BASE_URL}/api/v1/overlays?code=${encodeURIComponent(code)}`)).json();
    assert.equal(found.features.length, 1);
    assert.equal(found.features[0].properties.kind, 'scenic_area');
    assert.equal(found.features[0].properties.authority, '万州区规划局');
    assert.deepEqual(app.errors, []);
    // retired again, so runs do not pile overlays up on one spot
    const retired = await apiFetch(`${BASE_URL}/api/v1/overlays/${found.features[0].id}`, { method: 'DELETE' });
    assert.ok(retired.ok, `retire: ${retired.status}`);
  });
});
