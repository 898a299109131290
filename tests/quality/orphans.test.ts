/**
 * `references` checks on an indexed key are counted beside the table's pass: by walking the
 * key's distinct values, or, past the walk's limit, by merging the key index with the parent's
 * primary key. Both ways must find exactly the rows planted without a parent (fixture.ts: one
 * order of a customer who does not exist, one order line of a product that does not exist).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Store } from '../../src/db/client.ts';
import { qualityChecks } from '../../src/quality/checks.ts';
import { countOrphans, type ReferencesCheck } from '../../src/quality/orphans.ts';
import { describeEachStore } from '../helpers/stores.ts';
import { plantDefects } from './fixture.ts';

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

  it('finds the same rows when there are more distinct keys than the walk takes, by merging the indexes', async () => {
    // 51 orders name 52 distinct customers at most; a limit of 3 sends both checks to the merge.
    expect(await countOrphans(store, 'orders', references('orders.customer_id.references'), 3)).toBe(1);
    expect(await countOrphans(store, 'order_items', references('order_items.product_id.references'), 3)).toBe(1);
  });
});
