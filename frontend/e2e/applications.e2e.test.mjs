// Browser test of one application from draft to approval: the planner submits it, the regulator takes it up and approves.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analysedAtJiefangbei, apiAs as as, givenTheApp } from './driver.mjs';

const OUT = path.resolve(process.env.COSITE_TEST_OUTPUT ?? 'test-output', 'e2e');
fs.mkdirSync(OUT, { recursive: true });

describe('an application from draft to approval in a real browser', () => {
  const apps = [];
  after(async () => {
    for (const a of apps) await a.close();
  });

  it('is submitted by the planner, taken up and approved by the regulator, with the inventory changed and the planner told', async () => {
    // an analysis by China Mobile's planner at Jiefangbei (a share), turned into a draft application through the API
    const mobile = await as('planner.mobile');
    const analysis = await analysedAtJiefangbei(mobile);
    assert.ok(['share', 'upgrade'].includes(analysis.decision), `a share or upgrade near Jiefangbei (${analysis.decision})`);
    const draft = await (await mobile('/api/v1/applications', { method: 'POST', body: JSON.stringify({ analysisId: analysis.id }) })).json();
    assert.equal(draft.state, 'draft');

    // the planner submits it in the browser
    const planner = await givenTheApp({ user: 'planner.mobile' });
    apps.push(planner);
    await planner.page.click('#applications-toggle');
    await planner.page.locator(`#applications tr.application[data-id="${draft.id}"]`).click();
    await planner.page.locator('#applications .application-detail a[href*="report.html"]').waitFor();
    await planner.page.click('#applications button[data-to="submitted"]');
    await planner.page.locator(`#applications .application-page[data-id="${draft.id}"][data-state="submitted"]`).waitFor();

    // the regulator finds it in the queue with a notification, takes it up and approves it with a comment
    const regulator = await givenTheApp({ user: 'regulator' });
    apps.push(regulator);
    assert.ok(Number(await regulator.page.locator('#header .bell').getAttribute('data-unread')) > 0, 'the bell shows unread notifications');
    await regulator.page.click('#applications-toggle');
    await regulator.page.locator(`#applications tr.application[data-id="${draft.id}"]`).click();
    await regulator.page.click('#applications button[data-to="in_review"]');
    await regulator.page.locator('#applications button[data-to="approved"]').waitFor();
    await regulator.page.fill('#applications textarea[name="comment"]', '同意共享');
    await regulator.page.click('#applications button[data-to="approved"]');
    // asked again in a dialog (approval cannot be undone), then approved, with its decision letter linked
    await regulator.page.click('dialog.confirm button.ok');
    await regulator.page.locator(`#applications .application-page[data-id="${draft.id}"][data-state="approved"]`).waitFor();
    assert.match(await regulator.page.locator('#applications a[data-letter]').getAttribute('href'), new RegExp(`/applications/${draft.id}/decision-letter`));
    await regulator.page.screenshot({ path: path.join(OUT, 'application-approved.png') });

    const approved = await (await mobile(`/api/v1/applications/${draft.id}`)).json();
    assert.equal(approved.state, 'approved');
    assert.ok(approved.resultTenancyId, 'a planned tenancy was booked');
    const notes = await (await mobile('/api/v1/notifications')).json();
    assert.ok(notes.notifications.some((n) => n.applicationId === draft.id && n.kind === 'approved'));
    assert.deepEqual(planner.errors, []);
    assert.deepEqual(regulator.errors, []);
  });
});
