// Browser test of the overlay editor: draw a no-build zone, save it, change it (a new version), retire it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BASE_URL, givenTheApp, pixelOf, whenIdle, apiFetch } from './driver.mjs';

const OUT = path.resolve(process.env.COSITE_TEST_OUTPUT ?? 'test-output', 'e2e');
fs.mkdirSync(OUT, { recursive: true });
// Wanzhou, away from the sample's overlays
const CENTRE = [108.42, 30.62];

describe('the zoning editor in a real browser', () => {
  let app;
  before(async () => {
    app = await givenTheApp({ hash: `#16/${CENTRE[1]}/${CENTRE[0]}` });
  });
  after(async () => {
    await app?.close();
  });

  it('draws a new overlay, saves it, keeps a version per change, and retires it', async () => {
    const { page } = app;
    await page.click('#zoning-toggle');
    await page.locator('#zoning h2').waitFor();
    await page.click('#zoning button[data-action="draw"]');
    const d = 0.0015;
    for (const p of [
      [CENTRE[0] - d, CENTRE[1] - d],
      [CENTRE[0] - d, CENTRE[1] + d],
      [CENTRE[0] + d, CENTRE[1] + d],
      [CENTRE[0] + d, CENTRE[1] - d],
    ]) {
      const { x, y } = await pixelOf(page, p);
      await page.mouse.click(x, y);
    }
    await page.waitForFunction(() => window.__cosite.store.get().zoning?.vertices.length === 4);
    await page.selectOption('#zoning select[name="kind"]', 'no_build_zone');
    const name = `浏览器测试禁建区 ${Date.now()}`;
    await page.fill('#zoning input[name="name"]', name);
    await page.fill('#zoning input[name="authority"]', '万州区规划局');
    await page.click('#zoning button.primary');
    await page.waitForFunction(() => window.__cosite.store.get().zoning?.selected, null, { timeout: 10000 });
    const id = await page.evaluate(() => window.__cosite.store.get().zoning.selected.id);
    const created = await (await apiFetch(`${BASE_URL}/api/v1/overlays/${id}`)).json();
    assert.equal(created.properties.name, name);
    assert.equal(created.properties.kind, 'no_build_zone');
    assert.equal(created.geometry.coordinates[0][0].length, 5, 'a closed ring of the four points drawn');
    await whenIdle(page);
    // the map shows it straight away
    await page.waitForFunction((oid) => window.__cosite.map.queryRenderedFeatures({ layers: ['overlay-fill'] }).some((f) => f.id === oid), id, {
      timeout: 10000,
    });
    await page.screenshot({ path: path.join(OUT, 'zoning-editor.png') });

    // a change is a new version, listed in the panel
    await page.fill('#zoning input[name="name"]', `${name}（调整）`);
    await page.click('#zoning button.primary');
    await page.waitForFunction(() => window.__cosite.store.get().zoning?.versions.length === 2, null, { timeout: 10000 });
    assert.equal(await page.locator('#zoning ol.versions li').count(), 2);

    // retired, not deleted: the overlay and its history stay
    await page.click('#zoning button[data-action="retire"]');
    // asked first, in a dialog: Cancel (the focused button) keeps it; the confirming button retires it
    await page.locator('dialog.confirm[open] button.cancel:focus').waitFor({ timeout: 5000 });
    await page.keyboard.press('Escape');
    // the dialog leaves the page on its close event, a task after the key
    await page.locator('dialog.confirm').waitFor({ state: 'detached', timeout: 5000 });
    assert.equal(await page.locator('dialog.confirm').count(), 0, 'Esc closes the confirmation');
    assert.equal(await page.evaluate(() => window.__cosite.store.get().zoning?.versions.length), 2, 'Esc retires nothing');
    await page.click('#zoning button[data-action="retire"]');
    await page.click('dialog.confirm button.ok');
    await page.waitForFunction(() => window.__cosite.store.get().zoning?.versions.length === 3, null, { timeout: 10000 });
    const retired = await (await apiFetch(`${BASE_URL}/api/v1/overlays/${id}`)).json();
    assert.ok(retired.properties.retiredAt, 'retired');
    const versions = await (await apiFetch(`${BASE_URL}/api/v1/overlays/${id}/versions`)).json();
    assert.deepEqual(
      versions.map((v) => v.change),
      ['created', 'updated', 'retired'],
    );
    assert.deepEqual(app.errors, []);
  });
});
