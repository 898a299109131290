/**
 * Picks from our own messages (a clarifying option, "Break down by…") run the picked query
 * itself; the words they are labelled with in the thread must read back to that same query, so
 * what the thread shows and what ran never differ.
 */
import { describe, expect, it } from 'vitest';
import { understand } from '../../src/nl/understand.ts';
import { encodeQueryRef } from '../../src/present/blocks.ts';
import type { QuerySpec } from '../../src/query/dsl.ts';
import { clarifyPick, pickedQuery, withBreakdown } from '../../src/slack/picks.ts';
import { wordCatalogs } from '../../src/slack/words.ts';
import { testLexicon, testNow } from '../helpers/lexicon.ts';

const read = (question: string) => understand(question, { now: testNow, timeZone: 'Asia/Shanghai', lexicon: testLexicon });
const queryOf = (question: string): QuerySpec => {
  const understood = read(question);
  if (understood.kind !== 'query') throw new Error(`"${question}" was not read as a query`);
  return understood.query;
};

describe('picked queries', () => {
  const questions = ['revenue by city last month', 'orders by platform in 2025', 'top 5 products by revenue this year', '上个月各平台的销售额', 'revenue in Shanghai last 30 days', 'customers by gender'];

  it.each(questions)('labels "%s" with words that read back to the same query, in both languages', (question) => {
    const query = queryOf(question);
    for (const lang of ['en', 'zh'] as const) {
      const pick = pickedQuery(query, lang);
      expect(pick.query).toBe(query);
      expect(queryOf(pick.question)).toEqual(query);
    }
  });

  it('adds the picked breakdown to the answer’s query', () => {
    const query = withBreakdown(queryOf('revenue by city last month'), 'platform')!;
    expect(query).toMatchObject({ intent: 'breakdown', dimensions: ['city', 'platform'], limit: null, sort: null });
    expect(queryOf(pickedQuery(query, 'en').question)).toEqual(query);
    expect(withBreakdown(queryOf('revenue by month this year'), 'city')).toMatchObject({ intent: 'trend', dimensions: ['month', 'city'] });
  });

  it('refuses a breakdown that is not a catalog dimension, or already there', () => {
    const query = queryOf('revenue by city last month');
    expect(withBreakdown(query, 'email')).toBeUndefined();
    expect(withBreakdown(query, 'city')).toBeUndefined();
  });

  it('runs a clarifying option’s query when it has one, and asks its label otherwise', () => {
    const query = queryOf('orders by platform in 2025');
    expect(clarifyPick(JSON.stringify(query), 'en').query).toEqual(query);
    expect(clarifyPick('Units sold', 'en')).toEqual({ question: 'Units sold' });
    // A button value is the query itself (not a reference) for the catalog's queries.
    expect(JSON.parse(encodeQueryRef(query))).toEqual({ query });
  });
});

describe('the Slack door’s words', () => {
  it('say the same things in Chinese as in English, with the same placeholders', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, en] of Object.entries(wordCatalogs.en)) {
      const zh = wordCatalogs.zh[key as keyof typeof wordCatalogs.zh];
      expect(zh.trim(), key).not.toBe('');
      expect(placeholders(zh), key).toEqual(placeholders(en));
    }
  });
});
