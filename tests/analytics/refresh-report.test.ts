/** The scheduled model refresh: features and similarities recomputed, movement reported under the floor. */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { modelRefreshReport } from '../../src/analytics/refresh-report.ts';
import type { Store } from '../../src/db/client.ts';
import { loadDemo } from '../../src/demo/load.ts';
import { describeEachStore } from '../helpers/stores.ts';
import { testCipher } from '../helpers/keys.ts';
import { testNow } from '../helpers/lexicon.ts';

describeEachStore('model refresh report', (kind) => {
  let store: Store;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    ({ store, drop } = await kind.open());
    await loadDemo(store, testCipher, { customers: 300, seed: 3, until: testNow });
  }, 120_000);
  afterAll(() => drop());

  const report = (now: Date, minGroupSize = 10) => modelRefreshReport({ store, cipher: testCipher, now, lang: 'en', timeZone: 'Asia/Shanghai', minGroupSize });

  it('refreshes both models and reports no change when nothing moved', async () => {
    await report(testNow);
    const again = await report(testNow);
    expect(again.changed).toBe(false);
    expect(again.text).toContain('No customer changed segment.');
    const [pairs] = await store.rows<{ n: unknown }>(sql`select count(*) as n from item_similarities`);
    expect(again.text).toContain(`${Number(pairs!.n).toLocaleString('en-US')} similar-item pairs`);
  });

  it('reports movement when new orders arrive, hiding counts below the privacy floor', async () => {
    // The 40 customers who bought longest ago come back with a big order each.
    await store.rows(sql`with back as (select customer_id from customer_features order by last_order_at, customer_id limit 40),
        placed as (
          insert into orders (customer_id, platform, platform_order_id, ordered_at, status, currency, total_minor, total_base_minor)
          select customer_id, 'tmall', 'comeback-' || customer_id, ${testNow.toISOString()}::timestamptz, 'paid', 'CNY', 5000000, 5000000 from back
          returning id)
        insert into order_items (order_id, product_id, quantity, unit_price_base_minor, line_total_base_minor)
        select placed.id, (select min(id) from products), 1, 5000000, 5000000 from placed`);
    const hidden = await report(testNow, 1_000_000);
    expect(hidden.changed).toBe(true);
    // With a floor above every count, no movement figure is shown as a number.
    expect(hidden.text).toMatch(/\+<1000000 \/ −/);
    expect(hidden.text).not.toMatch(/[+−][1-9]\d*( |$)/m);
    const [moved] = await store.rows<{ n: unknown }>(sql`select count(*) as n from customer_features where previous_segment is distinct from segment`);
    expect(Number(moved!.n)).toBeGreaterThan(0);
  });
});
