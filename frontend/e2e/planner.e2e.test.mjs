// Browser test of the planner's flow: pin, ring, demand, ranked candidates with reason badges, new build, report.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BASE_URL, givenTheApp, pixelOf, rendered, whenIdle, apiFetch } from './driver.mjs';

const OUT = path.resolve(process.env.COSITE_TEST_OUTPUT ?? 'test-output', 'e2e');
fs.mkdirSync(OUT, { recursive: true });
const JIEFANGBEI = [106.577, 29.5575];

const analysis = (page) => page.evaluate(() => window.__cosite.store.get().plan?.analysis ?? null);

async function analyseAt(page, lngLat, radiusM) {
  const { x, y } = await pixelOf(page, lngLat);
  await page.mouse.click(x, y);
  await page.waitForFunction(() => window.__cosite.store.get().plan?.pin && !window.__cosite.store.get().plan.analysis);
  await page.fill('#planner input[name="searchRadiusM"]', String(radiusM));
  const before = (await analysis(page))?.id;
  await page.click('#planner button.primary');
  await page.waitForFunction(
    (id) => {
      const a = window.__cosite.store.get().plan?.analysis;
      return a && a.id !== id;
    },
    before,
    { timeout: 15000 },
  );
  await whenIdle(page);
  return analysis(page);
}

describe('the planner in a real browser', () => {
  let app;
  before(async () => {
    app = await givenTheApp({ hash: `#15/${JIEFANGBEI[1]}/${JIEFANGBEI[0]}` });
  });
  after(async () => {
    await app?.close();
  });

  it('drops a pin, draws the ring, and ranks the candidates with reasons as badges', async () => {
    const { page } = app;
    await page.click('#plan-toggle');
    await page.locator('#planner h2').waitFor();
    await page.selectOption('#planner select[name="operator"]', 'china-broadnet');
    const a = await analyseAt(page, JIEFANGBEI, 300);
    // the ring as asked, and the candidates on the map, feasible and infeasible alike
    assert.equal(a.demand.searchRadiusM, 300);
    assert.ok((await rendered(page, ['plan-ring-line'])) > 0, 'ring drawn');
    assert.ok(a.candidates.length > 0, 'structures in a 300 m ring at Jiefangbei');
    assert.ok((await rendered(page, ['plan-candidate'])) > 0, 'candidates drawn');
    // the list shows every candidate, ranked feasible first, in the order of the analysis
    const rows = page.locator('#planner tr.candidate');
    assert.equal(await rows.count(), a.candidates.length);
    assert.equal(Number(await rows.first().getAttribute('data-structure')), a.candidates[0].structureId);
    assert.equal(await page.locator('#planner .badge[data-decision]').getAttribute('data-decision'), a.decision);
    // reasons are readable badges: Chinese first, English after switching
    const infeasible = a.candidates.find((c) => c.reasons.length);
    assert.ok(infeasible, 'some candidate has a reason');
    const badge = page.locator(`#planner tr.candidate[data-structure="${infeasible.structureId}"] .badge.reason`).first();
    const zh = {
      no_free_slot: '无空余挂载位',
      load_exceeded: '荷载超限',
      too_low: '高度不足',
      unsuitable_kind: '设施类型不适用',
      already_hosts_operator: '已有本运营商设备',
      not_built: '尚未建成',
      outside_ring: '位于搜索圈外',
    };
    assert.equal(await badge.textContent(), zh[infeasible.reasons[0]]);
    await page.screenshot({ path: path.join(OUT, 'planner-share.png') });
    await page.click('#lang-toggle');
    const en = {
      no_free_slot: 'no free slot',
      load_exceeded: 'load exceeded',
      too_low: 'too low',
      unsuitable_kind: 'unsuitable kind',
      already_hosts_operator: 'already hosts this operator',
      not_built: 'not built yet',
      outside_ring: 'outside the ring',
    };
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    assert.equal(
      await page.locator(`#planner tr.candidate[data-structure="${infeasible.structureId}"] .badge.reason`).first().textContent(),
      en[infeasible.reasons[0]],
    );
  });

  it('exports the analysis as a printable report with the map, and as a PDF', async () => {
    const { page } = app;
    const a = await analysis(page);
    const [report] = await Promise.all([page.context().waitForEvent('page'), page.click('#planner button[data-action="report"]')]);
    await report.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
    assert.equal(await report.locator('tr.candidate').count(), a.candidates.length);
    assert.equal(await report.locator('.badge[data-decision]').getAttribute('data-decision'), a.decision);
    assert.equal(await report.locator('#report-map canvas').count(), 1);
    await report.screenshot({ path: path.join(OUT, 'planner-report.png'), fullPage: true });
    const pdf = await report.pdf({ format: 'A4', printBackground: true });
    fs.writeFileSync(path.join(OUT, 'planner-report.pdf'), pdf);
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    assert.ok(pdf.length > 20_000, `a PDF with the map in it (${pdf.length} bytes)`);
    await report.close();
  });

  it('suggests a new-build site when nothing stands in a small ring, and draws it', async () => {
    const { page } = app;
    // a spot on land with no structure within ~50 m (the API says) and no no-build zone (the map says)
    let spot = null;
    for (let k = 1; k < 49 && !spot; k++) {
      const lon = JIEFANGBEI[0] + ((k % 7) - 3) * 0.0012;
      const lat = JIEFANGBEI[1] + (Math.floor(k / 7) - 3) * 0.0012;
      const r = await apiFetch(`${BASE_URL}/api/v1/structures?bbox=${lon - 0.0005},${lat - 0.0005},${lon + 0.0005},${lat + 0.0005}&limit=1`);
      if ((await r.json()).features.length) continue;
      // close in, so the click lands well clear of the last analysis's candidates
      await page.evaluate((c) => window.__cosite.map.jumpTo({ center: c, zoom: 17 }), [lon, lat]);
      await whenIdle(page);
      const blocked = await page.evaluate(
        (c) => {
          const map = window.__cosite.map;
          return map
            .queryRenderedFeatures(map.project(c), { layers: ['river-fill', 'overlay-fill'] })
            .some((f) => f.layer.id === 'river-fill' || f.properties.kind === 'no_build_zone');
        },
        [lon, lat],
      );
      if (!blocked) spot = [lon, lat];
    }
    assert.ok(spot, 'an empty spot on land near Jiefangbei');
    const a = await analyseAt(page, spot, 30);
    assert.equal(a.decision, 'new_build');
    assert.ok(a.newBuild.location, 'a buildable point');
    assert.equal(await page.locator('#planner .new-build').count(), 1);
    assert.ok((await rendered(page, ['plan-new-build'])) >= 1, 'the suggested site is drawn');
    await page.screenshot({ path: path.join(OUT, 'planner-new-build.png') });
    assert.deepEqual(app.errors, []);
  });
});
