/**
 * Customer features on a shop small enough to score by hand (tests/analytics/shop.ts): exact
 * RFM scores, segments, CLV and movement between refreshes, on PGlite and on PostgreSQL.
 */
import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fmScore, refreshFeatures, segmentOf, segmentRules } from '../../src/analytics/index.ts';
import type { Store } from '../../src/db/client.ts';
import { customerFeatures, featureRefreshes, orders, rfmSegments } from '../../src/db/schema/index.ts';
import { describeEachStore } from '../helpers/stores.ts';
import { addOrder, daysBefore, loadShop, NOW } from './shop.ts';

describe('the RFM rule table', () => {
  it('puts every one of the 25 R × FM cells in exactly one segment, and uses every segment', () => {
    for (let r = 1; r <= 5; r++) {
      for (let fm = 1; fm <= 5; fm++) {
        const owners = segmentRules.filter((s) => r >= s.r[0] && r <= s.r[1] && fm >= s.fm[0] && fm <= s.fm[1]);
        expect(owners.map((o) => o.segment), `R=${r} FM=${fm}`).toHaveLength(1);
      }
    }
    expect(new Set(segmentRules.map((s) => s.segment))).toEqual(new Set(rfmSegments));
  });

  it('rounds FM half up, so R5 F4 M5 is a champion and R2 F5 M4 previously loyal', () => {
    expect(fmScore(4, 5)).toBe(5);
    expect(fmScore(1, 2)).toBe(2);
    expect(segmentOf(5, 4, 5)).toBe('champions');
    expect(segmentOf(2, 5, 4)).toBe('previously_loyal');
    expect(segmentOf(3, 1, 1)).toBe('almost_lost');
  });
});

describeEachStore('customer features', (kind) => {
  let store: Store;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    ({ store, drop } = await kind.open());
    await loadShop(store);
  });
  afterAll(() => drop());

  const features = () => store.db.select().from(customerFeatures).orderBy(asc(customerFeatures.customerId));
  const byId = async () => new Map((await features()).map((f) => [f.customerId, f]));

  it('scores every paying customer by quintile and names the segment from the rule table', async () => {
    const result = await refreshFeatures(store, { now: NOW });
    expect(result.customers).toBe(20);
    const f = await byId();
    const scores = (id: number) => {
      const row = f.get(id)!;
      return [row.rScore, row.fScore, row.mScore, row.segment];
    };
    expect(scores(1)).toEqual([5, 5, 5, 'champions']);
    expect(scores(2)).toEqual([5, 4, 4, 'champions']);
    expect(scores(3)).toEqual([5, 2, 2, 'active']);
    expect(scores(4)).toEqual([5, 1, 1, 'new']);
    expect(scores(8)).toEqual([4, 1, 1, 'promising']);
    expect(scores(10)).toEqual([3, 3, 3, 'needs_attention']);
    expect(scores(13)).toEqual([2, 5, 5, 'previously_loyal']);
    expect(scores(17)).toEqual([1, 4, 4, 'at_risk']);
    expect(scores(20)).toEqual([1, 2, 2, 'dormant']);
    const bySegment: Record<string, number[]> = {};
    for (const row of f.values()) (bySegment[row.segment] ??= []).push(row.customerId);
    expect(bySegment).toEqual({
      champions: [1, 2], active: [3, 7], new: [4], loyal: [5, 6, 9], promising: [8], needs_attention: [10],
      almost_lost: [11, 12], previously_loyal: [13], at_risk: [14, 15, 17, 18], dormant: [16, 19, 20],
    });
  });

  it('keeps recency, frequency, money, first and last order, AOV, top category, preferred platform and CLV exact', async () => {
    const c1 = (await byId()).get(1)!;
    expect(c1).toMatchObject({
      recencyDays: 10, frequency: 5, monetaryMinor: 50_500, aovMinor: 10_100, topCategoryId: 1, preferredPlatform: 'tmall', previousSegment: null,
    });
    expect(c1.firstOrderAt.toISOString()).toBe(daysBefore(130).toISOString());
    expect(c1.lastOrderAt.toISOString()).toBe(daysBefore(10).toISOString());
    // Tenure 130 days (< 1 year, so 5 orders a year), retention 1 − 10/730.
    expect(c1.clvMinor).toBeCloseTo(10_100 * 5 * (1 - 10 / 730), 6);
    const c20 = (await byId()).get(20)!;
    // The cancelled order a day ago counts for nothing: last paid order 200 days ago.
    expect(c20).toMatchObject({ recencyDays: 200, frequency: 2, monetaryMinor: 24_000, topCategoryId: 2, preferredPlatform: 'jd' });
    expect(c20.clvMinor).toBeCloseTo(12_000 * 2 * (1 - 200 / 730), 6);
  });

  it('records the run, with every first-time customer moving in from none', async () => {
    const runs = await store.db.select().from(featureRefreshes);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ customers: 20, similarities: 0 });
    const movement = runs[0]!.movement as Record<string, { in: number; out: number; from: Record<string, number> }>;
    expect(movement.at_risk).toEqual({ in: 4, out: 0, from: { none: 4 } });
    expect(movement.new).toEqual({ in: 1, out: 0, from: { none: 1 } });
  });

  it('moves customers between segments when orders change, and remembers where they were', async () => {
    // c4 gets an older order: 2 orders now, which pushes c3 (2 orders, less money) down to F1.
    await addOrder(store, 4, daysBefore(100), 'jd', 1, 10_400);
    const result = await refreshFeatures(store, { now: new Date(NOW.getTime() + 86_400_000) });
    expect(result.customers).toBe(20);
    const f = await byId();
    expect(f.get(1)!.recencyDays).toBe(11);
    expect([f.get(3)!.segment, f.get(3)!.previousSegment]).toEqual(['new', 'active']);
    expect([f.get(4)!.segment, f.get(4)!.previousSegment]).toEqual(['active', 'new']);
    expect([f.get(1)!.segment, f.get(1)!.previousSegment]).toEqual(['champions', 'champions']);
    const moved = Object.fromEntries(Object.entries(result.movement).filter(([, m]) => m.in + m.out > 0));
    expect(moved).toEqual({
      active: { in: 1, out: 1, from: { new: 1 } },
      new: { in: 1, out: 1, from: { active: 1 } },
    });
  });

  it('removes a customer whose only paid order was refunded, and counts them out of their segment', async () => {
    // Without c16 the 19 customers split 4/4/4/4/3: c2, c4, c8 and c12 each drop one cell.
    await store.db.update(orders).set({ status: 'refunded' }).where(eq(orders.customerId, 16));
    const result = await refreshFeatures(store, { now: new Date(NOW.getTime() + 86_400_000) });
    expect(result.customers).toBe(19);
    expect((await byId()).has(16)).toBe(false);
    const moved = Object.fromEntries(Object.entries(result.movement).filter(([, m]) => m.in + m.out > 0));
    expect(moved).toEqual({
      champions: { in: 0, out: 1, from: {} },
      active: { in: 1, out: 1, from: { champions: 1 } },
      promising: { in: 1, out: 1, from: { active: 1 } },
      almost_lost: { in: 1, out: 1, from: { promising: 1 } },
      dormant: { in: 1, out: 1, from: { almost_lost: 1 } },
    });
    const [runs] = await store.rows<{ n: number }>(sql`select count(*)::int as n from feature_refreshes`);
    expect(runs!.n).toBe(3);
  });
});
