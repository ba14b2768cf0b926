// Browser tests of the map UI, run by `npm test` against the server it starts (as `npm start` does).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BASE_URL, givenTheApp, pixelOf, rendered, whenIdle, apiFetch } from './driver.mjs';

const OUT = path.resolve(process.env.COSITE_TEST_OUTPUT ?? 'test-output', 'e2e');
fs.mkdirSync(OUT, { recursive: true });

describe('a newcomer opening the bare URL', () => {
  it('lands on Chongqing (Jiefangbei), not on 0°, 0°', async () => {
    const fresh = await givenTheApp({ hash: '' });
    try {
      const c = await fresh.page.evaluate(() => window.__cosite.map.getCenter());
      assert.ok(Math.abs(c.lng - 106.577) < 0.01 && Math.abs(c.lat - 29.5575) < 0.01, `centre ${c.lng}, ${c.lat}`);
      assert.ok((await rendered(fresh.page, ['structure-circle'])) > 0, 'structures in view');
    } finally {
      await fresh.close();
    }
  });
});

describe('the map in a real browser', () => {
  let app;
  before(async () => {
    app = await givenTheApp();
  });
  after(async () => {
    await app?.page.screenshot({ path: path.join(OUT, 'map-final.png') });
    await app?.close();
  });

  it('renders structures, routes and districts around Jiefangbei', async () => {
    const { page } = app;
    await page.screenshot({ path: path.join(OUT, 'map-jiefangbei-z14.png') });
    assert.ok((await rendered(page, ['structure-circle'])) > 100, 'structures rendered');
    assert.ok((await rendered(page, ['route-line'])) > 5, 'routes rendered');
    assert.ok((await rendered(page, ['district-fill'])) > 0, 'districts rendered');
    assert.ok((await rendered(page, ['river-fill'])) > 0, 'rivers rendered');
    assert.deepEqual(app.errors, []);
  });

  it('opens the popup of the tower that was clicked, with its name', async () => {
    const { page } = app;
    // A macro structure that is the topmost clickable feature at its own pixel.
    const target = await page.evaluate(() => {
      const map = window.__cosite.map;
      const towers = map
        .queryRenderedFeatures({ layers: ['structure-circle'] })
        .filter((f) => ['lattice_tower', 'monopole', 'rooftop', 'camouflaged_tower'].includes(f.properties.kind));
      for (const f of towers) {
        const p = map.project(f.geometry.coordinates);
        if (p.x < 350 || p.x > 850 || p.y < 150 || p.y > 650) continue; // clear of the controls
        const top = map.queryRenderedFeatures(p, { layers: ['key-site-circle', 'structure-circle'] })[0];
        if (top && top.layer.id === 'structure-circle' && top.id === f.id) return { id: f.id, lngLat: f.geometry.coordinates };
      }
      return null;
    });
    assert.ok(target, 'a clickable tower in view');
    const expected = await (await apiFetch(`${BASE_URL}/api/v1/structures/${target.id}`)).json();
    const { x, y } = await pixelOf(page, target.lngLat);
    await page.mouse.click(x, y);
    const popup = page.locator('.maplibregl-popup .cosite-popup');
    await popup.waitFor({ timeout: 5000 });
    assert.equal(await popup.locator('h3').textContent(), expected.properties.name);
    await page.screenshot({ path: path.join(OUT, 'popup.png') });

    // …and its detail panel lists the tenancies on it
    await popup.locator('a[data-details]').click();
    const panel = page.locator('#detail h2');
    await panel.waitFor({ timeout: 5000 });
    assert.equal(await panel.textContent(), expected.properties.name);
    const rows = await page.locator('#detail table.tenancies tbody tr').count();
    assert.equal(rows, expected.properties.tenancyCount);
    await page.locator('#detail button.close').click();
  });

  it('flies to Jiefangbei when 解放碑 is searched', async () => {
    const { page } = app;
    await page.evaluate(() => window.__cosite.map.jumpTo({ center: [106.45, 29.6], zoom: 11 }));
    await whenIdle(page);
    await page.fill('.cosite-search input', '解放碑');
    await page.press('.cosite-search input', 'Enter');
    await page.waitForFunction(() => window.__cosite.map.getZoom() > 15.5 && !window.__cosite.map.isMoving(), null, { timeout: 15000 });
    await whenIdle(page);
    const c = await page.evaluate(() => window.__cosite.map.getCenter());
    assert.ok(Math.abs(c.lng - 106.577) < 0.002 && Math.abs(c.lat - 29.5575) < 0.002, `centred on Jiefangbei, got ${c.lng}, ${c.lat}`);
    const labels = await page.evaluate(() => window.__cosite.map.queryRenderedFeatures({ layers: ['key-site-label'] }).map((f) => f.properties.name_zh));
    assert.ok(labels.includes('解放碑商圈'));
    await page.screenshot({ path: path.join(OUT, 'search-jiefangbei.png') });
  });

  it('understands coordinates typed as "lat, lon"', async () => {
    const { page } = app;
    await page.fill('.cosite-search input', '29.6104, 106.5471');
    await page.press('.cosite-search input', 'Enter');
    await page.waitForFunction(
      () => {
        const c = window.__cosite.map.getCenter();
        return Math.abs(c.lat - 29.6104) < 0.001 && !window.__cosite.map.isMoving();
      },
      null,
      { timeout: 15000 },
    );
  });

  it('switches to English and back', async () => {
    const { page } = app;
    await page.click('#lang-toggle');
    await page.waitForFunction(() => document.querySelector('#header h1').textContent.startsWith('Cosite shared'));
    const field = await page.evaluate(() => JSON.stringify(window.__cosite.map.getLayoutProperty('key-site-label', 'text-field')));
    assert.match(field, /"name_en"\],\["get","name_zh"/);
    await whenIdle(page);
    await page.screenshot({ path: path.join(OUT, 'english.png') });
    await page.click('#lang-toggle');
    await page.waitForFunction(() => document.querySelector('#header h1').textContent.startsWith('Cosite 通信'));
  });

  it('hides a layer group from the layer control', async () => {
    const { page } = app;
    // at 1280 px the layer panel starts folded (navigation.e2e checks that); its summary opens it
    if ((await page.locator('.cosite-layers > details').getAttribute('open')) === null) await page.click('.cosite-layers > details > summary');
    await page.uncheck('.cosite-layers input[value="routes"]');
    await page.waitForFunction(() => window.__cosite.map.getLayoutProperty('route-line', 'visibility') === 'none');
    await whenIdle(page);
    assert.equal(await rendered(page, ['route-line']), 0);
    await page.check('.cosite-layers input[value="routes"]');
    await whenIdle(page);
  });

  it('shows predicted coverage hexes for the chosen technology and operator, and the last run', async () => {
    const { page } = app;
    await page.evaluate(() => window.__cosite.map.jumpTo({ center: [106.577, 29.5575], zoom: 13 }));
    // the control shows the latest run as it is (earlier suites may leave a cancelled or a running one last)
    const latest = await page.evaluate(async () => (await (await fetch('/api/v1/coverage/runs')).json())[0]?.status ?? 'none');
    await page.waitForFunction((s) => document.querySelector('.cosite-coverage .run-status')?.dataset.status === s, latest, { timeout: 20000 });
    await page.selectOption('.cosite-coverage select[name="operator"]', 'china-mobile');
    await page.waitForFunction(() => window.__cosite.map.getLayoutProperty('coverage-fill', 'visibility') !== 'none');
    await page.waitForFunction(() => window.__cosite.renderedCount(['coverage-fill']) > 0, null, { timeout: 20000 });
    await whenIdle(page);
    const bands = await page.evaluate(() => [
      ...new Set(window.__cosite.map.queryRenderedFeatures({ layers: ['coverage-fill'] }).map((f) => f.properties.band)),
    ]);
    assert.ok(bands.length > 0 && bands.every((b) => ['excellent', 'good', 'fair', 'weak'].includes(b)), `bands ${bands}`);
    await page.screenshot({ path: path.join(OUT, 'coverage.png') });
    if ((await page.locator('.cosite-layers > details').getAttribute('open')) === null) await page.click('.cosite-layers > details > summary');
    await page.uncheck('.cosite-layers input[value="coverage"]');
  });

  it('made no request to any host but its own', () => {
    const origin = new URL(BASE_URL).origin;
    const foreign = app.requests.filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith('data:') && !u.startsWith('blob:'));
    assert.deepEqual(foreign, []);
    assert.ok(
      app.requests.some((u) => u.includes('/tiles/structures/')),
      'tiles came from our server',
    );
    assert.ok(
      app.requests.some((u) => u.includes('/glyphs/')),
      'glyphs came from our server',
    );
  });
});
