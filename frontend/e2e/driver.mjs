// A small driver for the map UI in Debian's Chromium (playwright-core; never a downloaded browser).
import { chromium } from 'playwright-core';

export const BASE_URL = process.env.COSITE_E2E_URL ?? 'http://127.0.0.1:3000';
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const DEMO_PASSWORD = 'cosite-demo-2026';

let token = null;
/** fetch against the API as the demo administrator (a bearer token; the browser signs in with cookies). */
export async function apiFetch(url, init = {}) {
  if (!token) {
    const r = await fetch(`${BASE_URL}/api/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: DEMO_PASSWORD }),
    });
    if (!r.ok) throw new Error(`sign-in for the tests failed: ${r.status}`);
    token = (await r.json()).token;
  }
  return fetch(url, { ...init, headers: { ...(init.headers ?? {}), Authorization: `Bearer ${token}` } });
}

/** API calls as a given demo user (a bearer token), with paths relative to the app: `(await apiAs('regulator'))('/api/v1/…')`. */
export async function apiAs(username) {
  const r = await fetch(`${BASE_URL}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  if (!r.ok) throw new Error(`sign-in of ${username} for the tests failed: ${r.status}`);
  const { token } = await r.json();
  return (url, init = {}) =>
    fetch(`${BASE_URL}${url}`, { ...init, headers: { 'Content-Type': 'application/json', ...(init.headers ?? {}), Authorization: `Bearer ${token}` } });
}

/** China Mobile's 5G demand at Jiefangbei analysed through the API (a share or upgrade there), for tests that file it. */
export async function analysedAtJiefangbei(mobile) {
  const body = { location: { lon: 106.5772, lat: 29.5578 }, operator: 'china-mobile', technology: '5G', bandMHz: 4900, antennaHeightM: 25, searchRadiusM: 400 };
  return (await mobile('/api/v1/colocation/analyses', { method: 'POST', body: JSON.stringify(body) })).json();
}

export async function givenTheApp({ locale = 'zh-CN', hash = '#14/29.5575/106.577', user = 'admin' } = {}) {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
    ],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale });
  const page = await context.newPage();
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // signed in through the page's own form when a user is named (the cookies then belong to this browser context)
  if (user) {
    await page.goto(`${BASE_URL}/`);
    await page.locator('#sign-in input[name="username"]').fill(user);
    await page.locator('#sign-in input[name="password"]').fill(DEMO_PASSWORD);
    await page.click('#sign-in button[type="submit"]');
    await page.waitForFunction(() => window.__cosite !== undefined, null, { timeout: 30000 });
  }
  // a full load at the hash (not a same-document hash change, which races the map's own deferred hash update
  // after sign-in and may be written over)
  await page.goto('about:blank');
  await page.goto(`${BASE_URL}/${hash}`);
  if (user) {
    await page.waitForFunction(() => window.__cosite !== undefined, null, { timeout: 30000 });
    await whenIdle(page);
  }
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
