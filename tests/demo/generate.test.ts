import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { demoRatesToCny, generateDemo, type DemoData } from '../../src/demo/generate.ts';
import { exampleEmailDomains } from '../../src/demo/people.ts';

const until = new Date('2026-03-31T16:00:00Z');
const fingerprint = (data: DemoData) => createHash('sha256').update(JSON.stringify(data)).digest('hex');

// Big enough for monthly patterns to stand out from the noise, small enough to generate in a blink.
const data = generateDemo({ customers: 2000, seed: 1, until });
const customerById = new Map(data.customers.map((c) => [c.id, c]));

/** Map.groupBy arrived after Node 20. */
function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

describe('generateDemo: determinism', () => {
  it('gives exactly the same rows for the same options', () => {
    const options = { customers: 300, seed: 7, until };
    expect(fingerprint(generateDemo({ ...options, until: new Date(until.getTime()) }))).toBe(fingerprint(generateDemo(options)));
  });

  it('gives different rows for a different seed', () => {
    expect(fingerprint(generateDemo({ customers: 300, seed: 8, until }))).not.toBe(fingerprint(generateDemo({ customers: 300, seed: 7, until })));
  });

  it('keeps the same catalog whatever the number of customers', () => {
    const small = generateDemo({ customers: 50, seed: 1, until });
    expect([small.categories, small.products, small.productAliases]).toEqual([data.categories, data.products, data.productAliases]);
  });
});

describe('generateDemo: what a marketer would notice', () => {
  it('makes every order total the sum of its lines', () => {
    const lineSums = new Map<number, number>();
    for (const item of data.orderItems) lineSums.set(item.orderId, (lineSums.get(item.orderId) ?? 0) + item.lineTotalBaseMinor);
    const wrong = data.orders.filter((o) => lineSums.get(o.id) !== o.totalBaseMinor).map((o) => o.id);
    expect(wrong).toEqual([]);
    expect(data.orderItems.filter((i) => i.lineTotalBaseMinor !== i.unitPriceBaseMinor * i.quantity)).toEqual([]);
  });

  it('prices Shopify orders in US cents and converts them to fen at the demo rate', () => {
    const itemsByOrder = groupBy(data.orderItems, (i) => i.orderId);
    const shopify = data.orders.filter((o) => o.platform === 'shopify');
    expect(new Set(shopify.map((o) => o.currency))).toEqual(new Set(['USD']));
    // Each unit is rounded to the fen once, so the total may drift by half a fen per unit.
    const off = shopify.filter((o) => {
      const units = (itemsByOrder.get(o.id) ?? []).reduce((n, i) => n + i.quantity, 0);
      return Math.abs(o.totalBaseMinor - o.totalMinor * demoRatesToCny.USD) > units / 2;
    });
    expect(off).toEqual([]);
    expect(data.orders.filter((o) => o.currency === 'CNY' && o.totalMinor !== o.totalBaseMinor)).toEqual([]);
  });

  it('has November as the best month for paid revenue from customers in China', () => {
    const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
    const revenue = new Array<number>(12).fill(0);
    for (const order of data.orders) {
      if (order.status !== 'paid' || customerById.get(order.customerId)?.country !== 'CN') continue;
      const beijingMonth = new Date(order.orderedAt.getTime() + 8 * 3_600_000).getUTCMonth();
      revenue[beijingMonth]! += order.totalBaseMinor;
    }
    expect(months[revenue.indexOf(Math.max(...revenue))]).toBe('November');
  });

  it('sells about 92% of orders as paid and finds about a fifth of customers outside mainland China', () => {
    const paid = data.orders.filter((o) => o.status === 'paid').length / data.orders.length;
    const abroad = data.customers.filter((c) => c.country !== 'CN').length / data.customers.length;
    expect(paid).toBeGreaterThan(0.9);
    expect(paid).toBeLessThan(0.94);
    expect(abroad).toBeGreaterThan(0.16);
    expect(abroad).toBeLessThan(0.24);
  });

  it('puts every email on a domain reserved for examples, already normalized', () => {
    const domains = new Set<string>(exampleEmailDomains);
    const bad = data.customers
      .map((c) => c.personal.email)
      .filter((email) => email !== email.trim().toLowerCase() || !domains.has(email.split('@')[1] ?? ''));
    expect(bad).toEqual([]);
    expect(new Set(data.customers.map((c) => c.personal.email)).size).toBe(data.customers.length);
  });

  it('writes phone numbers in E.164, Chinese mobiles for customers in China', () => {
    const e164 = /^\+[1-9]\d{7,14}$/;
    const chineseMobile = /^\+861\d{10}$/;
    const bad = data.customers.filter((c) => !e164.test(c.personal.phone) || (c.country === 'CN') !== chineseMobile.test(c.personal.phone));
    expect(bad).toEqual([]);
  });

  it('keeps every timestamp at or before until, and nothing before the customer signed up', () => {
    const signup = (id: number) => customerById.get(id)!.signupAt!.getTime();
    const late = [
      ...data.customers.map((c) => c.signupAt!),
      ...data.orders.map((o) => o.orderedAt),
      ...data.events.map((e) => e.occurredAt),
    ].filter((at) => at.getTime() > until.getTime());
    const early = [
      ...data.orders.map((o) => [o.customerId, o.orderedAt] as const),
      ...data.events.map((e) => [e.customerId, e.occurredAt] as const),
    ].filter(([id, at]) => at.getTime() < signup(id));
    expect(late).toEqual([]);
    expect(early).toEqual([]);
  });

  it('gives search events no product and every other event one', () => {
    expect(data.events.filter((e) => (e.type === 'search') !== (e.productId === null))).toEqual([]);
  });

  it('names every category once in English and once in Chinese, with products only in subcategories', () => {
    const names = data.categories.map((c) => c.name);
    const chinese = data.categories.map((c) => c.nameZh ?? '');
    expect(new Set(names).size).toBe(names.length);
    expect(new Set(chinese).size).toBe(chinese.length);
    expect(chinese.filter((zh) => !/^[\u4e00-\u9fff]+$/.test(zh))).toEqual([]);
    expect(data.categories.filter((c) => c.parentId === null).map((c) => `${c.name} ${c.nameZh}`)).toEqual([
      'Beauty 美妆',
      'Apparel 服饰',
      'Electronics 数码',
      'Home 家居',
      'Food 食品',
      'Baby 母婴',
    ]);
    const parents = new Set(data.categories.map((c) => c.parentId));
    expect(data.products.filter((p) => parents.has(p.categoryId))).toEqual([]);
  });

  it('lists every product on one to three platforms, each under its own id', () => {
    const perProduct = groupBy(data.productAliases, (a) => a.productId);
    expect(data.products.filter((p) => !perProduct.has(p.id))).toEqual([]);
    expect([...perProduct.values()].filter((aliases) => new Set(aliases.map((a) => a.platform)).size !== aliases.length)).toEqual([]);
    const keys = data.productAliases.map((a) => `${a.platform}:${a.platformProductId}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('generateDemo: size', () => {
  it('makes 20–35k orders, 40–80k order lines and 100–150k events for the default 5000 customers', () => {
    const full = generateDemo({ customers: 5000, seed: 1, until });
    expect(full.customers).toHaveLength(5000);
    expect(full.products).toHaveLength(300);
    expect(full.orders.length).toBeGreaterThanOrEqual(20_000);
    expect(full.orders.length).toBeLessThanOrEqual(35_000);
    expect(full.orderItems.length).toBeGreaterThanOrEqual(40_000);
    expect(full.orderItems.length).toBeLessThanOrEqual(80_000);
    expect(full.events.length).toBeGreaterThanOrEqual(100_000);
    expect(full.events.length).toBeLessThanOrEqual(150_000);
  });
});
