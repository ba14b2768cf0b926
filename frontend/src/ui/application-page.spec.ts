import { describe, expect, it } from 'vitest';
import type { ApplicationDetail } from '@cosite/contracts';
import { type ApplicationPage, pageHtml, timelineHtml } from './application-page';

const snapshot = {
  demand: {
    lon: 106.5772,
    lat: 29.5578,
    operator: 'china-mobile',
    technology: '5G',
    bandMHz: 4900,
    antennaHeightM: 25,
    searchRadiusM: 400,
    slots: 1,
    loadKg: 30,
  },
  environment: 'dense_urban',
  model: '3gpp-uma',
  decision: 'share',
  best: null,
  candidates: [],
  newBuild: null,
  conditions: [],
  siting: {
    verdict: 'allowed_with_conditions',
    site: { structureId: 7, location: { lon: 106.5772, lat: 29.5578 }, kind: 'monopole', heightM: 30, buildForm: 'ground', proposed: false },
    conditions: [{ code: 'emf_notice_required', severity: 'condition', trigger: {}, rule: 'emf', regulation: 'GB 8702-2014', article: '4.1' }],
    emf: null,
  },
};
const detail = (over: Partial<ApplicationDetail> = {}) =>
  ({
    id: '00000000-0000-4000-8000-000000000001',
    code: 'APP-2026-0001',
    kind: 'share',
    state: 'in_review',
    organisationId: 'china-mobile',
    operatorId: 'china-mobile',
    analysisId: '00000000-0000-4000-8000-000000000002',
    structureId: 7,
    conditions: [],
    justification: null,
    version: 3,
    proposedStructure: null,
    proposedSite: null,
    createdAt: '2026-12-01T08:00:00Z',
    clock: [],
    overdue: false,
    assignee: null,
    assigneeName: null,
    districtId: 500103,
    districtName: { zh: '渝中区', en: 'Yuzhong' },
    lastComment: null,
    letterNumber: null,
    decidedAt: null,
    analysisSnapshot: snapshot,
    ...over,
  }) as unknown as ApplicationDetail;
const page = (d: ApplicationDetail): ApplicationPage => ({ detail: d, timeline: [], attachments: [], structure: null, reviewers: [] });
const planner = { username: 'planner.mobile', displayName: 'p', organisationId: 'china-mobile', role: 'planner' as const };
const regulator = { username: 'regulator', displayName: 'r', organisationId: 'regulator', role: 'regulator' as const };

describe('the application page', () => {
  it('shows a returned application’s comment prominently, in Chinese words', () => {
    const d = detail({
      state: 'returned',
      lastComment: { at: '2026-12-02T08:00:00Z', actor: 'regulator', actorName: '审批员', comment: '请补充图纸', to: 'returned' },
    });
    const html = pageHtml('zh', planner, page(d));
    expect(html).toMatch(/class="last-comment prominent" role="alert"/);
    expect(html).toContain('退回补正意见');
    expect(html).toContain('请补充图纸');
    expect(html).toContain('渝中区');
    expect(html).toContain('有条件允许');
    expect(html).not.toContain('allowed_with_conditions<');
  });

  it('offers the regulator the decision moves with the comment marked required, and no letter before a decision', () => {
    const html = pageHtml('en', regulator, page(detail()));
    expect(html).toContain('data-to="approved"');
    expect(html).toContain('data-to="returned"');
    expect(html).toContain('(required to return or reject)');
    expect(html).not.toContain('decision-letter');
  });

  it('links the decision letter once decided, and offers no moves then', () => {
    const html = pageHtml('zh', planner, page(detail({ state: 'approved', letterNumber: '渝通管函〔2026〕0001号' })));
    expect(html).toContain('/decision-letter?lang=zh');
    expect(html).toContain('渝通管函〔2026〕0001号');
    expect(html).not.toContain('data-to=');
    expect(html).not.toContain('form class="upload"');
  });

  it('lists the timeline with who, the states and the comment', () => {
    const html = timelineHtml('en', [
      {
        at: '2026-12-02T08:00:00Z',
        actor: 'regulator',
        actorName: 'Regulator',
        organisationId: null,
        action: 'transition',
        from: 'in_review',
        to: 'returned',
        comment: 'add the drawing',
        detail: null,
      },
    ]);
    expect(html).toContain('in review → returned');
    expect(html).toContain('<blockquote>add the drawing</blockquote>');
  });
});
