/**
 * A tiny shop whose RFM scores can be worked out by hand: 20 customers, customer i's last paid
 * order was 10·i days before NOW, earlier orders every 30 days before that, each order one line
 * of 100.00 + i yuan (10000 + 100·i fen). Frequencies put exactly four customers in each
 * quintile, and monetary follows frequency, so F = M and FM = F:
 *
 *   orders 5: c1 c5 c9 c13   orders 4: c2 c6 c14 c17   orders 3: c7 c10 c15 c18
 *   orders 2: c3 c11 c19 c20  orders 1: c4 c8 c12 c16
 *
 * R quintiles follow the customer number: c1–c4 → R5, c5–c8 → R4, …, c17–c20 → R1.
 */
import type { Store } from '../../src/db/client.ts';
import { categories, customers, orderItems, orders, products } from '../../src/db/schema/index.ts';

export const NOW = new Date('2026-06-30T12:00:00Z');
const DAY = 86_400_000;

export const frequencyOf: Record<number, number> = {
  1: 5, 5: 5, 9: 5, 13: 5, 2: 4, 6: 4, 14: 4, 17: 4, 7: 3, 10: 3, 15: 3, 18: 3, 3: 2, 11: 2, 19: 2, 20: 2, 4: 1, 8: 1, 12: 1, 16: 1,
};
export const priceOf = (i: number) => 10_000 + 100 * i;
const cityOf = (i: number) => (i === 20 ? 'Lhasa' : [2, 6, 18].includes(i) ? 'Beijing' : 'Shanghai');
/** Odd customers buy on Tmall, even ones on JD; c1's two latest orders are on JD (3 Tmall vs 2 JD). */
const platformOf = (i: number, j: number) => (i === 1 && j < 2 ? 'jd' : i % 2 === 1 ? 'tmall' : 'jd');

let orderSeq = 0;
export async function addOrder(store: Store, customerId: number, orderedAt: Date, platform: string, productId: number, amount: number, status: 'paid' | 'refunded' = 'paid'): Promise<number> {
  orderSeq++;
  const [o] = await store.db
    .insert(orders)
    .values({ customerId, platform, platformOrderId: `t-${orderSeq}`, orderedAt, status, currency: 'CNY', totalMinor: amount, totalBaseMinor: amount })
    .returning({ id: orders.id });
  await store.db.insert(orderItems).values({ orderId: o!.id, productId, quantity: 1, unitPriceBaseMinor: amount, lineTotalBaseMinor: amount });
  return o!.id;
}

/** Loads the shop: categories Skincare (c1–c10 buy it) and Makeup (c11–c20), one product each. */
export async function loadShop(store: Store): Promise<void> {
  await store.db.insert(categories).values([
    { id: 1, name: 'Skincare', nameZh: '护肤' },
    { id: 2, name: 'Makeup', nameZh: '彩妆' },
  ]);
  await store.db.insert(products).values([
    { id: 1, title: 'Serum', categoryId: 1 },
    { id: 2, title: 'Lipstick', categoryId: 2 },
  ]);
  await store.db.insert(customers).values(
    Array.from({ length: 20 }, (_, k) => ({ id: k + 1, city: cityOf(k + 1), country: 'CN', signupPlatform: k % 2 === 0 ? 'tmall' : 'jd' })),
  );
  for (let i = 1; i <= 20; i++) {
    for (let j = 0; j < frequencyOf[i]!; j++) {
      await addOrder(store, i, new Date(NOW.getTime() - (10 * i + 30 * j) * DAY), platformOf(i, j), i <= 10 ? 1 : 2, priceOf(i));
    }
  }
  // A cancelled order counts for nothing.
  await store.db.insert(orders).values({ customerId: 20, platform: 'jd', platformOrderId: 'cancelled-1', orderedAt: new Date(NOW.getTime() - DAY), status: 'cancelled', currency: 'CNY', totalMinor: 99_999, totalBaseMinor: 99_999 });
}

export const daysBefore = (n: number) => new Date(NOW.getTime() - n * DAY);
