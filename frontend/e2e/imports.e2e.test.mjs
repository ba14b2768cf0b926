// Browser test of the Import panel: a China Tower planner's Excel inventory with Chinese headers and values, mapped
// with the panel's dropdowns, previewed (a dry run), saved as a profile, imported, and its refused rows downloaded.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { BASE_URL, givenTheApp, apiFetch } from './driver.mjs';

const OUT = path.resolve(process.env.COSITE_TEST_OUTPUT ?? 'test-output', 'e2e');
fs.mkdirSync(OUT, { recursive: true });
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'cosite-imports-'));
const shot = (page, name) => page.screenshot({ path: path.join(OUT, `imports-${name}.png`), fullPage: false });

describe('the Import panel in a real browser', () => {
  const apps = [];
  const tag = `E2E-IMP-${Date.now().toString(36)}`;
  after(async () => {
    for (const a of apps) await a.close();
    fs.rmSync(TMP, { recursive: true, force: true });
    for (const k of [1, 2, 3]) {
      const found = await (await apiFetch(`${BASE_URL}/api/v1/structures?code=${tag}-${k}`)).json();
      for (const f of found.features ?? []) await apiFetch(`${BASE_URL}/api/v1/structures/${f.id}`, { method: 'DELETE' });
    }
  });

  it('maps an xlsx with Chinese headers and values with dropdowns, previews it, saves the profile, imports it and downloads the refused rows', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('说明').addRow(['测试用台账']);
    const ws = wb.addWorksheet('站址');
    ws.addRow(['渝中区铁塔站址台账']);
    ws.addRow(['站址编码', '站址名称', '塔型', '塔高(米)', '经度', '纬度']);
    ws.addRow([`${tag}-1`, '较场口铁塔', '铁塔', 40, 106.5712, 29.5531]);
    ws.addRow([`${tag}-2`, '七星岗单管塔', '单管塔', 30, 106.5652, 29.5566]);
    ws.addRow([`${tag}-3`, '老街砖塔', '砖塔', 25, 106.5701, 29.5549]);
    const file = path.join(TMP, '站址台账.xlsx');
    fs.writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));

    const app = await givenTheApp({ user: 'planner.tower', hash: '#15/29.555/106.569' });
    apps.push(app);
    const { page } = app;
    await page.click('#uploads-toggle');
    await page.locator('#uploads h2').waitFor();
    await page.setInputFiles('#uploads input[name="import-file"]', file);
    // the workbook's sheets are offered, the one with rows chosen, its header found below the title
    await page.locator('#uploads .up-detected').waitFor();
    assert.deepEqual(await page.locator('#uploads select[name="sheet"] option').evaluateAll((o) => o.map((x) => x.value)), ['说明', '站址']);
    assert.match(await page.locator('#uploads .up-detected').innerText(), /6 列、3 行.*第 2 行/);

    await page.selectOption('#uploads select[name="profile"]', 'custom');
    await page.locator('#uploads table.map-editor').first().waitFor();
    // the columns the panel recognised by their Chinese names
    assert.equal(await page.inputValue('#uploads select[name="map-from:code"]'), '站址编码');
    assert.equal(await page.inputValue('#uploads select[name="map-from:kind"]'), '塔型');
    assert.equal(await page.inputValue('#uploads select[name="map-x"]'), '经度');
    // what 铁塔 and 单管塔 mean; 砖塔 is left as it is (and will be refused)
    await page.selectOption(`#uploads select[name="map-val:kind:${encodeURIComponent('铁塔')}"]`, 'lattice_tower');
    await page.selectOption(`#uploads select[name="map-val:kind:${encodeURIComponent('单管塔')}"]`, 'monopole');
    await page.fill('#uploads input[name="map-const:ownerId"]', 'china-tower');
    await page.locator('#uploads input[name="map-const:ownerId"]').dispatchEvent('change');
    await page.fill('#uploads input[name="map-const:slotsTotal"]', '3');
    await page.locator('#uploads input[name="map-const:slotsTotal"]').dispatchEvent('change');
    await page.selectOption('#uploads select[name="map-const:buildForm"]', 'standalone');
    assert.equal(await page.locator('#uploads .map-missing').count(), 0);

    await page.click('#uploads button[data-action="preview"]');
    await page.locator('#uploads .up-dry-run').waitFor();
    assert.equal(await page.locator('#uploads .dry-valid').innerText(), '2');
    assert.equal(await page.locator('#uploads .dry-rejected').innerText(), '1');
    const refused = await page.locator('#uploads table.dry-preview tr.rejected').innerText();
    assert.match(refused, /砖塔/);
    assert.match(refused, /类型/);
    await shot(page, 'preview');

    await page.fill('#uploads input[name="profile-name"]', `${tag} 渝中台账`);
    await page.click('#uploads button[data-action="save-profile"]');
    await page.locator('#uploads .map-note', { hasText: '已保存' }).waitFor();
    assert.ok((await page.locator('#uploads select[name="profile"] option').allInnerTexts()).includes(`${tag} 渝中台账`));

    await page.click('#uploads form[data-form="import"] button.primary');
    await page.waitForFunction(() => document.querySelector('#uploads .up-import .up-status')?.getAttribute('data-status') === 'completed', null, {
      timeout: 30000,
    });
    assert.equal(await page.locator('#uploads .up-loaded').innerText(), '2');
    assert.equal(await page.locator('#uploads .up-rejected').innerText(), '1');
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#uploads a.up-rejects-csv')]);
    const csv = fs.readFileSync(await dl.path(), 'utf8');
    assert.match(csv, /^\uFEFFline,field,problem/);
    assert.match(csv, /\n5,properties\.kind,.*砖塔/);
    await shot(page, 'imported');

    // the structures layer exports what is in view: the new towers among them, as GeoJSON
    await page.click('#uploads button.close');
    const layers = page.locator('.cosite-layers > details');
    if (!(await layers.evaluate((d) => d.open))) await page.click('.cosite-layers > details > summary');
    await page.click('.cosite-layers .group[data-group="structures"] .export-menu summary');
    const [exported] = await Promise.all([
      page.waitForEvent('download'),
      page.click('.cosite-layers .group[data-group="structures"] .export-menu a[data-format="geojson"]'),
    ]);
    const fc = JSON.parse(fs.readFileSync(await exported.path(), 'utf8'));
    assert.ok(fc.features.some((f) => f.properties.code === `${tag}-1`));
    assert.ok(fc.features.length < 5000, 'only the view, not the city');
    await shot(page, 'layer-export');

    const stored = await (await apiFetch(`${BASE_URL}/api/v1/structures?code=${tag}-1`)).json();
    assert.equal(stored.features[0].properties.kind, 'lattice_tower');
    assert.equal(stored.features[0].properties.heightM, 40);
    assert.deepEqual(app.errors, []);
    // the profile is kept for the next file of the same kind
    const profiles = await (await apiFetch(`${BASE_URL}/api/v1/imports/profiles?layer=structures`)).json();
    assert.ok(profiles.profiles.some((p) => p.preset && p.name === 'cn-tower-inventory'));
  });
});
