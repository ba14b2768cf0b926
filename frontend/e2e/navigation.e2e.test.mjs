// Browser test of map and navigation: panels in the address (Back, Forward, a link), Escape, the layer panel and its
// legend, and the search (outside the municipality, a marker, Plan here).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BASE_URL, apiFetch, givenTheApp, rendered, whenIdle } from './driver.mjs';

const OUT = path.resolve(process.env.COSITE_TEST_OUTPUT ?? 'test-output', 'e2e');
fs.mkdirSync(OUT, { recursive: true });
const JIEFANGBEI = [106.577, 29.5575];

const state = (page) =>
  page.evaluate(() => {
    const s = window.__cosite.store.get();
    const open = ['plan', 'works', 'zoning', 'routes', 'poles', 'kpi', 'applications', 'profile'].filter((t) => s[t] !== null);
    return { open, selection: s.selection, plan: s.plan, hiddenClasses: [...(s.hiddenClasses ?? [])] };
  });

describe('map and navigation in a real browser', () => {
  let app;
  before(async () => {
    app = await givenTheApp({ hash: `#15/${JIEFANGBEI[1]}/${JIEFANGBEI[0]}` });
  });
  after(async () => {
    await app?.close();
  });

  it('keeps panels in the address: Back and Forward move through them, Escape closes the top one; the layer panel starts folded and its legend switches classes', async () => {
    const { page } = app;
    // at 1280 px the layer panel starts folded; its summary opens it
    assert.equal(await page.locator('.cosite-layers > details').getAttribute('open'), null, 'folded below 1440 px');
    await page.click('.cosite-layers > details > summary');
    const lattice = page.locator('.cosite-layers .legend-entry[data-group="structures"][data-value="lattice_tower"]');
    assert.equal(await lattice.getAttribute('aria-pressed'), 'true');
    const towers = await rendered(page, ['structure-circle']);
    await lattice.click();
    await whenIdle(page);
    assert.equal(await lattice.getAttribute('aria-pressed'), 'false');
    assert.deepEqual((await state(page)).hiddenClasses, ['structures:lattice_tower']);
    const lattices = () =>
      page.evaluate(
        () => window.__cosite.map.queryRenderedFeatures({ layers: ['structure-circle'] }).filter((f) => f.properties.kind === 'lattice_tower').length,
      );
    assert.equal(await lattices(), 0, 'no lattice tower drawn once its class is off');
    assert.ok((await rendered(page, ['structure-circle'])) < towers, 'fewer structures drawn');
    await lattice.click();
    await whenIdle(page);
    assert.ok((await lattices()) > 0, 'lattice towers back');

    // panels: planner, then works; Back returns to the planner, Forward to the works
    await page.click('#plan-toggle');
    await page.locator('#planner h2').waitFor();
    assert.match(page.url(), /[?&]panel=plan/);
    await page.click('#works-toggle');
    assert.deepEqual((await state(page)).open, ['works']);
    await page.goBack();
    await page.waitForFunction(() => window.__cosite.store.get().plan !== null);
    assert.deepEqual((await state(page)).open, ['plan']);
    assert.equal(await page.locator('#planner').isVisible(), true);
    await page.goForward();
    await page.waitForFunction(() => window.__cosite.store.get().works !== null);
    assert.deepEqual((await state(page)).open, ['works']);
    assert.equal(await page.locator('#planner').isVisible(), false);

    // Escape: the detail panel first, then the tool panel
    await page.evaluate(() => window.__cosite.store.update({ selection: { layer: 'structures', id: 1 } }));
    assert.match(page.url(), /[?&]structure=1/);
    await page.locator('#detail h2').waitFor();
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('#detail').isVisible(), false);
    assert.deepEqual((await state(page)).open, ['works'], 'the tool panel stays while the detail closes');
    await page.keyboard.press('Escape');
    assert.deepEqual((await state(page)).open, []);
    assert.doesNotMatch(page.url(), /panel=/);
    // and Back brings the works panel back
    await page.goBack();
    await page.waitForFunction(() => window.__cosite.store.get().works !== null);
  });

  it('opens an analysis from a link, and the planner places the demand point from the keyboard', async () => {
    const { page } = app;
    const r = await apiFetch(`${BASE_URL}/api/v1/colocation/analyses`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        location: { lon: 106.5801, lat: 29.5592 },
        searchRadiusM: 400,
        operator: 'china-mobile',
        technology: '5G',
        bandMHz: 3500,
        antennaHeightM: 30,
        slots: 1,
        loadKg: 120,
        indoor: false,
      }),
    });
    assert.equal(r.status, 201);
    const made = await r.json();
    await page.goto(`${BASE_URL}/?analysis=${made.id}#15/29.5575/106.577`);
    await page.waitForFunction((id) => window.__cosite?.store.get().plan?.analysis?.id === id, made.id, { timeout: 30000 });
    const s = await state(page);
    assert.deepEqual(s.open, ['plan']);
    assert.deepEqual(s.plan.pin, { lon: 106.5801, lat: 29.5592 });
    assert.equal(s.plan.radiusM, 400);
    await page.locator('#planner tr.candidate').first().waitFor();
    assert.equal(await page.locator('#planner tr.candidate').count(), made.candidates.length);
    assert.match(page.url(), new RegExp(`analysis=${made.id}`));

    // from the keyboard: focus the map, move it with an arrow, place the pin at its centre with Enter
    await page.focus('.maplibregl-canvas');
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => !window.__cosite.map.isMoving());
    const centre = await page.evaluate(() => window.__cosite.map.getCenter().toArray());
    await page.keyboard.press('Enter');
    const placed = (await state(page)).plan;
    assert.equal(placed.analysis, null, 'a new pin drops the answer');
    assert.ok(Math.abs(placed.pin.lon - centre[0]) < 1e-5 && Math.abs(placed.pin.lat - centre[1]) < 1e-5, 'pin at the map centre');
    assert.ok(placed.pin.lon > 106.5801, 'the arrow moved the map east first');
    assert.match(await page.locator('#announce').textContent(), /需求点/);
  });

  it('search: a point outside Chongqing is said to be so, a place gets a marker, and Plan here opens the planner there', async () => {
    const { page } = app;
    await page.keyboard.press('Escape');
    const before = await page.evaluate(() => window.__cosite.map.getCenter().toArray());
    for (const q of ['39.9, 116.4', '30.0, 31.2']) {
      await page.fill('.cosite-search input', q);
      await page.press('.cosite-search input', 'Enter');
      await page.locator('.cosite-search .message[data-outside="true"]').waitFor();
      assert.match(await page.textContent('.cosite-search .message'), /重庆市域外/);
      assert.equal(await page.locator('.search-marker').count(), 0);
      assert.equal(await page.locator('[data-action="plan-here"]').count(), 0);
    }
    const after = await page.evaluate(() => window.__cosite.map.getCenter().toArray());
    assert.ok(Math.abs(after[0] - before[0]) < 0.01 && Math.abs(after[1] - before[1]) < 0.01, 'the map did not fly away');

    // the answer's time: from the form's submit to the marker on the map, timed in the page (the software-rendered
    // map keeps the test's own clock busy)
    await page.evaluate(() => {
      const form = document.querySelector('.cosite-search form');
      form.addEventListener('submit', () => (window.__asked = performance.now()), { capture: true, once: true });
      new window.MutationObserver((_, o) => {
        if (!document.querySelector('.search-marker')) return;
        window.__answered = performance.now();
        o.disconnect();
      }).observe(window.__cosite.map.getContainer(), { childList: true, subtree: true });
    });
    await page.fill('.cosite-search input', '解放碑');
    await page.press('.cosite-search input', 'Enter');
    await page.locator('.search-marker').waitFor();
    const ms = await page.evaluate(() => window.__answered - window.__asked);
    assert.ok(ms < 1000, `answered in ${Math.round(ms)} ms`);
    assert.match(await page.textContent('.cosite-search .message'), /解放碑.*渝中区/);
    await page.screenshot({ path: path.join(OUT, 'navigation-search.png') });
    await page.click('[data-action="plan-here"]');
    await page.locator('#planner h2').waitFor();
    const s = await state(page);
    assert.deepEqual(s.open, ['plan']);
    assert.ok(Math.abs(s.plan.pin.lon - JIEFANGBEI[0]) < 0.01 && Math.abs(s.plan.pin.lat - JIEFANGBEI[1]) < 0.01, 'the pin at the answer');
    assert.match(await page.textContent('#planner .pin'), /29\.5\d+, 106\.5\d+/);
  });
});
