import { describe, expect, it } from 'vitest';
import { demandInput, ERROR_CODES, toFieldProblems } from '@cosite/contracts';
import { MESSAGES, type MessageKey } from '../i18n';
import { fieldLabel, inputNamesFor, problemMessage } from './form-errors';

/** A demand as the planner's form sends it, with one field changed. */
const demand = (change: Record<string, unknown>) => ({
  location: { lon: 106.55, lat: 29.56 },
  operator: 'china-unicom',
  technology: '5G',
  bandMHz: 3500,
  antennaHeightM: 30,
  ...change,
});
/** The API's field problems for a demand, as the edge makes them (the same contract mapping). */
const problemsOf = (body: unknown) => {
  const r = demandInput.safeParse(body, { reportInput: true });
  if (r.success) throw new Error('expected the demand to be refused');
  return toFieldProblems(r.error).map((p) => ({ ...p, code: 'validation_failed' as const }));
};

describe('error messages in the user language', () => {
  it('has a Chinese and an English message for every error code of the API, none the raw code', () => {
    for (const code of [...ERROR_CODES, 'network_failure'] as const) {
      for (const lang of ['zh', 'en'] as const) {
        const text = MESSAGES[lang][`err_${code}` as MessageKey];
        expect(text, `${lang} err_${code}`).toBeTruthy();
        if (code.includes('_')) expect(text).not.toContain(code);
        expect(problemMessage(lang, { field: 'request', problem: 'x', code })).toBe(text);
      }
      expect(MESSAGES.zh[`err_${code}` as MessageKey]).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('words a zod problem by its kind and bound, in Chinese with no English', () => {
    const [low] = problemsOf(demand({ antennaHeightM: -5 }));
    expect(low.field).toBe('antennaHeightM');
    expect(problemMessage('zh', low)).toBe('不能小于 1');
    expect(problemMessage('en', low)).toBe('must be at least 1');
    const [high] = problemsOf(demand({ antennaHeightM: 1000 }));
    expect(problemMessage('zh', high)).toBe('不能大于 150');
    const [missing] = problemsOf(demand({ bandMHz: undefined }));
    expect(problemMessage('zh', missing)).toBe('必填');
    const [notNumber] = problemsOf(demand({ bandMHz: 'abc' }));
    expect(problemMessage('zh', notNumber)).toBe('请填写数字');
    const [fraction] = problemsOf(demand({ slots: 1.5 }));
    expect(problemMessage('zh', fraction)).toBe('请填写整数');
    const [radius] = problemsOf(demand({ searchRadiusM: 0 }));
    expect(problemMessage('zh', radius)).toBe('须大于 0');
    const [tech] = problemsOf(demand({ technology: '6G' }));
    expect(problemMessage('zh', tech)).toBe('须为以下之一：4G、5G、NB-IoT');
    const [swapped] = problemsOf(demand({ location: { lon: 29.56, lat: 106.55 } }));
    expect(swapped.field).toBe('location');
    expect(problemMessage('zh', swapped)).toMatch(/^坐标无效/);
    for (const p of [low, high, missing, notNumber, fraction, radius, swapped]) expect(problemMessage('zh', p)).not.toMatch(/[a-z]{3,}/i);
  });

  it('never shows a service check in English to a Chinese user, and keeps its words for an English one', () => {
    const p = { field: 'operator', problem: 'no operator "x"', code: 'validation_failed' as const };
    expect(problemMessage('zh', p)).toBe('填写有误');
    expect(problemMessage('en', p)).toBe('no operator "x"');
  });

  it('finds the input of a nested field and labels fields that have none', () => {
    expect(inputNamesFor('properties.name')).toEqual(['properties.name', 'name', 'properties']);
    expect(inputNamesFor('demand.slots')).toContain('slots');
    expect(inputNamesFor('activities[0]')).toContain('activity');
    expect(fieldLabel('zh', 'location.lat')).toBe('需求点');
    expect(fieldLabel('zh', 'antennaHeightM')).toBeNull();
  });
});
