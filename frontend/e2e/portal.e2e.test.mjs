// Browser tests of the approval portal (issue 16): the application page with its mini-map, a return that needs a
// comment and shows it to the applicant, the bell, attachments and the audit viewer.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analysedAtJiefangbei, apiAs as as, givenTheApp } from './driver.mjs';

const OUT = path.resolve(process.env.COSITE_TEST_OUTPUT ?? 'test-output', 'e2e');
fs.mkdirSync(OUT, { recursive: true });

/** Given China Mobile's application near Jiefangbei (a share), submitted and taken up by the regulator. */
async function givenAnApplicationInReview(mobile, regulator) {
  const analysis = await analysedAtJiefangbei(mobile);
  const draft = await (await mobile('/api/v1/applications', { method: 'POST', body: JSON.stringify({ analysisId: analysis.id }) })).json();
  const move = async (who, to, version) => {
    const r = await who(`/api/v1/applications/${draft.id}/transitions`, { method: 'POST', body: JSON.stringify({ to, version }) });
    assert.equal(r.status, 201, `${to}: ${await r.clone().text()}`);
    return r.json();
  };
  const submitted = await move(mobile, 'submitted', draft.version);
  const taken = await move(regulator, 'in_review', submitted.version);
  return taken;
}

describe('the approval portal in a real browser', () => {
  const apps = [];
  after(async () => {
    for (const a of apps) await a.close();
  });

  it('shows the application page with its mini-map; a return needs a comment, and the applicant sees it through the bell, read for good', async () => {
    const mobile = await as('planner.mobile');
    const regulatorApi = await as('regulator');
    const app = await givenAnApplicationInReview(mobile, regulatorApi);

    // the regulator opens it: the page shows the site on a mini-map and the structure with its tenants
    const regulator = await givenTheApp({ user: 'regulator' });
    apps.push(regulator);
    const { page } = regulator;
    await page.click('#applications-toggle');
    const started = Date.now();
    await page.locator(`#applications tr.application[data-id="${app.id}"]`).click();
    await page.locator('#applications .application-page[data-ready-ms]').waitFor({ timeout: 30000 });
    const loadMs = Date.now() - started;
    const pageEl = page.locator('#applications .application-page');
    console.log(
      `# application page with its mini-map ready in ${loadMs} ms (the page's own measure: data ${await pageEl.getAttribute('data-data-ms')} ms, map drawn ${await pageEl.getAttribute('data-ready-ms')} ms; target 1500 ms on a quiet machine)`,
    );
    // the bench's target is 1.5 s; on the shared test machine a generous bound, so the test fails only on a real stall
    assert.ok(loadMs < 10000, `the page shows within seconds (${loadMs} ms)`);
    assert.equal(await page.locator('#applications .mini-map canvas.maplibregl-canvas').count(), 1, 'a mini-map');
    assert.ok((await page.locator('#applications table.structure').textContent()).length > 5, 'the chosen structure is named');
    assert.ok(await page.locator('#applications .siting .badge[data-verdict]').count(), 'the siting verdict');
    assert.ok((await page.locator('#applications ol.timeline li').count()) >= 3, 'the timeline: created, submitted, taken up');
    await page.screenshot({ path: path.join(OUT, 'portal-application-page.png') });

    // a return without a comment is refused before any call; the API refuses it too (comment_required)
    const transitions = () => regulator.requests.filter((u) => u.endsWith(`/applications/${app.id}/transitions`)).length;
    const before = transitions();
    await page.click('#applications button[data-to="returned"]');
    await page.locator('#applications .errors li').waitFor();
    assert.equal(transitions(), before, 'no call without a comment');
    const refused = await regulatorApi(`/api/v1/applications/${app.id}/transitions`, {
      method: 'POST',
      body: JSON.stringify({ to: 'returned', version: app.version }),
    });
    assert.equal(refused.status, 400);
    const body = await refused.json();
    assert.equal(body.code, 'comment_required');
    assert.equal(body.errors[0].field, 'comment');

    const reason = '请补充业主同意书和天线挂高图纸';
    await page.fill('#applications textarea[name="comment"]', reason);
    await page.click('#applications button[data-to="returned"]');
    await page.locator('#applications .application-page[data-state="returned"]').waitFor();
    await page.screenshot({ path: path.join(OUT, 'portal-returned.png') });

    // the applicant: the bell lists it (unread, bold); a click opens the application with the comment shown
    const planner = await givenTheApp({ user: 'planner.mobile' });
    apps.push(planner);
    const p = planner.page;
    await p.waitForFunction(() => Number(document.querySelector('#header .bell')?.getAttribute('data-unread')) > 0);
    await p.click('#header .bell-button');
    const item = p.locator(`#header li.notification[data-application="${app.id}"]`).first();
    await item.waitFor();
    assert.match(await item.getAttribute('class'), /unread/);
    assert.equal(await item.locator('.what').evaluate((e) => window.getComputedStyle(e).fontWeight), '700', 'unread is bold');
    await p.screenshot({ path: path.join(OUT, 'portal-bell.png') });
    const id = await item.getAttribute('data-id');
    await item.click();
    await p.locator('#applications .last-comment.prominent').waitFor();
    assert.match(await p.locator('#applications .last-comment.prominent').textContent(), new RegExp(reason));
    await p.locator('#applications .application-page[data-ready-ms]').waitFor({ timeout: 30000 });
    await p.screenshot({ path: path.join(OUT, 'portal-returned-applicant.png') });

    // read sticks: after a reload the bell lists it as read
    await p.reload();
    await p.waitForFunction(() => window.__cosite !== undefined);
    await p.click('#header .bell-button');
    await p.locator(`#header li.notification[data-id="${id}"].read`).waitFor();
    assert.deepEqual(regulator.errors, []);
    assert.deepEqual(planner.errors, []);
  });

  it('uploads a document, downloads the same bytes, and the audit viewer shows the upload', async () => {
    const mobile = await as('planner.mobile');
    const regulatorApi = await as('regulator');
    const app = await givenAnApplicationInReview(mobile, regulatorApi);
    const bytes = Buffer.concat([Buffer.from('%PDF-1.4\n% consent of the landowner\n'), crypto.randomBytes(3000), Buffer.from('\n%%EOF\n')]);
    const sha = crypto.createHash('sha256').update(bytes).digest('hex');

    const planner = await givenTheApp({ user: 'planner.mobile' });
    apps.push(planner);
    const { page } = planner;
    await page.click('#applications-toggle');
    await page.locator(`#applications tr.application[data-id="${app.id}"]`).click();
    await page.locator('#applications form.upload').waitFor();
    await page.selectOption('#applications form.upload select[name="kind"]', 'land_consent');
    await page.setInputFiles('#applications form.upload input[type="file"]', { name: '业主同意书.pdf', mimeType: 'application/pdf', buffer: bytes });
    await page.click('#applications form.upload button[type="submit"]');
    const row = page.locator('#applications tr.attachment').first();
    await row.waitFor();
    assert.match(await row.textContent(), /业主同意书\.pdf/);
    assert.equal(await row.locator('code').getAttribute('title'), sha, 'the checksum, shortened, the full one in its title');
    assert.match(await row.textContent(), /3\.\d KB/);
    await page.screenshot({ path: path.join(OUT, 'portal-attachment.png') });
    // the link downloads the same bytes
    const href = await row.locator('a').getAttribute('href');
    const downloaded = await page.evaluate(async (u) => Array.from(new Uint8Array(await (await fetch(u)).arrayBuffer())), href);
    assert.equal(crypto.createHash('sha256').update(Buffer.from(downloaded)).digest('hex'), sha);

    // the regulator's audit viewer finds the upload by entity, id and today's date, and so does its CSV
    const regulator = await givenTheApp({ user: 'regulator', locale: 'en-GB' });
    apps.push(regulator);
    const r = regulator.page;
    await r.click('#applications-toggle');
    await r.click('#applications details.audit-viewer summary');
    const today = new Date().toISOString().slice(0, 10);
    await r.selectOption('#applications .audit-filter select[name="entity"]', 'application');
    await r.fill('#applications .audit-filter input[name="entityId"]', app.id);
    await r.fill('#applications .audit-filter input[name="from"]', today);
    await r.fill('#applications .audit-filter input[name="to"]', today);
    await r.click('#applications .audit-filter button[type="submit"]');
    const upload = r.locator('#applications table.audit-events tr[data-action="attachment_added"]');
    await upload.waitFor();
    assert.match(await upload.textContent(), /planner\.mobile/);
    await r.screenshot({ path: path.join(OUT, 'portal-audit.png') });
    const csvUrl = await r.locator('#applications .audit-filter a.csv').getAttribute('href');
    assert.match(csvUrl, /entity=application/);
    const csv = await r.evaluate(async (u) => (await fetch(u)).text(), csvUrl);
    assert.match(csv, /attachment_added/);
    assert.match(csv, new RegExp(sha));
    assert.deepEqual(planner.errors, []);
    assert.deepEqual(regulator.errors, []);
  });
});
