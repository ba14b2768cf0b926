// Browser tests of link quality and capacity on the map (issue 17): the coverage metric (RSRP, SINR, throughput)
// recolours the hexes and their legend, and the sector load layer colours sectors by utilisation. The load layer
// needs GET /api/v1/coverage/sectors/load served; the server needs a completed coverage run with SINR.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { givenTheApp, whenIdle } from './driver.mjs';

const OUT = path.resolve(process.env.COSITE_TEST_OUTPUT ?? 'test-output', 'e2e');
fs.mkdirSync(OUT, { recursive: true });

const fillColour = (page) => page.evaluate(() => JSON.stringify(window.__cosite.map.getPaintProperty('coverage-fill', 'fill-color')));
const legendText = (page) => page.locator('.cosite-coverage .coverage-legend').innerText();

/** The rendered hexes' values of a property, once the coverage layer has drawn some. */
async function renderedHexes(page, property) {
  await page.waitForFunction(() => window.__cosite.renderedCount(['coverage-fill']) > 0, null, { timeout: 30000 });
  await whenIdle(page);
  return page.evaluate((p) => window.__cosite.map.queryRenderedFeatures({ layers: ['coverage-fill'] }).map((f) => f.properties[p]), property);
}

describe('a radio planner reading link quality on the map', () => {
  let app;
  before(async () => {
    app = await givenTheApp({ locale: 'en-GB', hash: '#14/29.5575/106.577' });
  });
  after(async () => {
    await app?.close();
  });

  it('switches the coverage hexes from RSRP to SINR: colours by SINR band, a legend in dB around 0', async () => {
    const { page } = app;
    await page.click('.cosite-coverage .metric label:has(input[value="rsrp"])');
    await page.waitForFunction(() => window.__cosite.map.getLayoutProperty('coverage-fill', 'visibility') !== 'none');
    const bands = await renderedHexes(page, 'band');
    assert.ok(
      bands.every((b) => ['excellent', 'good', 'fair', 'weak'].includes(b)),
      `RSRP bands ${[...new Set(bands)]}`,
    );
    assert.match(await fillColour(page), /"band"/);
    assert.match(await legendText(page), /dBm/);

    await page.click('.cosite-coverage .metric label:has(input[value="sinr"])');
    await page.waitForFunction(() => JSON.stringify(window.__cosite.map.getPaintProperty('coverage-fill', 'fill-color')).includes('sinrBand'));
    const sinr = await renderedHexes(page, 'sinrBand');
    assert.ok(sinr.length > 0, 'hexes drawn');
    // the dev city's run computed SINR: every hex in view has a band, none is drawn as "not computed"
    assert.ok(
      sinr.every((b) => ['excellent', 'good', 'fair', 'poor', 'bad'].includes(b)),
      `SINR bands ${[...new Set(sinr)]}`,
    );
    const legend = await legendText(page);
    assert.match(legend, /SINR of the best server \(dB\)/);
    assert.match(legend, /≥ 20 dB/);
    assert.match(legend, /−5 to 0 dB/);
    assert.match(legend, /not computed – recompute/);
    assert.equal(await page.locator('.cosite-coverage input[value="sinr"]').isChecked(), true);
    await page.screenshot({ path: path.join(OUT, 'capacity-sinr.png') });
  });

  it('switches to throughput: a stepped ramp on Mbit/s that the legend spells out', async () => {
    const { page } = app;
    await page.click('.cosite-coverage .metric label:has(input[value="throughput"])');
    await page.waitForFunction(() => JSON.stringify(window.__cosite.map.getPaintProperty('coverage-fill', 'fill-color')).includes('throughputMbps'));
    const paint = JSON.parse(await fillColour(page));
    const step = JSON.stringify(paint).match(/"step",\["get","throughputMbps"\],"[^"]+",(\d+),"[^"]+",(\d+),"[^"]+",(\d+),"[^"]+",(\d+)/);
    assert.deepEqual(step?.slice(1).map(Number), [10, 50, 100, 300], `thresholds of ${JSON.stringify(paint)}`);
    const mbps = await renderedHexes(page, 'throughputMbps');
    assert.ok(mbps.length > 0 && mbps.every((v) => typeof v === 'number' && v >= 0), 'every hex drawn has a throughput');
    const legend = await legendText(page);
    for (const stop of ['< 10 Mbit/s', '10 to 50 Mbit/s', '50 to 100 Mbit/s', '100 to 300 Mbit/s', '≥ 300 Mbit/s'])
      assert.ok(legend.includes(stop), `legend has ${stop}: ${legend}`);
    await page.screenshot({ path: path.join(OUT, 'capacity-throughput.png') });
  });

  it('pops a hex up with its RSRP, SINR and throughput', async () => {
    const { page } = app;
    // a hex at the centre, away from the controls, with no sector or structure on top of it
    const box = await page.locator('#map').boundingBox();
    const spot = await page.evaluate(
      ([w, h]) => {
        const map = window.__cosite.map;
        for (let dy = -120; dy <= 120; dy += 15)
          for (let dx = -200; dx <= 200; dx += 15) {
            const p = [w / 2 + dx, h / 2 + dy];
            const top = map.queryRenderedFeatures(p, {
              layers: ['key-site-circle', 'structure-circle', 'route-line', 'overlay-fill'].filter((l) => map.getLayer(l)),
            });
            if (!top.length && map.queryRenderedFeatures(p, { layers: ['coverage-fill'] }).length) return p;
          }
        return null;
      },
      [box.width, box.height],
    );
    assert.ok(spot, 'a bare hex near the centre');
    await page.mouse.click(box.x + spot[0], box.y + spot[1]);
    const popup = page.locator('.cosite-popup[data-layer="coverage-fill"]');
    await popup.waitFor();
    const text = await popup.innerText();
    assert.match(text, /RSRP\s+-?\d+(\.\d+)? dBm/);
    assert.match(text, /SINR\s+-?\d+(\.\d+)? dB/);
    assert.match(text, /Throughput \(one user\)\s+\d+(\.\d+)? Mbit\/s/);
    await page.keyboard.press('Escape');
  });

  it('shows the sector load layer when switched on: sectors coloured by utilisation, with it in their popup', async () => {
    const { page } = app;
    await page.evaluate(() => window.__cosite.map.jumpTo({ center: [106.577, 29.5575], zoom: 15 }));
    if ((await page.locator('.cosite-layers > details').getAttribute('open')) === null) await page.click('.cosite-layers > details > summary');
    const loads = page.waitForResponse((r) => r.url().includes('/api/v1/coverage/sectors/load?'));
    await page.check('.cosite-layers input[value="sectorLoad"]');
    const response = await loads;
    assert.equal(response.status(), 200, 'GET /coverage/sectors/load is served');
    const asked = new URL(response.url()).searchParams;
    assert.equal(asked.get('technology'), '5G');
    assert.equal(asked.get('bbox')?.split(',').length, 4);
    await page.waitForFunction(() => window.__cosite.renderedCount(['sector-load-wedge', 'sector-load-omni']) > 0, null, { timeout: 30000 });
    await whenIdle(page);
    const sectors = await page.evaluate(() =>
      window.__cosite.map
        .queryRenderedFeatures({ layers: ['sector-load-wedge', 'sector-load-omni'] })
        .map((f) => ({ ...f.properties, at: f.geometry.coordinates })),
    );
    const classOf = (u) => (u < 50 ? 'lt50' : u < 80 ? '50_80' : u < 100 ? '80_100' : 'ge100');
    for (const s of sectors) assert.equal(s.loadClass, classOf(s.utilisationPct), `sector ${s.tenancyId}/${s.sectorIndex} at ${s.utilisationPct} %`);
    const legend = await page.locator('.cosite-layers .group[data-group="sectorLoad"]').innerText();
    assert.match(legend, /≥ 100 %/);
    assert.match(legend, /overloaded/);
    assert.doesNotMatch(legend, /does not serve/);

    // a wedge's popup (the layer list folded away first): a sector near the centre with nothing drawn over it (not the
    // key site there), clicked along its azimuth
    await page.click('.cosite-layers > details > summary');
    await whenIdle(page);
    const box = await page.locator('#map').boundingBox();
    const target = await page.evaluate(
      ([w, h]) => {
        const map = window.__cosite.map;
        const clickable = ['key-site-circle', 'sector-load-wedge', 'sector-load-omni', 'structure-circle'].filter((l) => map.getLayer(l));
        const spots = map
          .queryRenderedFeatures({ layers: ['sector-load-wedge', 'sector-load-omni'] })
          .map((f) => {
            const p = map.project(f.geometry.coordinates);
            const a = ((f.properties.azimuth ?? 0) * Math.PI) / 180;
            const r = typeof f.properties.azimuth === 'number' ? 12 : 0;
            return { x: p.x + Math.sin(a) * r, y: p.y - Math.cos(a) * r };
          })
          .filter((p) => p.x > 40 && p.y > 40 && p.x < w - 40 && p.y < h - 40)
          .sort((a, b) => Math.hypot(a.x - w / 2, a.y - h / 2) - Math.hypot(b.x - w / 2, b.y - h / 2));
        return spots.find((p) => map.queryRenderedFeatures([p.x, p.y], { layers: clickable })[0]?.layer.id.startsWith('sector-load')) ?? null;
      },
      [box.width, box.height],
    );
    assert.ok(target, 'a sector in view with nothing over it');
    await page.mouse.click(box.x + target.x, box.y + target.y);
    const popup = page.locator('.cosite-popup[data-layer^="sector-load"]');
    await popup.waitFor();
    const text = await popup.innerText();
    assert.match(text, /Utilisation\s+\d+(\.\d+)? %/);
    assert.match(text, /Residents served\s+[\d,]+/);
    assert.match(text, /Busy-hour demand\s+\d+(\.\d+)? Mbit\/s/);
    assert.match(text, /Overloaded\s+(yes|no)/);
    assert.match(text, /Operator\s+China (Mobile|Telecom|Unicom|Broadnet)/);
    await page.screenshot({ path: path.join(OUT, 'capacity-sector-load.png') });
  });

  it('threw no page errors', () => {
    assert.deepEqual(app.errors, []);
  });
});
