/**
 * `references` checks on an indexed key are counted beside the table's pass: by walking the
 * key's distinct values; past the walk's limit, by the ends of the key's index when the parent's
 * ids leave no gap; otherwise by merging the key index with the parent's primary key. Each way
 * must find exactly the rows planted without a parent (fixture.ts: one order of a customer who
 * does not exist, one order line of a product that does not exist).
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Store } from '../../src/db/client.ts';
import { qualityChecks } from '../../src/quality/checks.ts';
import { countOrphans, type ReferencesCheck } from '../../src/quality/orphans.ts';
import { describeEachStore } from '../helpers/stores.ts';
import { plantDefects, withoutForeignKeys } from './fixture.ts';

const references = (id: string) => qualityChecks().find((c) => c.id === id) as ReferencesCheck;

describeEachStore('rows whose key has no parent', (kind) => {
  let store: Store;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    ({ store, drop } = await kind.open());
    await plantDefects(store);
  }, 60_000);
  afterAll(() => drop());

  it('finds the order of a missing customer and the line of a missing product by walking the keys', async () => {
    expect(await countOrphans(store, 'orders', references('orders.customer_id.references'))).toBe(1);
    expect(await countOrphans(store, 'order_items', references('order_items.product_id.references'))).toBe(1);
  });

  it('finds the same rows when there are more distinct keys than the walk takes, at the ends of the key index', async () => {
    // A limit of 3 stops both walks; customers and products have ids 1…n with no gap.
    expect(await countOrphans(store, 'orders', references('orders.customer_id.references'), 3)).toBe(1);
    expect(await countOrphans(store, 'order_items', references('order_items.product_id.references'), 3)).toBe(1);
  });

  it('merges the indexes when a parent row is gone from the middle of the ids, and counts its orphans too', async () => {
    const [before] = await store.rows<{ n: number }>(sql`select count(*)::int as n from orders where customer_id = 40`);
    expect(before!.n).toBeGreaterThan(0);
    await withoutForeignKeys(store, (tx) => tx.execute(sql`delete from customers where id = 40`));
    expect(await countOrphans(store, 'orders', references('orders.customer_id.references'), 3)).toBe(1 + before!.n);
    expect(await countOrphans(store, 'orders', references('orders.customer_id.references'))).toBe(1 + before!.n);
  });
});
