// Browser tests of the link-profile tool against the sample city and its modelled terrain (gis-data/src/sample/terrain.ts).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BASE_URL, givenTheApp, pixelOf, rendered, whenIdle, apiFetch } from './driver.mjs';

const OUT = path.resolve(process.env.COSITE_TEST_OUTPUT ?? 'test-output', 'e2e');
fs.mkdirSync(OUT, { recursive: true });

// Either side of Zhongliang Shan (crest ≈ 106.418° E at 29.64° N, ≈ 640 m over a 250–350 m plateau): 7.7 km.
const WEST_OF_RIDGE = [106.37, 29.64];
const EAST_OF_RIDGE = [106.45, 29.64];
// A short hop on the plateau south of it, both ends clear of structures: 1.1 km.
const PLATEAU_A = [106.3603, 29.4593];
const PLATEAU_B = [106.3713, 29.4586];
// West of the sample terrain's extent (106.2° E).
const OFF_THE_DEM = [106.15, 29.46];

const profileOf = (page) => page.evaluate(() => window.__cosite.store.get().profile);

/** What the API answers for the link the tool holds now (same ends, heights, frequency and model). */
async function apiAnswerFor(p) {
  const q = new URLSearchParams({
    from: `${p.from.lon},${p.from.lat},${p.txHeightM}`,
    to: `${p.to.lon},${p.to.lat},${p.rxHeightM}`,
    frequencyMHz: String(p.frequencyMHz),
    model: p.model,
  });
  const r = await apiFetch(`${BASE_URL}/api/v1/coverage/profile?${q}`);
  return { status: r.status, body: await r.json() };
}

/** No structure within ~400 m, so a click there is a plain point, not a snap. */
async function noStructureNear([lon, lat]) {
  const d = 0.004;
  const fc = await (await apiFetch(`${BASE_URL}/api/v1/structures?bbox=${lon - d},${lat - d},${lon + d},${lat + d}&limit=1`)).json();
  return fc.numberMatched === 0;
}

async function clickAt(page, lngLat) {
  const { x, y } = await pixelOf(page, lngLat);
  await page.mouse.click(x, y);
}

/** Clicks the two ends and waits for the API's answer (a profile or its problems) in the panel's state. */
async function drawLink(page, a, b) {
  await clickAt(page, a);
  await page.waitForFunction(() => {
    const p = window.__cosite.store.get().profile;
    return p?.from && !p.to;
  });
  await clickAt(page, b);
  await page.waitForFunction(
    () => {
      const p = window.__cosite.store.get().profile;
      return p?.to && !p.loading && (p.result || p.errors);
    },
    null,
    { timeout: 20000 },
  );
  await whenIdle(page);
  return profileOf(page);
}

/** Opens the tool unless it is open. */
async function openTheTool(page) {
  if (!(await page.evaluate(() => window.__cosite.store.get().profile))) await page.click('#profile-toggle');
  await page.locator('#profile h2').waitFor();
}

async function view(page, a, b, zoom) {
  await page.evaluate(([c, z]) => window.__cosite.map.jumpTo({ center: c, zoom: z }), [[(a[0] + b[0]) / 2, (a[1] + b[1]) / 2], zoom]);
  await whenIdle(page);
}

describe('the link-profile tool in a real browser', () => {
  let app;
  before(async () => {
    app = await givenTheApp({ locale: 'en-GB', hash: '#12/29.64/106.41' });
  });
  after(async () => {
    await app?.close();
  });

  it('across the Zhongliang ridge: obstructed, with the chart, the Fresnel zone and the link on the map', async () => {
    const { page } = app;
    assert.ok((await noStructureNear(WEST_OF_RIDGE)) && (await noStructureNear(EAST_OF_RIDGE)), 'the ends are plain points');
    await openTheTool(page);
    await view(page, WEST_OF_RIDGE, EAST_OF_RIDGE, 12);
    const p = await drawLink(page, WEST_OF_RIDGE, EAST_OF_RIDGE);
    assert.equal(p.errors, null, JSON.stringify(p.errors));
    const api = await apiAnswerFor(p);
    assert.equal(api.status, 200);
    assert.equal(api.body.verdict, 'obstructed', 'the ridge cuts the line of sight');

    // the verdict as the API gives it, in words
    const badge = page.locator('#profile .badge.link-verdict');
    assert.equal(await badge.getAttribute('data-verdict'), api.body.verdict);
    assert.match(await badge.textContent(), /^Obstructed/);
    // the chart: every sample, the zone shaded around the line of sight, its 60 % lines, each edge, least clearance
    const chart = page.locator('#profile svg.profile-chart');
    assert.equal(await chart.getAttribute('data-samples'), String(api.body.samples.length));
    const zone = page.locator('#profile svg.profile-chart path.fresnel-zone');
    assert.notEqual(await zone.getAttribute('fill'), 'none');
    const box = await zone.boundingBox();
    assert.ok(box && box.width > 250 && box.height > 3, `the Fresnel zone spans the chart (${JSON.stringify(box)})`);
    assert.equal(await page.locator('#profile svg.profile-chart path.fresnel-60').count(), 2);
    assert.equal(await page.locator('#profile svg.profile-chart g.edge').count(), api.body.edges.length);
    assert.ok(api.body.edges.length > 0);
    assert.equal(await page.locator('#profile svg.profile-chart g.min-clearance').getAttribute('data-distance-m'), String(api.body.minClearance.distanceM));
    assert.ok((await page.locator('#profile svg.profile-chart .x-axis text').count()) >= 3, 'distance ticks');
    assert.ok((await page.locator('#profile svg.profile-chart .y-axis text').count()) >= 3, 'elevation ticks');
    // the figures
    assert.match(await page.locator('#profile tr.distance td').textContent(), new RegExp(`^${(api.body.distanceM / 1000).toFixed(2)} km`));
    assert.match(
      await page.locator('#profile tr.min-clearance td').textContent(),
      new RegExp(`^${api.body.minClearance.clearanceM.toFixed(1)} m \\(${Math.round(api.body.minClearance.fractionOfF1 * 100)} %`),
    );
    assert.equal(await page.locator('#profile tr.diffraction td').textContent(), `${api.body.diffractionLossDb.toFixed(1)} dB`);
    assert.match(await page.locator('#profile tr.total-loss td').textContent(), new RegExp(`^${api.body.totalLossDb.toFixed(1)} dB`));
    // on the map: the link and its two ends
    assert.ok((await rendered(page, ['profile-link'])) > 0, 'the link is drawn');
    assert.equal(await rendered(page, ['profile-end']), 2);
    await page.screenshot({ path: '/tmp/profile-obstructed.png' });
    await page.screenshot({ path: path.join(OUT, 'profile-obstructed.png') });
    assert.deepEqual(app.errors, []);
  });

  it('a short hop on the plateau is clear, and changing an input asks again', async () => {
    const { page } = app;
    await openTheTool(page);
    assert.ok((await noStructureNear(PLATEAU_A)) && (await noStructureNear(PLATEAU_B)), 'the ends are plain points');
    await view(page, PLATEAU_A, PLATEAU_B, 14);
    // a third click starts a new link
    let p = await drawLink(page, PLATEAU_A, PLATEAU_B);
    let api = await apiAnswerFor(p);
    assert.equal(api.body.verdict, 'clear');
    assert.equal(await page.locator('#profile .badge.link-verdict').getAttribute('data-verdict'), 'clear');
    assert.match(await page.locator('#profile .badge.link-verdict').textContent(), /^Clear/);
    assert.equal(await page.locator('#profile svg.profile-chart g.edge').count(), 0);

    // a 10 m receiver: asked again with it, the answer the API gives for 10 m
    await page.fill('#profile input[name="rxHeightM"]', '10');
    await page.press('#profile input[name="rxHeightM"]', 'Tab');
    await page.waitForFunction(
      () => {
        const p = window.__cosite.store.get().profile;
        return p.result?.to.heightM === 10 && !p.loading;
      },
      null,
      { timeout: 20000 },
    );
    p = await profileOf(page);
    api = await apiAnswerFor(p);
    assert.equal(p.result.minClearance.clearanceM, api.body.minClearance.clearanceM);
    assert.match(await page.locator('#profile tr.min-clearance td').textContent(), new RegExp(`^${api.body.minClearance.clearanceM.toFixed(1)} m`));
    await page.screenshot({ path: '/tmp/profile-clear.png' });
    await page.screenshot({ path: path.join(OUT, 'profile-clear.png') });
    assert.deepEqual(app.errors, []);
  });

  it("shows the API's problem in the panel: an end beyond the terrain", async () => {
    const { page } = app;
    await openTheTool(page);
    await view(page, PLATEAU_A, OFF_THE_DEM, 11);
    const p = await drawLink(page, PLATEAU_A, OFF_THE_DEM);
    const api = await apiAnswerFor(p);
    assert.equal(api.status, 400);
    const problem = api.body.errors.find((e) => e.field === 'to');
    assert.match(problem.problem, /no terrain/);
    const shown = await page.locator('#profile .errors li').allTextContents();
    // told in the catalogue's words for the API's code, labelled with the end it is about
    assert.equal(api.body.code, 'terrain_missing');
    assert.deepEqual(shown, ['End B: no terrain under this point: import a DEM that covers it']);
    assert.equal(await page.locator('#profile svg.profile-chart').count(), 0, 'no chart of a link that has none');
    await page.screenshot({ path: '/tmp/profile-error.png' });
    assert.deepEqual(app.errors, []);
  });

  it("a click on a structure snaps to it and takes its tallest tenancy's antenna height", async () => {
    const { page } = app;
    await openTheTool(page);
    await page.evaluate(() => window.__cosite.map.jumpTo({ center: [106.577, 29.5575], zoom: 16 }));
    await whenIdle(page);
    // a structure with tenants that is the topmost feature at its own pixel, in the open part of the map
    const target = await page.evaluate(() => {
      const map = window.__cosite.map;
      const box = map.getContainer().getBoundingClientRect();
      for (const f of map.queryRenderedFeatures({ layers: ['structure-circle'] })) {
        if (!(f.properties.tenant_count > 0)) continue;
        const q = map.project(f.geometry.coordinates);
        if (q.x < 150 || q.x > box.width - 250 || q.y < 150 || q.y > box.height - 100) continue;
        const top = map.queryRenderedFeatures(
          [
            [q.x - 6, q.y - 6],
            [q.x + 6, q.y + 6],
          ],
          { layers: ['structure-circle'] },
        );
        if (top.length === 1 && top[0].id === f.id) return { id: f.id, lngLat: f.geometry.coordinates };
      }
      return null;
    });
    assert.ok(target, 'a structure with tenants in view');
    const [structure, tenancies] = await Promise.all([
      apiFetch(`${BASE_URL}/api/v1/structures/${target.id}`).then((r) => r.json()),
      apiFetch(`${BASE_URL}/api/v1/tenancies?structure=${target.id}&limit=100`).then((r) => r.json()),
    ]);
    const tallest = Math.max(...tenancies.features.map((f) => f.properties.antennaHeightM));
    // a third click: a new link starting at the structure
    await clickAt(page, target.lngLat);
    await page.waitForFunction((id) => window.__cosite.store.get().profile?.from?.structure?.id === id && !window.__cosite.store.get().profile.to, target.id, {
      timeout: 15000,
    });
    const p = await profileOf(page);
    assert.deepEqual([p.from.lon, p.from.lat], structure.geometry.coordinates, "the start is the structure's own position");
    assert.equal(p.txHeightM, Math.round(tallest * 10) / 10);
    assert.equal(await page.locator('#profile input[name="txHeightM"]').inputValue(), String(p.txHeightM));
    assert.equal(await page.locator(`#profile .link-end[data-structure-id="${target.id}"]`).count(), 1);
    // and the link from it to a point 200 px towards the map's middle: the verdict the API gives for that link
    const { x, y } = await pixelOf(page, target.lngLat);
    const middle = await page.evaluate(() => {
      const r = window.__cosite.map.getContainer().getBoundingClientRect();
      return r.left + r.width / 2;
    });
    await page.mouse.click(x < middle ? x + 200 : x - 200, y);
    await page.waitForFunction(
      () => {
        const p = window.__cosite.store.get().profile;
        return p?.to && !p.loading && (p.result || p.errors);
      },
      null,
      { timeout: 20000 },
    );
    const linked = await profileOf(page);
    const api = await apiAnswerFor(linked);
    assert.equal(api.status, 200);
    assert.equal(linked.result.from.heightM, p.txHeightM);
    assert.equal(await page.locator('#profile .badge.link-verdict').getAttribute('data-verdict'), api.body.verdict);
    await page.screenshot({ path: '/tmp/profile-structure.png' });
    assert.deepEqual(app.errors, []);
  });

  it('Esc ends the tool and takes the link off the map', async () => {
    const { page } = app;
    await openTheTool(page);
    await view(page, PLATEAU_A, PLATEAU_B, 14);
    await drawLink(page, PLATEAU_A, PLATEAU_B);
    assert.ok((await rendered(page, ['profile-link'])) > 0);
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => window.__cosite.store.get().profile === null);
    await whenIdle(page);
    assert.equal(await page.locator('#profile').isHidden(), true);
    assert.equal(await rendered(page, ['profile-link', 'profile-end']), 0);
    assert.equal(await page.locator('#profile-toggle').getAttribute('aria-pressed'), 'false');
    assert.deepEqual(app.errors, []);
  });
});
