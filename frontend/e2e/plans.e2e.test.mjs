// Browser test of rollout plans (issue 18): the tower company's planner plans China Broadnet's 4G for Yuzhong (no 4G
// network there yet, so every resident starts uncovered), reads the totals, KPI bars and numbered sites, toggles the
// newly covered cells, downloads the CSV, and turns the plan into analyses; every figure shown is the API's.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { apiAs, givenTheApp, pixelOf, whenIdle } from './driver.mjs';

const OUT = path.resolve(process.env.COSITE_TEST_OUTPUT ?? 'test-output', 'e2e');
fs.mkdirSync(OUT, { recursive: true });

const YUZHONG = 500103;

describe('a tower-company planner making a rollout plan', () => {
  let app;
  before(async () => {
    app = await givenTheApp({ locale: 'en-GB', user: 'planner.tower', hash: '#12/29.55/106.55' });
  });
  after(async () => {
    await app?.close();
  });

  it('runs a plan for Yuzhong: progress, then totals, KPI bars against the target and the sites numbered on the map', async () => {
    const { page } = app;
    await page.click('#rollout-toggle');
    await page.locator('#rollout h2').waitFor();
    await page.locator(`#rollout select[name="districtIds"] option[value="${YUZHONG}"]`).waitFor({ state: 'attached' });
    await page.selectOption('#rollout select[name="districtIds"]', [String(YUZHONG)]);
    await page.selectOption('#rollout select[name="operator"]', 'china-broadnet');
    await page.selectOption('#rollout select[name="technology"]', '4G');
    await page.fill('#rollout input[name="populationCoveragePct"]', '90');
    await page.locator('#rollout input[name="populationCoveragePct"]').blur();
    await page.click('#rollout button.primary');
    await page.locator('#rollout .plan-result').waitFor({ timeout: 120000 });
    const id = await page.getAttribute('#rollout .plan-result', 'data-plan');
    const tower = await apiAs('planner.tower');
    const plan = await (await tower(`/api/v1/plans/${id}`)).json();
    assert.equal(plan.status, 'completed');
    const r = plan.result;
    assert.deepEqual(plan.input.area.districtIds, [YUZHONG]);
    assert.equal(plan.input.operator, 'china-broadnet');
    // the figures shown are the API's
    assert.equal(Number(await page.locator('#rollout .plan-sites').innerText()), r.totals.sites);
    assert.equal(await page.locator('#rollout .plan-sites-table tbody tr').count(), r.sites.length);
    const kpi = r.kpis.find((k) => k.target === 'populationCoveragePct');
    assert.equal(kpi.required, 90);
    assert.equal(kpi.met, true);
    assert.equal(await page.getAttribute('#rollout .plan-kpi[data-target="populationCoveragePct"]', 'data-met'), 'true');
    assert.match(await page.locator('#rollout .plan-kpi[data-target="populationCoveragePct"]').innerText(), /90/);
    // the sites on the map, numbered in build order
    await whenIdle(page);
    await page.waitForFunction(() => window.__cosite.renderedCount(['rollout-sites']) > 0, null, { timeout: 20000 });
    const orders = await page.evaluate(() =>
      window.__cosite.map.querySourceFeatures('rollout', { filter: ['==', ['get', 'role'], 'site'] }).map((f) => f.properties.order),
    );
    assert.deepEqual(
      [...new Set(orders)].sort((a, b) => a - b),
      r.sites.map((s) => s.order),
    );
    await page.screenshot({ path: path.join(OUT, 'rollout-plan.png') });
  });

  it('toggles the newly covered cells, exports the sites as CSV, and turns the plan into analyses once', async () => {
    const { page } = app;
    const id = await page.getAttribute('#rollout .plan-result', 'data-plan');
    const cellsShown = () => page.evaluate(() => window.__cosite.map.querySourceFeatures('rollout', { filter: ['==', ['get', 'role'], 'cell'] }).length);
    await page.waitForFunction(() => window.__cosite.map.querySourceFeatures('rollout', { filter: ['==', ['get', 'role'], 'cell'] }).length > 0, null, {
      timeout: 20000,
    });
    await page.click('#rollout button[data-show="before"]');
    await page.waitForFunction(() => window.__cosite.map.querySourceFeatures('rollout', { filter: ['==', ['get', 'role'], 'cell'] }).length === 0, null, {
      timeout: 10000,
    });
    assert.equal(await cellsShown(), 0);
    await page.click('#rollout button[data-show="after"]');
    await page.waitForFunction(() => window.__cosite.map.querySourceFeatures('rollout', { filter: ['==', ['get', 'role'], 'cell'] }).length > 0, null, {
      timeout: 10000,
    });

    await page.click('#rollout .export-menu summary');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#rollout .export-menu a[data-format="csv"]')]);
    const csv = fs
      .readFileSync(await download.path(), 'utf8')
      .trim()
      .split('\n');
    const tower = await apiAs('planner.tower');
    const plan = await (await tower(`/api/v1/plans/${id}`)).json();
    assert.match(csv[0], /^order,option,structure_id/);
    assert.equal(csv.length, plan.result.sites.length + 1);

    await page.click('#rollout button[data-action="to-work"]');
    await page.click('dialog.confirm button.ok');
    await page.locator('#rollout .plan-work').waitFor({ timeout: 60000 });
    assert.equal(await page.locator('#rollout .plan-work a').count(), plan.result.sites.length);
    const again = await (await tower(`/api/v1/plans/${id}/analyses`, { method: 'POST', body: '{}' })).json();
    assert.equal(again.analyses.length, plan.result.sites.length, 'a second call answers what the first made');
    await page.screenshot({ path: path.join(OUT, 'rollout-plan-work.png') });
    assert.deepEqual(app.errors, []);
  });

  it('plans a drawn area: a click per vertex, a click on the first closes it, and the plan is of that polygon', async () => {
    const { page } = app;
    const centre = [106.5772, 29.5578];
    await page.evaluate((c) => window.__cosite.map.jumpTo({ center: c, zoom: 15 }), centre);
    await whenIdle(page);
    await page.check('#rollout input[name="areaMode"][value="drawn"]');
    const d = 0.003;
    const corners = [
      [centre[0] - d, centre[1] - d],
      [centre[0] + d, centre[1] - d],
      [centre[0] + d, centre[1] + d],
      [centre[0] - d, centre[1] + d],
    ];
    for (const c of [...corners, corners[0]]) {
      const { x, y } = await pixelOf(page, c);
      await page.mouse.click(x, y);
    }
    await page.waitForFunction(() => window.__cosite.store.get().rollout?.finished === true, null, { timeout: 10000 });
    await page.click('#rollout button.primary');
    await page.locator('#rollout .plan-result').waitFor({ timeout: 120000 });
    const id = await page.getAttribute('#rollout .plan-result', 'data-plan');
    const plan = await (await (await apiAs('planner.tower'))(`/api/v1/plans/${id}`)).json();
    assert.equal(plan.input.area.polygon.type, 'Polygon');
    assert.equal(plan.input.area.polygon.coordinates[0].length, 5, 'the four corners drawn, closed');
    for (const s of plan.result.sites) {
      assert.ok(
        Math.abs(s.location.lon - centre[0]) <= d + 1e-6 && Math.abs(s.location.lat - centre[1]) <= d + 1e-6,
        'every site stands inside the drawn area',
      );
    }
    assert.equal(Number(await page.locator('#rollout .plan-sites').innerText()), plan.result.totals.sites);
    await page.screenshot({ path: path.join(OUT, 'rollout-plan-drawn.png') });
    assert.deepEqual(app.errors, []);
  });
});
