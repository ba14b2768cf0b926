// Browser test of signing in and out.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, DEMO_PASSWORD, givenTheApp } from './driver.mjs';

describe('signing in and out in a real browser', () => {
  let app;
  before(async () => {
    app = await givenTheApp({ user: null, hash: '' });
  });
  after(async () => {
    await app?.close();
  });

  it('shows the sign-in form to a visitor, refuses a wrong password, opens the map for the right one, and signs out', async () => {
    const { page } = app;
    await page.locator('#sign-in').waitFor();
    assert.equal(await page.evaluate(() => window.__cosite), undefined, 'no map before signing in');
    // nothing of the API answers without a session
    assert.equal(await page.evaluate(async () => (await fetch('/api/v1/structures?limit=1')).status), 401);
    await page.fill('#sign-in input[name="username"]', 'regulator');
    await page.fill('#sign-in input[name="password"]', 'not-the-password');
    await page.click('#sign-in button[type="submit"]');
    await page.waitForFunction(() => document.querySelector('#sign-in .errors')?.textContent);
    assert.match(await page.locator('#sign-in .errors').textContent(), /用户名或密码错误/);
    await page.fill('#sign-in input[name="password"]', DEMO_PASSWORD);
    await page.click('#sign-in button[type="submit"]');
    await page.waitForFunction(() => window.__cosite !== undefined, null, { timeout: 30000 });
    assert.match(await page.locator('#header .user').textContent(), /Regulator/);
    const cookies = await page.context().cookies(BASE_URL);
    assert.equal(cookies.find((c) => c.name === 'cosite_session')?.httpOnly, true);
    await page.click('#sign-out');
    await page.locator('#sign-in').waitFor();
    assert.deepEqual(app.errors, []);
  });
});
