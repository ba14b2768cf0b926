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
    // feasible candidates ranked in the body, the infeasible ones one line each in the appendix
    const feasible = a.candidates.filter((c) => c.feasible).length;
    assert.equal(await report.locator('section.feasible tr.candidate').count(), feasible);
    assert.equal(await report.locator('section.appendix .candidate.infeasible').count(), a.candidates.length - feasible);
    assert.equal(await report.locator('section.siting').count(), 1);
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

describe("the planner's result and My analyses, as an operator's planner", () => {
  let app;
  before(async () => {
    app = await givenTheApp({ hash: `#15/${JIEFANGBEI[1]}/${JIEFANGBEI[0]}`, user: 'planner.mobile' });
  });
  after(async () => {
    await app?.close();
  });

  it('shows siting & EMF and the feasible candidates first, fits the ring, and reopens the analysis from My analyses to file it', async () => {
    const { page } = app;
    await page.click('#plan-toggle');
    await page.locator('#planner h2').waitFor();
    const a = await analyseAt(page, JIEFANGBEI, 500);
    assert.equal(a.demand.operator, 'china-mobile');
    // Siting & EMF: the verdict and the EMF figures of the chosen site, in Chinese
    assert.ok(a.siting?.emf, 'the shared structure has an EMF assessment');
    const siting = page.locator('#planner section.siting');
    assert.equal(await siting.getAttribute('data-verdict'), a.siting.verdict);
    const verdictZh = { allowed: '允许建设', allowed_with_conditions: '有条件允许', forbidden: '禁止' };
    assert.equal(await siting.locator('.badge[data-verdict]').textContent(), verdictZh[a.siting.verdict]);
    assert.match(await siting.locator('table.emf').textContent(), new RegExp(`${a.siting.emf.complianceDistanceM} 米`));
    assert.equal(await siting.locator('tr.siting-condition').count(), a.siting.conditions.length);
    assert.doesNotMatch(await siting.textContent(), /GB 8702-2014 Controlling|table 1/, 'citations in Chinese');
    // feasible candidates in the open, the infeasible ones behind their count
    const feasible = a.candidates.filter((c) => c.feasible);
    const infeasible = a.candidates.length - feasible.length;
    assert.ok(feasible.length > 0 && infeasible > 0, 'both kinds in a 500 m ring at Jiefangbei');
    const shownRows = page.locator('#planner tr.candidate:visible');
    assert.equal(await shownRows.count(), feasible.length);
    assert.equal(Number(await shownRows.first().getAttribute('data-structure')), feasible[0].structureId);
    assert.equal((await page.locator('#planner details.infeasible > summary').textContent()).trim(), `另有 ${infeasible} 个不可行`);
    // the map shows the whole ring, and the ring fills much of it
    const fit = await page.evaluate(
      ([lon, lat, r]) => {
        const map = window.__cosite.map;
        const b = map.getBounds();
        const dLat = r / 110574;
        const dLon = r / (111320 * Math.cos((lat * Math.PI) / 180));
        const inView = b.contains([lon - dLon, lat - dLat]) && b.contains([lon + dLon, lat + dLat]);
        const share = Math.max((2 * dLon) / (b.getEast() - b.getWest()), (2 * dLat) / (b.getNorth() - b.getSouth()));
        return { inView, share };
      },
      [a.demand.lon, a.demand.lat, a.demand.searchRadiusM],
    );
    assert.ok(fit.inView, 'the ring is in view');
    assert.ok(fit.share > 0.5, `the ring fills the view (${fit.share.toFixed(2)})`);
    await page.screenshot({ path: path.join(OUT, 'planner-siting.png') });

    // away and back: the planner closed, the map elsewhere; My analyses lists the analysis first and reopens it
    await page.click('#planner button.close');
    await page.evaluate(() => window.__cosite.map.jumpTo({ center: [106.3, 29.3], zoom: 12 }));
    await page.click('#plan-toggle');
    await page.click('#planner details.my-analyses > summary');
    const first = page.locator('#planner details.my-analyses li').first();
    await first.locator('button[data-reopen]').waitFor();
    assert.equal(await first.getAttribute('data-analysis'), a.id);
    assert.equal(await first.locator('.badge[data-decision]').getAttribute('data-decision'), a.decision);
    assert.match(await first.textContent(), /中国移动 5G/);
    await first.locator('button[data-reopen]').click();
    await page.waitForFunction((id) => window.__cosite.store.get().plan?.analysis?.id === id, a.id);
    await page.waitForFunction(() => !window.__cosite.map.isMoving());
    const reopened = await page.evaluate(() => {
      const { plan } = window.__cosite.store.get();
      const c = window.__cosite.map.getCenter();
      return { pin: plan.pin, radiusM: plan.radiusM, centre: [c.lng, c.lat] };
    });
    assert.deepEqual(reopened.pin, { lon: a.demand.lon, lat: a.demand.lat });
    assert.equal(reopened.radiusM, 500);
    assert.ok(Math.abs(reopened.centre[0] - a.demand.lon) < 0.005 && Math.abs(reopened.centre[1] - a.demand.lat) < 0.005, 'the map is back on the ring');
    assert.equal(await page.locator('#planner section.siting').count(), 1);
    // filed from the reopened analysis: the applications panel opens on the new draft
    await page.click('#planner button[data-action="apply"]');
    await page.waitForFunction(() => window.__cosite.store.get().applications?.selected);
    const appId = await page.evaluate(() => window.__cosite.store.get().applications.selected);
    const filed = await (await apiFetch(`${BASE_URL}/api/v1/applications/${appId}`)).json();
    assert.equal(filed.analysisId, a.id);
    assert.deepEqual(app.errors, []);
  });
});
