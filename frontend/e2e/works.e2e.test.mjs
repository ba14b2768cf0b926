// Browser test of the works check: draw a road-works line across a duct, tick an activity, see the conflict.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BASE_URL, givenTheApp, pixelOf, rendered, whenIdle, apiFetch } from './driver.mjs';

const OUT = path.resolve(process.env.COSITE_TEST_OUTPUT ?? 'test-output', 'e2e');
fs.mkdirSync(OUT, { recursive: true });

describe('the works check in a real browser', () => {
  let app;
  before(async () => {
    app = await givenTheApp({ hash: '#15/29.5575/106.577' });
  });
  after(async () => {
    await app?.close();
  });

  it('draws a works line across a duct and lists the duct with digging forbidden, and a notice for its owner', async () => {
    const { page } = app;
    // a duct near Jiefangbei, and a 60 m line across the middle of its first segment
    const routes = await (await apiFetch(`${BASE_URL}/api/v1/routes?bbox=106.56,29.55,106.59,29.565&kind=duct&limit=50`)).json();
    const duct = routes.features.find((f) => {
      const [[x0, y0], [x1, y1]] = f.geometry.coordinates;
      return Math.hypot((x1 - x0) * 96900, (y1 - y0) * 110574) > 80;
    });
    assert.ok(duct, 'a duct with a segment over 80 m');
    const [[x0, y0], [x1, y1]] = duct.geometry.coordinates;
    const mid = [(x0 + x1) / 2, (y0 + y1) / 2];
    const len = Math.hypot((x1 - x0) * 96900, (y1 - y0) * 110574);
    // perpendicular, 30 m either side
    const nx = (-(y1 - y0) * 110574) / len;
    const ny = ((x1 - x0) * 96900) / len;
    const a = [mid[0] + (nx * 30) / 96900, mid[1] + (ny * 30) / 110574];
    const b = [mid[0] - (nx * 30) / 96900, mid[1] - (ny * 30) / 110574];

    await page.click('#works-toggle');
    await page.locator('#works h2').waitFor();
    await page.evaluate((c) => window.__cosite.map.jumpTo({ center: c, zoom: 17 }), mid);
    await whenIdle(page);
    for (const p of [a, b]) {
      const { x, y } = await pixelOf(page, p);
      await page.mouse.click(x, y);
    }
    await page.waitForFunction(() => window.__cosite.store.get().works?.vertices.length === 2);
    assert.ok(await page.locator('#works input[value="digging"]').isChecked(), 'digging ticked by default');
    await page.click('#works button.primary');
    await page.waitForFunction(() => window.__cosite.store.get().works?.check, null, { timeout: 15000 });
    await whenIdle(page);
    const check = await page.evaluate(() => window.__cosite.store.get().works.check);
    const hit = check.conflicts.find((c) => c.facility.type === 'route' && c.facility.id === duct.id);
    assert.ok(hit, 'the duct is listed');
    assert.equal(hit.activities[0].outcome, 'forbidden');
    assert.equal(check.verdict, 'forbidden');
    assert.equal(await page.locator('#works .badge[data-verdict]').getAttribute('data-verdict'), 'forbidden');
    assert.equal(await page.locator(`#works tr.conflict[data-facility="route-${duct.id}"] .badge.outcome-forbidden`).count(), 1);
    assert.ok((await rendered(page, ['works-conflict-line'])) > 0, 'the duct is highlighted');
    assert.ok((await rendered(page, ['works-line'])) > 0, 'the works line is drawn');
    await page.screenshot({ path: path.join(OUT, 'works-check.png') });
    // the owner's notice prints
    const href = await page.locator(`#works ul.owners a`).first().getAttribute('href');
    const notice = await apiFetch(`${BASE_URL}${href}`);
    assert.equal(notice.status, 200);
    assert.match(await notice.text(), /通信设施保护告知书/);
    assert.deepEqual(app.errors, []);
  });
});
