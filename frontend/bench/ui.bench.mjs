// The UI benchmark: what a user waits for in Debian's Chromium, against a running API + worker + built UI at
// COSITE_E2E_URL. Each figure is printed as soon as it is measured, with its target; the median of a few runs.
// Run by backend/bench/ui.bench.ts (`npm run bench -- ui`), or alone: COSITE_E2E_URL=… node frontend/bench/ui.bench.mjs
// The map is software-rendered (SwiftShader, no GPU), so map-drawing figures are an upper bound of a desktop's.
import { chromium } from 'playwright-core';
import { BASE_URL, CHROMIUM, DEMO_PASSWORD } from '../e2e/driver.mjs';

const RUNS = Number(process.env.UI_BENCH_RUNS ?? 3);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = [];
function report(name, ms, targetMs, note = '') {
  const m = median(ms);
  const row = { name, median: Math.round(m), runs: ms.map(Math.round), target: targetMs, ok: m <= targetMs, note };
  rows.push(row);
  console.log(`${row.ok ? 'ok  ' : 'SLOW'} ${name}: median ${row.median} ms (runs ${row.runs.join(', ')}), target ≤ ${targetMs} ms${note ? ` — ${note}` : ''}`);
}

async function signedInPage(browser, user) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(`${BASE_URL}/#15/29.5575/106.577`);
  await page.locator('#sign-in input[name="username"]').fill(user);
  await page.locator('#sign-in input[name="password"]').fill(DEMO_PASSWORD);
  const t0 = Date.now();
  await page.click('#sign-in button[type="submit"]');
  await page.waitForFunction(() => window.__cosite !== undefined, null, { timeout: 60000 });
  const ready = Date.now() - t0;
  await idle(page);
  const interactive = Date.now() - t0;
  // a full load at the view, as the browser tests do (the first load's deferred hash update may move the map)
  await page.goto('about:blank');
  await page.goto(`${BASE_URL}/#15/29.5575/106.577`);
  await page.waitForFunction(() => window.__cosite !== undefined, null, { timeout: 60000 });
  await idle(page);
  return { page, context, ready, interactive };
}

const idle = (page) => page.evaluate(() => window.__cosite.idle());

/** Times in the page, from an event it dispatches itself to a DOM node appearing (the bench's own clock is busy). */
async function inPage(page, selector, act) {
  await page.evaluate((sel) => {
    window.__benchDone = null;
    new window.MutationObserver((_, o) => {
      if (!document.querySelector(sel)) return;
      window.__benchDone = performance.now();
      o.disconnect();
    }).observe(document.body, { childList: true, subtree: true, attributes: true });
  }, selector);
  const start = await act();
  await page.waitForFunction(() => window.__benchDone !== null, null, { timeout: 60000 });
  return page.evaluate((s) => window.__benchDone - s, start);
}

async function main() {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
  });
  try {
    // sign-in → the map drawn with every tile in view (a fresh browser context each run: no cached tiles)
    const signIn = [];
    const ready = [];
    for (let k = 0; k < RUNS; k++) {
      const s = await signedInPage(browser, 'admin');
      signIn.push(s.interactive);
      ready.push(s.ready);
      await s.context.close();
    }
    report('sign-in → app ready (map, panels, handlers)', ready, 3000);
    report('sign-in → interactive map (every tile in view drawn)', signIn, 3000, 'software-rendered');

    const { page, context } = await signedInPage(browser, 'planner.mobile');

    // a click on a structure → its popup
    const popup = [];
    for (let k = 0; k < RUNS; k++) {
      await page.evaluate(() => document.querySelector('.maplibregl-popup-close-button')?.click());
      const target = await page.evaluate((k) => {
        const map = window.__cosite.map;
        const fs = map.queryRenderedFeatures({ layers: ['structure-circle'] });
        const r = map.getContainer().getBoundingClientRect();
        for (const f of fs.slice(k * 7)) {
          const p = map.project(f.geometry.coordinates);
          if (p.x < 340 || p.y < 120 || p.x > r.width - 340 || p.y > r.height - 60) continue;
          const top = map.queryRenderedFeatures(p, { layers: ['key-site-circle', 'structure-circle'] })[0];
          if (top?.layer.id === 'structure-circle') return { x: r.left + p.x, y: r.top + p.y };
        }
        return null;
      }, k);
      if (!target) throw new Error('no structure to click in view');
      popup.push(
        await inPage(page, '.maplibregl-popup .cosite-popup', async () => {
          const t = await page.evaluate(() => performance.now());
          await page.mouse.click(target.x, target.y);
          return t;
        }),
      );
    }
    report('click on a structure → popup', popup, 300);
    await page.evaluate(() => document.querySelector('.maplibregl-popup-close-button')?.click());

    // search → the answer (marker and message)
    const search = [];
    for (const q of ['解放碑', '29.5600, 106.5500', '观音桥', '渝北', '29.53, 106.48'].slice(0, Math.max(RUNS, 3))) {
      await page.fill('.cosite-search input', q);
      search.push(
        await inPage(page, '.search-marker', async () => {
          const t = await page.evaluate(() => performance.now());
          await page.press('.cosite-search input', 'Enter');
          return t;
        }),
      );
      await page.evaluate(() => document.querySelector('.cosite-search [data-action="clear"]')?.click());
    }
    report('search → marker and answer', search, 1000);

    // the sharing KPIs → the districts shaded by 5G density
    const shading = [];
    for (let k = 0; k < RUNS; k++) {
      const t0 = Date.now();
      await page.click('#kpi-toggle');
      await page.locator('#kpi input[name="choropleth"]').waitFor({ timeout: 60000 });
      await page.check('#kpi input[name="choropleth"]');
      await page.waitForFunction(() => window.__cosite.renderedCount(['kpi-density-fill']) > 0, null, { timeout: 60000 });
      shading.push(Date.now() - t0);
      await page.click('#kpi-toggle');
    }
    report('KPI panel → district 5G shading on the map', shading, 2000);
    await context.close();

    // an application opened in the applications panel (the portal's page is being built: this is what exists)
    const filed = await fileApplication();
    const planner = await signedInPage(browser, 'planner.mobile');
    const opened = [];
    for (let k = 0; k < RUNS; k++) {
      const t0 = Date.now();
      await planner.page.click('#applications-toggle');
      await planner.page.click(`#applications tr.application[data-id="${filed}"]`, { timeout: 60000 });
      await planner.page.locator(`#applications .application-detail[data-id="${filed}"]`).waitFor({ timeout: 60000 });
      await idle(planner.page);
      opened.push(Date.now() - t0);
      await planner.page.click('#applications-toggle');
    }
    report('applications panel → an application open', opened, 1500, 'the list, then the application page shown (its mini-map may still be drawing)');
    await planner.context.close();
  } finally {
    await browser.close();
  }
  console.log(`UI: ${rows.filter((r) => r.ok).length} of ${rows.length} figures within target`);
}

/** A planner's application on a fresh analysis, through the API (as planner.mobile), for the panel to open. */
async function fileApplication() {
  const signIn = await fetch(`${BASE_URL}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'planner.mobile', password: DEMO_PASSWORD }),
  });
  const { token } = await signIn.json();
  const post = async (url, body) => {
    const r = await fetch(`${BASE_URL}${url}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    if (!r.ok) throw new Error(`${url}: ${r.status} ${await r.text()}`);
    return r.json();
  };
  const a = await post('/api/v1/colocation/analyses', {
    location: { lon: 106.5801, lat: 29.5592 },
    searchRadiusM: 400,
    operator: 'china-mobile',
    technology: '5G',
    bandMHz: 3500,
    antennaHeightM: 30,
    slots: 1,
    loadKg: 120,
    indoor: false,
  });
  return (await post('/api/v1/applications', { analysisId: a.id })).id;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
