import { describe, expect, it } from 'vitest';
import type { AnalysisSummary } from '@cosite/contracts';
import { myAnalysesHtml, whenMade } from './my-analyses';

const summary = (over: Partial<AnalysisSummary> = {}): AnalysisSummary => ({
  id: '00000000-0000-4000-8000-000000000001',
  createdAt: '2026-12-01T09:30:00Z',
  operator: 'china-unicom',
  technology: '5G',
  decision: 'share',
  location: { lon: 106.577, lat: 29.5575 },
  searchRadiusM: 500,
  site: { structureId: 7, name: '单管塔024554', code: 'S024554' },
  verdict: 'allowed_with_conditions',
  fromGap: false,
  application: null,
  ...over,
});

describe('My analyses', () => {
  it("says today's analyses by the time only, older ones with the date", () => {
    const now = new Date('2026-12-01T15:00:00Z');
    expect(whenMade('en', '2026-12-01T09:30:00Z', now)).not.toMatch(/2026/);
    expect(whenMade('en', '2026-11-20T09:30:00Z', now)).toMatch(/2026/);
  });

  it('lists each analysis in Chinese with its decision, site, verdict, application and a button to reopen it', () => {
    const html = myAnalysesHtml(
      'zh',
      [summary({ application: { id: '00000000-0000-4000-8000-000000000009', code: 'APP-2026-000003', state: 'submitted' } })],
      null,
    );
    expect(html).toContain('data-reopen="00000000-0000-4000-8000-000000000001"');
    expect(html).toContain('中国联通 5G · 单管塔024554 (S024554)');
    expect(html).toContain('有条件允许');
    expect(html).toContain('已申报 APP-2026-000003（已提交）');
    expect(html).not.toMatch(/china-unicom|allowed_with|submitted</);
  });

  it('places a new build by its point and ring, marks the one on screen, and says when there is none', () => {
    const html = myAnalysesHtml('en', [summary({ decision: 'new_build', site: null })], '00000000-0000-4000-8000-000000000001');
    expect(html).toContain('29.5575, 106.5770 · 500 m');
    expect(html).toContain('class="current"');
    expect(myAnalysesHtml('en', [], null)).toContain('No analyses yet');
  });
});
