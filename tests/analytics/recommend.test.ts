/**
 * Recommendations on a basket set small enough to compute by hand:
 *
 *   customer  city       paid baskets (product letters)      notes
 *   1         Shanghai   {A, B}
 *   2         Shanghai   {A, B, C}                            + a *cancelled* order of D (must not count)
 *   3         Hangzhou   {A, C}
 *   4         Hangzhou   {B, C, D}
 *   5         —          {A, B}
 *   6         —          E on Jan 1, E again on Jan 31       a consumable with a 30-day cycle
 *   7         Hangzhou   nothing                              cold start
 *
 * Buyers: A 4, B 4, C 3, D 1, E 1; customers N = 6. Co-buyers: AB 3, AC 2, BC 2, BD 1, CD 1.
 * Shrunk cosine with shrinkage 2: AB = 3/√16 · 3/5 = 0.45; AC = BC = 2/√12 · 2/4 = 0.288675…
 * Lift AB = 3·6/16 = 1.125; AC = 2·6/12 = 1.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { alsoBought, defaultBlend, reasonText, recommendFor, refreshSimilarities } from '../../src/analytics/recommend.ts';
import type { Store } from '../../src/db/client.ts';
import { customers, orderItems, orders, products } from '../../src/db/schema/index.ts';
import { describeEachStore } from '../helpers/stores.ts';

const day = (d: string) => new Date(`${d}T10:00:00Z`);
const P = { A: 1, B: 2, C: 3, D: 4, E: 5 } as const;
type Letter = keyof typeof P;

describeEachStore('recommendations', (kind) => {
  let store: Store;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    ({ store, drop } = await kind.open());
    await store.db.insert(products).values((Object.keys(P) as Letter[]).map((l) => ({ id: P[l], title: `Product ${l}` })));
    const cities: Record<number, string | null> = { 1: 'Shanghai', 2: 'Shanghai', 3: 'Hangzhou', 4: 'Hangzhou', 5: null, 6: null, 7: 'Hangzhou' };
    await store.db.insert(customers).values(Object.entries(cities).map(([id, city]) => ({ id: Number(id), city })));
    const baskets: [customer: number, at: string, letters: Letter[], status?: 'cancelled'][] = [
      [1, '2026-01-05', ['A', 'B']],
      [2, '2026-01-06', ['A', 'B', 'C']],
      [2, '2026-01-07', ['D'], 'cancelled'],
      [3, '2026-01-08', ['A', 'C']],
      [4, '2026-01-09', ['B', 'C', 'D']],
      [5, '2026-01-10', ['A', 'B']],
      [6, '2026-01-01', ['E']],
      [6, '2026-01-31', ['E']],
    ];
    for (const [i, [customerId, at, letters, status]] of baskets.entries()) {
      const [order] = await store.db
        .insert(orders)
        .values({ customerId, platform: 'tmall', platformOrderId: `o${i}`, orderedAt: day(at), status: status ?? 'paid', currency: 'CNY', totalMinor: 100, totalBaseMinor: 100 })
        .returning({ id: orders.id });
      await store.db.insert(orderItems).values(letters.map((l) => ({ orderId: order!.id, productId: P[l], quantity: 1, unitPriceBaseMinor: 100, lineTotalBaseMinor: 100 })));
    }
  });
  afterAll(() => drop?.());

  it('computes shrunk-cosine similarities and lift exactly, set-based, keeping the best per item', async () => {
    expect((await refreshSimilarities(store, { minCoBuyers: 2, shrinkage: 2 })).pairs).toBe(6);
    const rows = await store.rows<{ p: unknown; q: unknown; co: number; score: number; lift: number }>(
      sql`select product_id as p, similar_product_id as q, co_buyers as co, score, lift from item_similarities order by 1, 2`,
    );
    const c = 2 / Math.sqrt(12) / 2;
    expect(rows.map((r) => [Number(r.p), Number(r.q), r.co])).toEqual([[1, 2, 3], [1, 3, 2], [2, 1, 3], [2, 3, 2], [3, 1, 2], [3, 2, 2]]);
    expect(rows[0]!.score).toBeCloseTo(0.45, 12);
    expect(rows[0]!.lift).toBeCloseTo(1.125, 12);
    expect(rows[1]!.score).toBeCloseTo(c, 12);
    expect(rows[1]!.lift).toBeCloseTo(1, 12);
    // maxPerItem 1: C's two neighbours tie, the lower id (A) wins; a refresh replaces, never appends
    expect((await refreshSimilarities(store, { minCoBuyers: 2, shrinkage: 2, maxPerItem: 1 })).pairs).toBe(3);
    expect((await alsoBought(store, P.C)).map((r) => [r.productId, r.coBuyers])).toEqual([[P.A, 2]]);
    await refreshSimilarities(store, { minCoBuyers: 2, shrinkage: 2 });
    expect((await alsoBought(store, P.A)).map((r) => r.title)).toEqual(['Product B', 'Product C']);
  });

  it('never offers what the customer already bought, unless it is a consumable; explains why', async () => {
    await refreshSimilarities(store, { minCoBuyers: 2, shrinkage: 2 });
    const recs = await recommendFor(store, 1, { limit: 3, asOf: day('2026-03-01') });
    // C is similar to both A and B (0.2887 each; score = weight × their mean, both bought on the same day);
    // D and E only fill in as popular; A and B were never rebought by anyone, so they are not offered again.
    expect(recs.map((r) => [r.productId, r.reason.kind, r.repeat])).toEqual([
      [P.C, 'bought_with', false],
      [P.D, 'popular', false],
      [P.E, 'popular', false],
    ]);
    // (+ a 1e-9 popularity tie-breaker)
    expect(recs[0]!.score).toBeCloseTo(defaultBlend.similarWeight * (2 / Math.sqrt(12) / 2), 8);
    expect(recs[0]!.reason).toEqual({ kind: 'bought_with', withProductId: P.A, withTitle: 'Product A', coBuyers: 2 });
    expect(reasonText(recs[0]!, 'en')).toBe('Bought with Product A by 2 customers');
    expect(reasonText(recs[0]!, 'zh')).toBe('2 位顾客同时买了Product A');
  });

  it('offers a consumable again only once its cycle has passed', async () => {
    // E: bought on Jan 1 and Jan 31 → every 30 days. On Feb 10 only 10 days have passed.
    const early = await recommendFor(store, 6, { limit: 10, asOf: day('2026-02-10'), rebuyCycle: 1 });
    expect(early.map((r) => r.productId)).not.toContain(P.E);
    const due = await recommendFor(store, 6, { limit: 10, asOf: day('2026-03-05'), rebuyCycle: 1 });
    expect(due[0]).toMatchObject({ productId: P.E, repeat: true, reason: { kind: 'buy_again', timesBought: 2, cycleDays: 30 } });
    expect(reasonText(due[0]!, 'en')).toBe('Bought 2 times before, about every 30 days');
    expect(reasonText(due[0]!, 'zh')).toBe('之前买过 2 次，约每 30 天一次');
    // The cross-sell list leaves out even a consumable that is due.
    const crossSell = await recommendFor(store, 6, { limit: 10, asOf: day('2026-03-05'), rebuyCycle: 1, newOnly: true });
    expect(crossSell.length).toBeGreaterThan(0);
    expect(crossSell.every((r) => r.productId !== P.E && !r.repeat)).toBe(true);
  });

  it('starts a customer without history with what is popular in their city, then overall', async () => {
    const recs = await recommendFor(store, 7, { limit: 5, asOf: day('2026-03-01') });
    // Hangzhou buyers (customers 3, 4): C 2, then A, B, D 1 each; then overall: E (1 buyer).
    expect(recs.map((r) => [r.productId, r.reason])).toEqual([
      [P.C, { kind: 'popular', scope: 'city', buyers: 2 }],
      [P.A, { kind: 'popular', scope: 'city', buyers: 1 }],
      [P.B, { kind: 'popular', scope: 'city', buyers: 1 }],
      [P.D, { kind: 'popular', scope: 'city', buyers: 1 }],
      [P.E, { kind: 'popular', scope: 'overall', buyers: 1 }],
    ]);
    expect(reasonText(recs[0]!, 'en')).toBe('Popular in your city: 2 buyers');
    expect(reasonText(recs[0]!, 'zh')).toBe('同城热销：2 位买家');
  });

  it('counts only orders before asOf', async () => {
    // On Jan 6 only customer 1's basket exists: no history for customer 3 yet, so a cold start.
    const recs = await recommendFor(store, 3, { limit: 2, asOf: day('2026-01-06') });
    expect(recs.map((r) => [r.productId, r.reason.kind])).toEqual([[P.A, 'popular'], [P.B, 'popular']]);
  });
});
