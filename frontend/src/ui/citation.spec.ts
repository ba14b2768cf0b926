import { describe, expect, it } from 'vitest';
import * as C from '@cosite/contracts';
import { TERMS } from '../i18n';
import { citation, sourceCitation } from './citation';
import { OPERATORS } from './tool-panel';

const CJK = /[\u4e00-\u9fff]/;

describe('both languages everywhere', () => {
  it('cites a rule in Chinese with no English, and in English as written', () => {
    const reg = 'Chongqing telecom facility construction and protection rules (重庆市通信设施建设和保护规定)';
    expect(citation('zh', reg, 'art. 21')).toBe('《重庆市通信设施建设和保护规定》 第21条');
    expect(
      citation(
        'zh',
        'GB 8702-2014 Controlling limits for electromagnetic environment',
        'table 1 (public exposure); one project commonly held to one fifth (HJ 1151-2020 practice)',
      ),
    ).toMatch(/^GB 8702-2014《电磁环境控制限值》 表1/);
    expect(sourceCitation('zh', `${reg}, art. 10`)).toBe('《重庆市通信设施建设和保护规定》 第10条');
    expect(citation('en', reg, 'art. 21')).toBe(`${reg}, art. 21`);
    // every rule's words the catalogue holds read in Chinese
    for (const [en, zh] of Object.entries(TERMS.zh).filter(([k]) => / /.test(k) && TERMS.en[k] === k && k.length > 20)) {
      expect(citation('zh', en), en).toMatch(CJK);
      expect(zh).toMatch(CJK);
    }
  });

  it('names every value the panels show by term() in Chinese', () => {
    const shown = [
      C.STRUCTURE_KINDS,
      C.ROUTE_KINDS,
      C.OVERLAY_KINDS,
      C.WORKS_ACTIVITIES,
      C.PROTECTED_FACILITY_KINDS,
      C.WORKS_OUTCOMES,
      C.ROUTE_VERDICTS,
      C.CANDIDATE_REASONS,
      C.ANALYSIS_DECISIONS,
      C.ANALYSIS_ENVIRONMENTS,
      C.STRUCTURE_STATUSES,
      C.APPLICATION_STATES,
      C.APPLICATION_KINDS,
      C.ROUTE_CAPACITY_UNITS,
      C.POLE_RUN_STATUSES,
      C.SITE_CONDITIONS,
      C.CLUTTER_CLASSES,
      OPERATORS,
    ].flat() as string[];
    const missing = shown.filter((v) => !CJK.test(TERMS.zh[v] ?? ''));
    expect(missing).toEqual([]);
  });
});
