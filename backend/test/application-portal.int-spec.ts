import { createHash, randomBytes } from 'node:crypto';
import {
  applicationDetail,
  applicationList,
  applicationSummary,
  applicationTimeline,
  type ApplicationSummary,
  attachmentItem,
  attachmentList,
  notificationList,
  type NotificationList,
  reviewerList,
  type TimelineEvent,
} from '@cosite/contracts';
import { aStructure, givenTheApi, uniqueCode } from './support/api';

type Http = Awaited<ReturnType<typeof givenTheApi>>['http'];
type Notification = NotificationList['notifications'][number];

/** The bytes of a response read whole (supertest leaves a binary body unparsed otherwise). */
const binary = (res: { on: (e: string, f: (x?: Buffer) => void) => void }, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c) => chunks.push(c!));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

/**
 * The approval portal on the real database, as the demo users: comments, withdrawal, the timeline, assignment,
 * the regulator's queue, attachments, decision letters and notifications. Fixtures in Wanzhou around (108.56, 30.90),
 * where the sample has no structures or overlays (6 km south of applications.int-spec's).
 */
describe('approval portal (real PostGIS)', () => {
  let api: Awaited<ReturnType<typeof givenTheApi>>;
  let mobile: Http, unicom: Http, regulator: Http, chen: Http, bureau: Http;
  const tag = uniqueCode('PORT');
  const origin: [number, number] = [108.56, 30.9];
  const at = (eastM: number, northM: number): [number, number] => [
    origin[0] + eastM / (111320 * Math.cos((origin[1] * Math.PI) / 180)),
    origin[1] + northM / 110574,
  ];
  const move = (http: Http, id: string, to: string, version: number, comment?: string) =>
    http.post(`/api/v1/applications/${id}/transitions`).send({ to, version, comment });
  /** A draft share application by China Mobile, on a tower of its own made for it. */
  const givenADraft = async (eastM: number): Promise<ApplicationSummary> => {
    await api.http
      .post('/api/v1/structures')
      .send(aStructure({ code: `${tag}-${eastM}` }, at(eastM, 0)))
      .expect(201);
    const [lon, lat] = at(eastM + 50, 0);
    const analysis = await mobile
      .post('/api/v1/colocation/analyses')
      .send({ location: { lon, lat }, searchRadiusM: 300, operator: 'china-mobile', technology: '5G', bandMHz: 2600, antennaHeightM: 25 })
      .expect(201);
    return (await mobile.post('/api/v1/applications').send({ analysisId: analysis.body.id }).expect(201)).body;
  };
  /** The application taken up by the regulator (in_review, version 3). */
  const givenInReview = async (eastM: number) => {
    const app = await givenADraft(eastM);
    await move(mobile, app.id, 'submitted', 1).expect(201);
    return (await move(regulator, app.id, 'in_review', 2).expect(201)).body as ApplicationSummary;
  };
  const upload = (http: Http, id: string, body: Buffer, type: string, filename: string, kind = 'drawing') =>
    http.post(`/api/v1/applications/${id}/attachments`).query({ kind, filename }).set('Content-Type', type).send(body);
  const aPdf = () => Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(3000), Buffer.from('\n%%EOF\n')]);

  beforeAll(async () => {
    api = await givenTheApi();
    [mobile, unicom, regulator, chen, bureau] = await Promise.all(
      ['planner.mobile', 'planner.unicom', 'regulator', 'regulator.chen', 'bureau'].map((u) => api.as(u)),
    );
  });
  afterAll(async () => {
    const near = `ST_DWithin(geom::geography, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography, 3000)`;
    await api.db.query(`DELETE FROM application WHERE analysis_id IN (SELECT id FROM colocation_analysis WHERE ${near})`, origin);
    await api.db.query(`DELETE FROM colocation_analysis WHERE ${near}`, origin);
    await api.db.query(`DELETE FROM tenancy WHERE structure_id IN (SELECT id FROM structure WHERE code LIKE $1)`, [`${tag}%`]);
    await api.db.query(`DELETE FROM structure WHERE code LIKE $1`, [`${tag}%`]);
    await api.close();
  });

  it('asks a comment to return or reject, shows it to the applicant, lets the applicant withdraw, and tells it all in the timeline', async () => {
    const app = await givenInReview(0);
    const refused = await move(regulator, app.id, 'returned', 3).expect(400);
    expect(refused.body).toMatchObject({ code: 'comment_required', errors: [{ field: 'comment' }] });
    expect((await move(regulator, app.id, 'rejected', 3, '   ').expect(400)).body.code).toBe('comment_required');
    await move(regulator, app.id, 'returned', 3, '请补充风荷载计算书 (add the wind-load calculation)').expect(201);
    // the applicant reads why, on the application and in its list
    const returned = (await mobile.get(`/api/v1/applications/${app.id}`).expect(200)).body;
    applicationDetail.strict().parse(returned);
    expect(returned.lastComment).toMatchObject({
      actor: 'regulator',
      actorName: '通信管理局审批员 Regulator',
      comment: '请补充风荷载计算书 (add the wind-load calculation)',
      to: 'returned',
    });
    const listed = (await mobile.get('/api/v1/applications').query({ state: 'returned' }).expect(200)).body.applications;
    expect(listed.find((a: ApplicationSummary) => a.id === app.id).lastComment.to).toBe('returned');

    const edited = await mobile.patch(`/api/v1/applications/${app.id}`).send({ version: 4, justification: 'wind load attached' }).expect(200);
    const again = await move(mobile, app.id, 'submitted', edited.body.version).expect(201);
    await regulator.post(`/api/v1/applications/${app.id}/assignment`).send({ version: again.body.version, assignee: 'regulator.chen' }).expect(201);
    await upload(mobile, app.id, aPdf(), 'application/pdf', 'wind-load.pdf').expect(201);

    // only the applicant withdraws, and only before a decision
    const current = (await mobile.get(`/api/v1/applications/${app.id}`).expect(200)).body;
    expect((await move(regulator, app.id, 'withdrawn', current.version).expect(403)).body.code).toBe('not_your_step');
    await move(unicom, app.id, 'withdrawn', current.version).expect(404);
    const withdrawn = await move(mobile, app.id, 'withdrawn', current.version).expect(201);
    expect(withdrawn.body.state).toBe('withdrawn');
    expect((await move(mobile, app.id, 'submitted', withdrawn.body.version).expect(409)).body.code).toBe('transition_not_allowed');
    const heard = (await chen.get('/api/v1/notifications').expect(200)).body.notifications as Notification[];
    expect(heard.some((n) => n.applicationId === app.id && n.kind === 'withdrawn')).toBe(true);
    expect(heard.some((n) => n.applicationId === app.id && n.kind === 'assigned')).toBe(true);

    const timeline = (await mobile.get(`/api/v1/applications/${app.id}/timeline`).expect(200)).body;
    applicationTimeline.strict().parse(timeline);
    const events = timeline.events as TimelineEvent[];
    expect(events.map((e) => [e.action, e.from, e.to, e.actor, e.detail])).toEqual([
      ['created', null, null, 'planner.mobile', null],
      ['transition', 'draft', 'submitted', 'planner.mobile', null],
      ['transition', 'submitted', 'in_review', 'regulator', null],
      ['transition', 'in_review', 'returned', 'regulator', null],
      ['updated', null, null, 'planner.mobile', null],
      ['transition', 'returned', 'submitted', 'planner.mobile', null],
      ['assigned', null, null, 'regulator', 'regulator.chen'],
      ['attachment_added', null, null, 'planner.mobile', 'wind-load.pdf'],
      ['transition', 'submitted', 'withdrawn', 'planner.mobile', null],
    ]);
    expect(events[3].comment).toBe('请补充风荷载计算书 (add the wind-load calculation)');
    expect(events[0]).toMatchObject({ actorName: '移动规划员 Mobile planner', organisationId: 'china-mobile' });
    expect(events.map((e) => e.at)).toEqual([...events.map((e) => e.at)].sort());
    // the parties only: the regulator and admin see it, another operator and the bureau (not reviewing it) do not
    await regulator.get(`/api/v1/applications/${app.id}/timeline`).expect(200);
    await api.http.get(`/api/v1/applications/${app.id}/timeline`).expect(200);
    await unicom.get(`/api/v1/applications/${app.id}/timeline`).expect(404);
    await bureau.get(`/api/v1/applications/${app.id}/timeline`).expect(404);
  });

  it('assigns an application to a regulator, only by a regulator and only to a regulator, and finds it in that reviewer’s queue', async () => {
    const app = await givenInReview(400);
    const reviewers = (await regulator.get('/api/v1/applications/reviewers').expect(200)).body;
    reviewerList.strict().parse(reviewers);
    expect(reviewers.reviewers).toEqual(
      expect.arrayContaining([
        { username: 'regulator', displayName: '通信管理局审批员 Regulator' },
        { username: 'regulator.chen', displayName: '通信管理局审批员 陈 Regulator Chen' },
      ]),
    );
    expect(reviewers.reviewers.every((r: { username: string }) => !r.username.startsWith('planner'))).toBe(true);
    await mobile.get('/api/v1/applications/reviewers').expect(403);

    const assign = (http: Http, body: object) => http.post(`/api/v1/applications/${app.id}/assignment`).send(body);
    expect((await assign(regulator, { version: 3, assignee: 'bureau' }).expect(400)).body.errors).toEqual([expect.objectContaining({ field: 'assignee' })]);
    expect((await assign(regulator, { version: 3, assignee: 'nobody.here' }).expect(400)).body.errors[0].field).toBe('assignee');
    await assign(mobile, { version: 3, assignee: 'regulator.chen' }).expect(403);
    await assign(bureau, { version: 3, assignee: 'regulator.chen' }).expect(403);
    expect((await assign(regulator, { version: 1, assignee: 'regulator.chen' }).expect(409)).body.code).toBe('version_conflict');
    const assigned = await assign(regulator, { version: 3, assignee: 'regulator.chen' }).expect(201);
    applicationSummary.strict().parse(assigned.body);
    expect(assigned.body).toMatchObject({ assignee: 'regulator.chen', assigneeName: '通信管理局审批员 陈 Regulator Chen', version: 4 });

    const queueOf = async (http: Http, assignee: string) =>
      ((await http.get('/api/v1/applications').query({ assignee }).expect(200)).body.applications as ApplicationSummary[]).map((a) => a.id);
    expect(await queueOf(chen, 'me')).toContain(app.id);
    expect(await queueOf(regulator, 'me')).not.toContain(app.id);
    expect(await queueOf(regulator, 'regulator.chen')).toContain(app.id);
    // released: in nobody's queue
    const released = await assign(chen, { version: 4, assignee: null }).expect(201);
    expect(released.body).toMatchObject({ assignee: null, assigneeName: null });
    expect(await queueOf(chen, 'me')).not.toContain(app.id);
  });

  it("filters the regulator's queue by district (found in PostGIS), operator and assignee, sorts it, and names a bad parameter", async () => {
    const a = await givenADraft(800);
    const b = await givenInReview(1200);
    const list = async (query: Record<string, string>) =>
      (await regulator.get('/api/v1/applications').query(query).expect(200)).body.applications as ApplicationSummary[];
    expect(a).toMatchObject({ districtId: 500101, districtName: { zh: '万州区', en: 'Wanzhou' } });
    const wanzhou = await list({ district: '500101' });
    applicationList.strict().parse({ applications: wanzhou });
    expect(wanzhou.map((x) => x.id)).toEqual(expect.arrayContaining([a.id, b.id]));
    expect(wanzhou.every((x) => x.districtId === 500101)).toBe(true);
    expect((await list({ district: '500103' })).map((x) => x.id)).not.toContain(a.id);
    expect((await list({ operator: 'china-mobile' })).map((x) => x.id)).toContain(b.id);
    expect((await list({ operator: 'china-unicom' })).map((x) => x.id)).not.toContain(b.id);

    const created = await list({ sort: 'created', order: 'asc' });
    expect(created.map((x) => x.createdAt)).toEqual([...created.map((x) => x.createdAt)].sort());
    expect(created.findIndex((x) => x.id === a.id)).toBeLessThan(created.findIndex((x) => x.id === b.id));
    const updated = await list({ sort: 'updated', order: 'desc' });
    expect(updated.map((x) => x.updatedAt)).toEqual([...updated.map((x) => x.updatedAt)].sort().reverse());
    // due: the current state's entry time plus its limit; the soonest first, those with no limit (drafts, decisions) last
    const due = await list({ sort: 'due' });
    const dueAt = (x: ApplicationSummary) => {
      const c = x.clock.find((e) => e.current);
      return c?.limitDays == null ? Infinity : Date.parse(x.stateChangedAt) + c.limitDays * 86_400_000;
    };
    const times = due.map(dueAt);
    expect(times).toEqual([...times].sort((p, q) => p - q));
    expect(due.findIndex((x) => x.id === b.id)).toBeLessThan(due.findIndex((x) => x.id === a.id));

    for (const [query, field] of [
      [{ sort: 'priority' }, 'sort'],
      [{ order: 'up' }, 'order'],
      [{ district: 'yuzhong' }, 'district'],
      [{ district: '999999' }, 'district'],
      [{ operator: 'china-tower' }, 'operator'],
      [{ assignee: 'planner.mobile' }, 'assignee'],
      [{ colour: 'red' }, 'colour'],
    ] as const) {
      const res = await regulator.get('/api/v1/applications').query(query).expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
  });

  it('keeps attached files byte for byte with their SHA-256, for the parties only, within the size and type rules, and audits each', async () => {
    const app = await givenADraft(1600);
    const pdf = aPdf();
    const up = await upload(mobile, app.id, pdf, 'application/pdf', '../../站址图 "v1".pdf', 'land_consent').expect(201);
    attachmentItem.strict().parse(up.body);
    const sha256 = createHash('sha256').update(pdf).digest('hex');
    expect(up.body).toMatchObject({ kind: 'land_consent', filename: '站址图 _v1_.pdf', contentType: 'application/pdf', sizeBytes: pdf.length, sha256 });
    expect(up.body.uploadedBy).toBe('planner.mobile');
    const dxf = Buffer.from('0\nSECTION\n2\nENTITIES\n0\nENDSEC\n0\nEOF\n');
    await upload(mobile, app.id, dxf, 'application/octet-stream', 'mast.dxf').expect(201);

    const listed = (await regulator.get(`/api/v1/applications/${app.id}/attachments`).expect(200)).body;
    attachmentList.strict().parse(listed);
    expect(listed.attachments.map((x: { filename: string }) => x.filename)).toEqual(['站址图 _v1_.pdf', 'mast.dxf']);
    const down = await regulator.get(`/api/v1/applications/${app.id}/attachments/${up.body.id}`).buffer(true).parse(binary).expect(200);
    expect(Buffer.compare(down.body as Buffer, pdf)).toBe(0);
    expect(createHash('sha256').update(down.body).digest('hex')).toBe(sha256);
    expect(down.headers['content-type']).toBe('application/pdf');
    expect(down.headers['x-content-type-options']).toBe('nosniff');
    expect(down.headers['content-disposition']).toBe(`attachment; filename="___ _v1_.pdf"; filename*=UTF-8''${encodeURIComponent('站址图 _v1_.pdf')}`);

    // outsiders are refused, whatever they ask
    await unicom.get(`/api/v1/applications/${app.id}/attachments`).expect(403);
    await unicom.get(`/api/v1/applications/${app.id}/attachments/${up.body.id}`).expect(403);
    await upload(unicom, app.id, pdf, 'application/pdf', 'x.pdf').expect(403);
    await upload(api.http, app.id, pdf, 'application/pdf', 'x.pdf').expect(403); // administrators read, they do not file
    await mobile.get(`/api/v1/applications/${app.id}/attachments/999999999`).expect(404);

    // the type is what the bytes are; a drawing by its name; the size within the cap
    const type415 = async (body: Buffer, type: string, filename: string) =>
      expect((await upload(mobile, app.id, body, type, filename).expect(415)).body.errors[0].field).toBe('Content-Type');
    await type415(Buffer.from('hello'), 'text/plain', 'notes.txt');
    await type415(Buffer.from('<html>not a pdf</html>'), 'application/pdf', 'fake.pdf');
    await type415(randomBytes(100), 'application/octet-stream', 'setup.exe');
    await type415(pdf, 'image/png', 'photo.png');
    const tooBig = await upload(mobile, app.id, Buffer.alloc(20 * 1024 * 1024 + 1, 0x25), 'application/pdf', 'big.pdf').expect(413);
    expect(tooBig.body.code).toBe('payload_too_large');
    expect((await upload(mobile, app.id, pdf, 'application/pdf', '', 'drawing').expect(400)).body.errors[0].field).toBe('filename');
    expect((await upload(mobile, app.id, pdf, 'application/pdf', 'a.pdf', 'selfie').expect(400)).body.errors[0].field).toBe('kind');
    // nothing refused was stored
    expect((await mobile.get(`/api/v1/applications/${app.id}/attachments`).expect(200)).body.attachments).toHaveLength(2);

    const audit = (await regulator.get('/api/v1/audit-events').query({ entityId: app.id }).expect(200)).body.events;
    const added = audit.filter((e: { action: string }) => e.action === 'attachment_added');
    expect(added).toHaveLength(2);
    expect(added[0]).toMatchObject({ actor: 'planner.mobile', after: { filename: '站址图 _v1_.pdf', sizeBytes: pdf.length, sha256 } });
    await mobile.get('/api/v1/audit-events').expect(403);
    await api.http.get('/api/v1/audit-events').query({ entityId: app.id }).expect(200);

    // once withdrawn (or decided), the file is closed
    await move(mobile, app.id, 'withdrawn', 1).expect(201);
    expect((await upload(mobile, app.id, pdf, 'application/pdf', 'late.pdf').expect(409)).body.code).toBe('attachment_not_allowed');
  });

  it('numbers each decision once and serves its letter as a PDF in Chinese or English; none before a decision', async () => {
    const app = await givenInReview(2000);
    expect((await regulator.get(`/api/v1/applications/${app.id}/decision-letter`).expect(409)).body.code).toBe('application_not_decided');
    const approved = (await move(regulator, app.id, 'approved', 3, '同意共享，注意美化').expect(201)).body;
    expect(approved.letterNumber).toMatch(/^渝通管函〔\d{4}〕\d{4}号$/);
    expect(approved.decidedAt).not.toBeNull();
    const other = await givenInReview(2400);
    const rejected = (await move(regulator, other.id, 'rejected', 3, '结构荷载不足').expect(201)).body;
    const seq = (n: string) => Number(/〕(\d{4})号/.exec(n)![1]);
    expect(seq(rejected.letterNumber)).toBe(seq(approved.letterNumber) + 1);

    for (const lang of ['zh', 'en']) {
      const res = await mobile.get(`/api/v1/applications/${app.id}/decision-letter`).query({ lang }).buffer(true).parse(binary).expect(200);
      const pdf = res.body as Buffer;
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdf.length).toBeGreaterThan(5000);
      // the number is the document's subject (UTF-16BE in the info dictionary; the page text is compressed glyphs)
      expect(pdf.includes(Buffer.from(`\ufeff${approved.letterNumber}`, 'utf16le').swap16())).toBe(true);
    }
    const letter = await regulator.get(`/api/v1/applications/${other.id}/decision-letter`).buffer(true).parse(binary).expect(200);
    expect(letter.headers['content-disposition']).toContain(`${other.code}-decision-zh.pdf`);
    await unicom.get(`/api/v1/applications/${app.id}/decision-letter`).expect(404);
    expect((await mobile.get(`/api/v1/applications/${app.id}/decision-letter`).query({ lang: 'fr' }).expect(400)).body.errors[0].field).toBe('lang');
    // the number stays with the application
    expect((await mobile.get(`/api/v1/applications/${app.id}`).expect(200)).body.letterNumber).toBe(approved.letterNumber);
  });

  it('keeps notifications read once read, one by one or all at once', async () => {
    await givenInReview(2800);
    const before = (await mobile.get('/api/v1/notifications').expect(200)).body;
    notificationList.parse(before);
    const unread = (before.notifications as Notification[]).filter((n) => !n.readAt);
    expect(unread.length).toBeGreaterThan(0);
    await mobile.post(`/api/v1/notifications/${unread[0].id}/read`).expect(201);
    const after = (await mobile.get('/api/v1/notifications').expect(200)).body;
    expect(after.notifications.find((n: Notification) => n.id === unread[0].id).readAt).not.toBeNull();
    expect(after.unread).toBe(before.unread - 1);
    const all = await mobile.post('/api/v1/notifications/read-all').expect(201);
    // (the list shows the 100 newest; all unread ones are marked)
    expect(all.body.read).toBeGreaterThanOrEqual(before.unread - 1);
    expect((await mobile.get('/api/v1/notifications').expect(200)).body.unread).toBe(0);
    // someone else's notification stays theirs
    await unicom.post(`/api/v1/notifications/${unread[0].id}/read`).expect(404);
  });
});
