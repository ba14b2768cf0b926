// Browser test of drawing on the map (map/draw.ts, on terra-draw), as a user draws: clicks on the map canvas,
// a double-click or a click on the first vertex to finish, Escape to cancel; the same in every tool that draws.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { givenTheApp, rendered, whenIdle } from './driver.mjs';

const OUT = path.resolve(process.env.COSITE_TEST_OUTPUT ?? 'test-output', 'e2e');
fs.mkdirSync(OUT, { recursive: true });
// Wanzhou, away from the sample's overlays
const CENTRE = [108.42, 30.62];

describe('drawing on the map in a real browser', () => {
  let app;
  before(async () => {
    app = await givenTheApp({ hash: `#16/${CENTRE[1]}/${CENTRE[0]}` });
  });
  after(async () => {
    await app?.close();
  });

  /** Page pixel at (dx, dy) pixels from the map's centre. */
  const at = async (dx, dy) => {
    const box = await app.page.locator('#map canvas').boundingBox();
    return { x: box.x + box.width / 2 + dx, y: box.y + box.height / 2 + dy };
  };
  const click = async (dx, dy) => {
    const { x, y } = await at(dx, dy);
    await app.page.mouse.click(x, y);
  };
  const hover = async (dx, dy) => {
    const { x, y } = await at(dx, dy);
    await app.page.mouse.move(x, y, { steps: 4 });
  };
  const state = (tool) => app.page.evaluate((t) => window.__cosite.store.get()[t], tool);
  const until = (fn, arg) => app.page.waitForFunction(fn, arg, { timeout: 10000 });

  it('draws a works area: a click per vertex, a click on the first vertex closes it, Escape cancels one', async () => {
    const { page } = app;
    await page.click('#works-toggle');
    await page.locator('#works h2').waitFor();
    await page.check('#works input[name="shape"][value="polygon"]');
    await click(-120, -80);
    await click(120, -80);
    await click(120, 80);
    await until(() => window.__cosite.store.get().works?.vertices.length === 3);
    // the shape follows the pointer while it is drawn
    await hover(-60, 90);
    await whenIdle(page);
    assert.ok((await rendered(page, ['cosite-draw-polygon'])) > 0, 'the area being drawn is on the map');
    await page.screenshot({ path: path.join(OUT, 'drawing-works-area-drawn.png') });
    await page.evaluate(() => {
      window.__seen = [];
      window.__cosite.store.subscribe((s) => window.__seen.push(s.works?.vertices.length));
    });
    await click(-120, -80);
    await until(() => window.__cosite.store.get().works?.finished);
    const w = await state('works');
    assert.equal(w.vertices.length, 3);
    assert.ok(!(await page.evaluate(() => window.__seen)).includes(0), 'finishing keeps the vertices all along');
    assert.equal(
      await page
        .locator('#works .vertices')
        .textContent()
        .then((t) => /3/.test(t)),
      true,
    );
    await whenIdle(page);
    assert.ok((await rendered(page, ['works-fill'])) > 0, "the finished area is the tool's own");
    assert.equal(await rendered(page, ['cosite-draw-polygon']), 0, 'and drawing has stopped');
    await page.screenshot({ path: path.join(OUT, 'drawing-works-area-finished.png') });

    // a line: Escape drops the one being drawn, a double-click finishes the next
    await page.click('#works button[data-action="clear"]');
    await page.check('#works input[name="shape"][value="line"]');
    await click(-100, 0);
    await click(0, 40);
    await until(() => window.__cosite.store.get().works?.vertices.length === 2);
    await page.keyboard.press('Escape');
    await until(() => window.__cosite.store.get().works?.vertices.length === 0);
    assert.equal((await state('works')).finished, false);
    await click(-100, 0);
    const end = await at(100, 40);
    await page.mouse.dblclick(end.x, end.y);
    await until(() => window.__cosite.store.get().works?.finished);
    assert.equal((await state('works')).vertices.length, 2);
    // a double-click finishes the line, it does not zoom the map
    assert.equal(Math.round(await page.evaluate(() => window.__cosite.map.getZoom())), 16);
    assert.deepEqual(app.errors, []);
  });

  it('draws a proposed route, finished by its button, and keeps drawing across a change of language', async () => {
    const { page } = app;
    await page.click('#routes-toggle');
    await page.locator('#routes h2').waitFor();
    await click(-150, 60);
    await click(-30, -20);
    await until(() => window.__cosite.store.get().routes?.vertices.length === 2);
    await page.click('#lang-toggle');
    await whenIdle(page);
    await click(130, -60);
    await until(() => window.__cosite.store.get().routes?.vertices.length === 3);
    await hover(150, 40);
    await whenIdle(page);
    assert.ok((await rendered(page, ['cosite-draw-linestring'])) > 0, 'the route being drawn is on the map');
    await page.screenshot({ path: path.join(OUT, 'drawing-route-drawn.png') });
    await page.click('#routes button[data-action="finish"]');
    await until(() => window.__cosite.store.get().routes?.finished);
    assert.equal((await state('routes')).vertices.length, 3);
    await whenIdle(page);
    assert.ok((await rendered(page, ['route-check-line'])) > 0, "the finished route is the tool's own");
    await page.click('#lang-toggle');
    assert.deepEqual(app.errors, []);
  });

  it('draws a new overlay, closed by a click on its first vertex, and closing the tool stops drawing', async () => {
    const { page } = app;
    await page.click('#zoning-toggle');
    await page.locator('#zoning h2').waitFor();
    await page.click('#zoning button[data-action="draw"]');
    for (const [dx, dy] of [
      [-100, -100],
      [100, -100],
      [140, 60],
      [-60, 100],
    ])
      await click(dx, dy);
    await until(() => window.__cosite.store.get().zoning?.vertices.length === 4);
    await hover(-90, 30);
    await whenIdle(page);
    await page.screenshot({ path: path.join(OUT, 'drawing-overlay-drawn.png') });
    await click(-100, -100);
    await until(() => window.__cosite.store.get().zoning?.drawing === false);
    assert.equal((await state('zoning')).vertices.length, 4);
    await whenIdle(page);
    assert.ok((await rendered(page, ['zoning-sketch-fill'])) > 0, 'the finished outline waits to be saved');
    await page.screenshot({ path: path.join(OUT, 'drawing-overlay-finished.png') });

    // closing a tool mid-drawing takes its drawing away
    await page.click('#zoning button[data-action="draw"]');
    await click(0, 0);
    await click(50, 50);
    await until(() => window.__cosite.store.get().zoning?.vertices.length === 2);
    await page.click('#zoning button.close');
    await whenIdle(page);
    assert.equal(await page.evaluate(() => window.__cosite.map.getStyle().layers.filter((l) => l.id.startsWith('cosite-draw')).length), 0);
    assert.deepEqual(app.errors, []);
  });
});
