import { describe, expect, it } from 'vitest';
import { en } from '../src/messages/en.ts';
import { zh } from '../src/messages/zh.ts';
import { detectLang, t } from '../src/messages/index.ts';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('messages', () => {
  it('has a Chinese message for every English one, with the same placeholders', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(zh[key], key).toBeTruthy();
      expect(placeholders(zh[key]), key).toEqual(placeholders(en[key]));
    }
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(t('en', 'answer.truncated', { shown: 50 })).toBe('Showing the first 50 rows of more; narrow the question or ask for an export.');
    expect(t('zh', 'answer.truncated')).toContain('{shown}');
  });

  it('detects Chinese questions by their characters', () => {
    expect(detectLang('上个月的销售额')).toBe('zh');
    expect(detectLang('revenue last month')).toBe('en');
  });
});
