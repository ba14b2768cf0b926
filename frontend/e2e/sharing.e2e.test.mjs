// Browser tests of route sharing, multi-pole integration and the KPI panel, against the sample city.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BASE_URL, givenTheApp, pixelOf, rendered, whenIdle, apiFetch } from './driver.mjs';

const OUT = path.resolve(process.env.COSITE_TEST_OUTPUT ?? 'test-output', 'e2e');
fs.mkdirSync(OUT, { recursive: true });

describe('sharing tools in a real browser', () => {
  let app;
  before(async () => {
    app = await givenTheApp({ hash: '#15/29.5575/106.577' });
  });
  after(async () => {
    await app?.close();
  });

  it('draws a proposed duct beside an existing duct with room, highlights the shared stretch and says it must share', async () => {
    const { page } = app;
    // a built duct near Jiefangbei with free sub-ducts and a first segment over 120 m
    const routes = await (await apiFetch(`${BASE_URL}/api/v1/routes?bbox=106.55,29.55,106.60,29.58&kind=duct&status=built&limit=200`)).json();
    const duct = routes.features.find((f) => {
      const [[x0, y0], [x1, y1]] = f.geometry.coordinates;
      return f.properties.capacityFree >= 1 && Math.hypot((x1 - x0) * 96900, (y1 - y0) * 110574) > 120;
    });
    assert.ok(duct, 'a duct with room and a long first segment');
    const [[x0, y0], [x1, y1]] = duct.geometry.coordinates;
    const len = Math.hypot((x1 - x0) * 96900, (y1 - y0) * 110574);
    // 2 m to one side of the duct, from 10 % to 90 % of its first segment
    const nx = ((-(y1 - y0) * 110574) / len) * 2;
    const ny = (((x1 - x0) * 96900) / len) * 2;
    const along = (f) => [x0 + (x1 - x0) * f + nx / 96900, y0 + (y1 - y0) * f + ny / 110574];
    const a = along(0.1);
    const b = along(0.9);

    await page.click('#routes-toggle');
    await page.locator('#routes h2').waitFor();
    await page.evaluate((c) => window.__cosite.map.jumpTo({ center: c, zoom: 17 }), along(0.5));
    await whenIdle(page);
    for (const p of [a, b]) {
      const { x, y } = await pixelOf(page, p);
      await page.mouse.click(x, y);
    }
    await page.waitForFunction(() => window.__cosite.store.get().routes?.vertices.length === 2);
    await page.click('#routes button.primary');
    await page.waitForFunction(() => window.__cosite.store.get().routes?.check, null, { timeout: 15000 });
    await whenIdle(page);
    const check = await page.evaluate(() => window.__cosite.store.get().routes.check);
    const hit = check.routes.find((r) => r.id === duct.id);
    assert.ok(hit, 'the duct is listed');
    assert.ok(hit.sharedLengthM > 0.75 * len, `most of the ${Math.round(0.8 * len)} m runs along the duct (${hit.sharedLengthM} m)`);
    assert.equal(check.verdict, 'must_share');
    assert.equal(await page.locator('#routes .badge[data-verdict]').getAttribute('data-verdict'), 'must_share');
    assert.equal(await page.locator(`#routes tr.route-along[data-route="${duct.id}"]`).count(), 1);
    assert.ok((await rendered(page, ['route-check-shared'])) > 0, 'the shared stretch is highlighted');
    assert.ok((await rendered(page, ['route-check-line'])) > 0, 'the proposed route is drawn');
    await page.screenshot({ path: path.join(OUT, 'route-check.png') });
    assert.deepEqual(app.errors, []);
  });

  it('proposes smart poles for Yuzhong and draws each with the poles it merges', async () => {
    const { page } = app;
    await page.click('#poles-toggle');
    await page.locator('#poles select[name="district"] option[value="500103"]').waitFor({ state: 'attached' });
    await page.selectOption('#poles select[name="district"]', '500103');
    await page.click('#poles button.primary');
    await page.locator('#poles .run-status[data-status="done"]').waitFor({ timeout: 60000 });
    await whenIdle(page);
    const count = Number(await page.locator('#poles .proposal-count').textContent());
    assert.ok(count > 0, 'smart poles are proposed');
    assert.ok((await rendered(page, ['poles-smart'])) > 0, 'smart poles are drawn');
    assert.ok((await rendered(page, ['poles-link'])) > 0, 'merged poles are linked to them');
    await page.screenshot({ path: path.join(OUT, 'pole-integration.png') });
    assert.deepEqual(app.errors, []);
  });

  it("shows the regulator's dashboard: every rate against its target, 5G density by district, also on the map", async () => {
    const { page } = app;
    await page.click('#kpi-toggle');
    const api = await (await apiFetch(`${BASE_URL}/api/v1/kpis`)).json();
    const names = api.sharing.map((r) => r.rate);
    await page.waitForFunction((n) => n.every((r) => document.querySelector(`#kpi li.kpi[data-rate="${r}"]`)), names, { timeout: 15000 });
    const rates = await page
      .locator('#kpi li.kpi[data-rate]')
      .evaluateAll((els, n) => els.filter((e) => n.includes(e.dataset.rate)).map((e) => [e.dataset.rate, e.dataset.meets]), names);
    assert.deepEqual(
      rates,
      api.sharing.map((r) => [r.rate, r.meetsTarget === null ? 'none' : r.meetsTarget ? 'meets' : 'misses']),
    );
    assert.equal(await page.locator('#kpi li.kpi[data-district]').count(), api.fiveGDensity.districts.length);
    // and as charts: a bar per rate, a bar per district and one for the city
    assert.equal(await page.locator('#kpi-sharing-chart').getAttribute('data-bars'), String(api.sharing.length));
    assert.equal(await page.locator('#kpi-density-chart').getAttribute('data-bars'), String(api.fiveGDensity.districts.length + 1));
    assert.equal(
      await page.locator('#kpi li.kpi[data-district="500103"]').getAttribute('data-meets'),
      api.fiveGDensity.districts.find((d) => d.districtId === 500103).meetsTarget ? 'meets' : 'misses',
    );
    await page.check('#kpi input[name="choropleth"]');
    await page.waitForFunction(() => window.__cosite.store.get().kpi?.choropleth?.features.length > 0, null, { timeout: 15000 });
    await whenIdle(page);
    assert.ok((await rendered(page, ['kpi-density-fill'])) > 0, 'districts coloured by 5G density');
    const csv = await apiFetch(`${BASE_URL}${await page.locator('#kpi a.csv').getAttribute('href')}`);
    assert.match(await csv.text(), /^indicator,scope,value,unit,target,meetsTarget/);
    await page.screenshot({ path: path.join(OUT, 'sharing-kpis.png') });
    assert.deepEqual(app.errors, []);
  });
});
