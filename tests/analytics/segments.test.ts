/**
 * Segment summaries and the privacy floor, on the hand-scored shop (tests/analytics/shop.ts).
 *
 * Problem: a segment summary or breakdown line about a handful of customers can point at
 * people ("the 2 champions in Lhasa"). Required behaviour: any group of fewer than k customers
 * (default 10) is replaced by `{ suppressed: true }`, with neither its numbers nor its name.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareSegments, refreshFeatures, segmentSummary, suppressSmallGroups } from '../../src/analytics/index.ts';
import { createAssistant } from '../../src/assistant/answer.ts';
import type { Store } from '../../src/db/client.ts';
import { createLogger } from '../../src/log.ts';
import { describeEachStore } from '../helpers/stores.ts';
import { loadShop, NOW } from './shop.ts';
import { testConfig } from '../helpers/config.ts';

describe('suppressSmallGroups', () => {
  it('replaces each group below k, name included, and keeps the rest as they are', () => {
    const rows = [{ city: 'Shanghai', customers: 12 }, { city: 'Beijing', customers: 10 }, { city: 'Lhasa', customers: 3 }];
    expect(suppressSmallGroups(rows, 'customers', 10)).toEqual([rows[0], rows[1], { suppressed: true }]);
    expect(suppressSmallGroups(rows, 'customers')).toEqual([rows[0], rows[1], { suppressed: true }]);
  });

  it('refuses a k that is not a positive whole number', () => {
    expect(() => suppressSmallGroups([], 'n' as never, 0)).toThrow(RangeError);
  });
});

describeEachStore('segment summaries', (kind) => {
  let store: Store;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    ({ store, drop } = await kind.open());
    await loadShop(store);
    await refreshFeatures(store, { now: NOW });
  });
  afterAll(() => drop());

  it('gives exact figures for at risk (c14 c15 c17 c18) when k allows', async () => {
    const s = await segmentSummary(store, 'at_risk', { k: 2 });
    // Revenue: 4·11400 + 3·11500 + 4·11700 + 3·11800 = 162300 fen over 14 orders; the shop's total is 659200.
    expect(s).toEqual({
      segment: 'at_risk',
      custom: false,
      suppressed: false,
      size: 4,
      shareOfCustomers: 0.2,
      revenueMinor: 162_300,
      shareOfRevenue: 162_300 / 659_200,
      aovMinor: 162_300 / 14,
      avgFrequency: 3.5,
      avgRecencyDays: 160,
      topCategories: [{ value: 'Makeup', customers: 4 }],
      topCities: [{ value: 'Shanghai', customers: 3 }, { suppressed: true }],
      topPlatforms: [{ value: 'jd', customers: 2 }, { value: 'tmall', customers: 2 }],
      movedIn: 4,
      movedOut: 0,
      from: { none: 4 },
    });
  });

  it('suppresses a breakdown line of 3 customers when k is 4', async () => {
    const s = await segmentSummary(store, 'at_risk', { k: 4 });
    if (s.suppressed) throw new Error('at risk has 4 customers and k is 4');
    expect(s.topCities).toEqual([{ suppressed: true }, { suppressed: true }]);
    expect(s.topPlatforms).toEqual([{ suppressed: true }, { suppressed: true }]);
    expect(s.movedIn).toBe(4);
    expect(s.size).toBe(4);
  });

  it('suppresses a whole segment of 3 customers, and every segment here under the default k of 10', async () => {
    expect(await segmentSummary(store, 'loyal', { k: 4 })).toEqual({ segment: 'loyal', suppressed: true });
    expect(await segmentSummary(store, 'at_risk')).toEqual({ segment: 'at_risk', suppressed: true });
  });

  it('compares two segments, and gives no difference when one side is suppressed', async () => {
    const both = await compareSegments(store, 'at_risk', 'loyal', { k: 3 });
    // Loyal: c5 5·10500 + c6 4·10600 + c9 5·10900 = 149400 fen over 14 orders, recency (50 + 60 + 90) / 3.
    const d = both.difference!;
    expect(d.size).toBe(1);
    expect(d.revenueMinor).toBe(12_900);
    expect(d.shareOfRevenue).toBeCloseTo(12_900 / 659_200, 12);
    expect(d.aovMinor).toBeCloseTo(12_900 / 14, 9);
    expect(d.avgFrequency).toBeCloseTo(3.5 - 14 / 3, 12);
    expect(d.avgRecencyDays).toBeCloseTo(160 - 200 / 3, 12);
    const one = await compareSegments(store, 'at_risk', 'loyal', { k: 4 });
    expect(one.b).toEqual({ segment: 'loyal', suppressed: true });
    expect(one.difference).toBeNull();
  });

  it('answers "revenue by segment" through the assistant, in English and Chinese', async () => {
    const assistant = createAssistant({
      store,
      config: testConfig,
      log: createLogger('silent'),
      clock: () => NOW,
    });
    const local = { id: 'local:tester', local: true };
    const en = await assistant.answer('revenue by segment', local);
    if (en.kind !== 'table') throw new Error(`expected a table, got ${JSON.stringify(en)}`);
    expect(en.columns.map((c) => c.id)).toEqual(['segment', 'revenue']);
    expect(en.rows).toEqual([
      ['At risk', 1623], ['Loyal', 1494], ['Champions', 913], ['Dormant', 594], ['Previously loyal', 565],
      ['Active', 527], ['Almost lost', 334], ['Needs attention', 330], ['Promising', 108], ['New', 104],
    ]);
    const zh = await assistant.answer('各客户分群的销售额', local);
    if (zh.kind !== 'table') throw new Error(`expected a table, got ${JSON.stringify(zh)}`);
    expect(zh.rows[0]).toEqual(['有流失风险', 1623]);
  });

  // Problem: a breakdown by a customer attribute can single out a person when a group is tiny.
  // Required behaviour: groups below the floor are held back in every answer, and the answer says so.
  it('holds back breakdown groups with fewer than k customers, and says how many', async () => {
    const assistant = createAssistant({ store, config: { ...testConfig, minGroupSize: 4 }, log: createLogger('silent'), clock: () => NOW });
    const sizes = await store.rows<{ segment: string; n: number }>(sql`select segment, count(*)::int as n from customer_features group by 1`);
    const answer = await assistant.answer('customers by segment', { id: 'local:tester', local: true });
    if (answer.kind !== 'table') throw new Error(`expected a table, got ${JSON.stringify(answer)}`);
    expect(answer.rows.length).toBe(sizes.filter((r) => r.n >= 4).length);
    expect(answer.rows.every((r) => (r[1] as number) >= 4)).toBe(true);
    expect(answer.notes).toContain(`Not shown, so no one can be picked out: ${sizes.filter((r) => r.n < 4).length} group(s) of fewer than 4 customers.`);
  });

  it('answers "summarize at-risk customers" and "compare champions and loyal" with the summary figures', async () => {
    const assistant = createAssistant({ store, config: testConfig, log: createLogger('silent'), clock: () => NOW });
    const local = { id: 'local:tester', local: true };
    const one = await assistant.answer('summarize at-risk customers', local);
    if (one.kind !== 'table') throw new Error(`expected a table, got ${JSON.stringify(one)}`);
    const expected = await segmentSummary(store, 'at_risk', { k: 1 });
    if (expected.suppressed) throw new Error('at risk is not suppressed at k = 1');
    expect(one.rows).toHaveLength(1);
    expect(one.rows[0]!.slice(0, 3)).toEqual(['At risk', expected.size, expected.shareOfCustomers]);
    const two = await assistant.answer('对比重要价值客户和忠诚客户', local);
    if (two.kind !== 'table') throw new Error(`expected a table, got ${JSON.stringify(two)}`);
    expect(two.rows.map((r) => r[0])).toEqual(['重要价值客户', '忠诚客户']);
  });
});
