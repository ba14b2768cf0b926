// A small driver for the map UI in Debian's Chromium (playwright-core; never a downloaded browser).
import { chromium } from 'playwright-core';

export const BASE_URL = process.env.COSITE_E2E_URL ?? 'http://127.0.0.1:3000';
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function givenTheApp({ locale = 'zh-CN', hash = '#14/29.5575/106.577' } = {}) {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run',
      '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale });
  const page = await context.newPage();
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${BASE_URL}/${hash}`);
  await page.waitForFunction(() => window.__cosite !== undefined, null, { timeout: 30000 });
  await whenIdle(page);
  return { browser, page, requests, errors, close: () => browser.close() };
}

export async function whenIdle(page) {
  await page.evaluate(() => window.__cosite.idle());
}

export function rendered(page, layers) {
  return page.evaluate((l) => window.__cosite.renderedCount(l), layers);
}

/** Page pixel of a lon/lat on the map. */
export async function pixelOf(page, lngLat) {
  return page.evaluate(([lon, lat]) => {
    const p = window.__cosite.map.project([lon, lat]);
    const r = window.__cosite.map.getContainer().getBoundingClientRect();
    return { x: r.left + p.x, y: r.top + p.y };
  }, lngLat);
}
