import { describe, expect, it } from 'vitest';
import { MESSAGES, TERMS, pickLanguage } from './i18n';

describe('message catalogues', () => {
  it('have the same keys in Chinese and English, none empty', () => {
    expect(Object.keys(MESSAGES.zh).sort()).toEqual(Object.keys(MESSAGES.en).sort());
    for (const lang of ['zh', 'en'] as const) for (const v of Object.values(MESSAGES[lang])) expect(v.trim()).not.toBe('');
    expect(Object.keys(TERMS.zh).sort()).toEqual(Object.keys(TERMS.en).sort());
  });

  it('choose Chinese when the browser asks for it, English otherwise', () => {
    expect(pickLanguage(['zh-CN', 'en'])).toBe('zh');
    expect(pickLanguage(['en-GB', 'zh-CN'])).toBe('en');
    expect(pickLanguage(['fr-FR'])).toBe('en');
    expect(pickLanguage(['fr-FR', 'zh-TW'])).toBe('zh');
  });
});
