// Browser test of the forms: an operator's planner files for its own operator, a bad height is told in Chinese at
// its field, a busy button, and the header on one line at 1280 px in both languages.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { givenTheApp, pixelOf, whenIdle } from './driver.mjs';

const JIEFANGBEI = [106.577, 29.5575];
const SHOTS = process.env.COSITE_SCREENSHOTS ?? '/tmp';

/** The header's children on one line: every item's vertical centre the same, and the header one row high. */
async function headerLines(page) {
  return page.evaluate(() => {
    const h = document.getElementById('header');
    const items = [h.querySelector('h1'), ...h.querySelectorAll('nav > *')].filter((x) => x.getBoundingClientRect().width > 0);
    const centres = new Set(items.map((x) => Math.round((x.getBoundingClientRect().top + x.getBoundingClientRect().bottom) / 2)));
    const tallest = Math.max(...items.map((x) => x.getBoundingClientRect().height));
    const right = Math.max(...items.map((x) => x.getBoundingClientRect().right));
    return {
      rows: centres.size,
      height: h.getBoundingClientRect().height,
      tallest,
      overflow: Math.max(h.scrollWidth - h.clientWidth, right - window.innerWidth),
    };
  });
}

describe('forms that speak the user language', () => {
  let app;
  before(async () => {
    app = await givenTheApp({ user: 'planner.unicom', locale: 'zh-CN', hash: `#15/${JIEFANGBEI[1]}/${JIEFANGBEI[0]}` });
  });
  after(async () => {
    await app?.close();
  });

  it('a China Unicom planner analyses with no extra clicks, and a bad height is told in Chinese at its field', async () => {
    const { page } = app;
    const refused = [];
    page.on('response', (r) => r.url().includes('/api/') && r.status() >= 400 && refused.push(`${r.status()} ${r.url()}`));
    await page.click('#plan-toggle');
    await page.locator('#planner h2').waitFor();
    // the operator is the planner's own, shown and not changeable
    const operator = page.locator('#planner select[name="operator"]');
    assert.equal(await operator.inputValue(), 'china-unicom');
    assert.ok(await operator.isDisabled(), 'the operator is fixed for an operator planner');
    assert.equal(await page.locator('#planner [name="searchRadiusM"]').inputValue(), '', 'no radius by default');

    // drop the pin, press Analyse: a decision, with the environment's radius named (the call held a moment, to see the button busy)
    const { x, y } = await pixelOf(page, JIEFANGBEI);
    await page.mouse.click(x, y);
    await page.waitForFunction(() => window.__cosite.store.get().plan?.pin);
    await page.route('**/api/v1/colocation/analyses', async (route) => {
      await new Promise((r) => setTimeout(r, 400));
      await route.continue();
    });
    await page.click('#planner button.primary');
    assert.equal(await page.locator('#planner button.primary').getAttribute('aria-busy'), 'true');
    await page.locator('#planner .badge[data-decision]').waitFor({ timeout: 15000 });
    await page.unroute('**/api/v1/colocation/analyses');
    assert.equal(await page.locator('#planner button.primary').getAttribute('aria-busy'), null);
    const a = await page.evaluate(() => window.__cosite.store.get().plan.analysis);
    assert.equal(a.demand.operator, 'china-unicom');
    const sent = await page.locator('#planner .radius-used').textContent();
    assert.match(sent, new RegExp(`默认 ${a.demand.searchRadiusM.toLocaleString('zh-CN')} 米`), sent);
    assert.deepEqual(refused, [], 'no refusal on the way');
    await whenIdle(page);
    await page.screenshot({ path: `${SHOTS}/forms-unicom-analysis.png` });

    // an impossible antenna height: a Chinese message at the height field, the field marked and focused
    for (const [height, message] of [
      ['-5', '不能小于 1'],
      ['1000', '不能大于 150'],
    ]) {
      await page.fill('#planner input[name="antennaHeightM"]', height);
      await page.click('#planner button.primary');
      const note = page.locator('#planner input[name="antennaHeightM"] + .field-error');
      await note.waitFor({ timeout: 10000 });
      assert.equal(await note.textContent(), message);
      const input = page.locator('#planner input[name="antennaHeightM"]');
      assert.equal(await input.getAttribute('aria-invalid'), 'true');
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'antennaHeightM');
      const outline = await input.evaluate((i) => window.getComputedStyle(i).outlineStyle);
      assert.equal(outline, 'solid', 'the field is highlighted');
      assert.equal(await page.locator('#planner .errors li').count(), 0, 'nothing about the height in the general list');
    }
    await page.screenshot({ path: `${SHOTS}/forms-height-zh.png` });
    // mending the field takes its mark away
    await page.fill('#planner input[name="antennaHeightM"]', '30');
    assert.equal(await page.locator('#planner .field-error').count(), 0);
  });

  it('keeps the header on one line at 1280 px, in Chinese and in English', async () => {
    const { page } = app;
    for (const lang of ['zh', 'en']) {
      if ((await page.evaluate(() => window.__cosite.store.get().lang)) !== lang) await page.click('#lang-toggle');
      await page.waitForFunction((l) => document.documentElement.lang.startsWith(l), lang);
      const h = await headerLines(page);
      assert.equal(h.rows, 1, `${lang}: one row (${JSON.stringify(h)})`);
      assert.ok(h.height <= h.tallest + 16, `${lang}: the header is one line high (${JSON.stringify(h)})`);
      assert.ok(h.overflow <= 0, `${lang}: nothing cut off at the right`);
      // the bell, the language, the user and sign-out stay in sight
      for (const sel of ['#lang-toggle', '#sign-out', '.user']) assert.ok(await page.locator(`#header ${sel}`).isVisible(), `${lang}: ${sel} visible`);
      // and every tool is at hand, none folded away at this width
      const tools = page.locator('#header nav button[id$="-toggle"]');
      for (let k = 0; k < (await tools.count()); k++) assert.ok(await tools.nth(k).isVisible(), `${lang}: tool ${k} visible`);
      await page.screenshot({ path: `${SHOTS}/forms-header-${lang}.png`, clip: { x: 0, y: 0, width: 1280, height: 120 } });
    }
  });
});
