/**
 * Checks a table's validated constraints answer are not measured: the planner must prove that
 * no row can offend. A constraint added NOT VALID over older rows proves nothing, so those rows
 * are still counted (fixture.ts plants an event type from before events_type_check, and orders,
 * order lines and customers from before migration 0018's constraints). A store whose rows keep
 * ingest's rules has every such check proven.
 */
import { sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Store } from '../../src/db/client.ts';
import { provenClean } from '../../src/quality/proven.ts';
import { describeEachStore } from '../helpers/stores.ts';
import { plantDefects } from './fixture.ts';

describeEachStore('checks proven by constraints', (kind) => {
  it('proves the rules ingest keeps on a store whose rows keep them, and counts nothing to do so', async () => {
    const { store: clean, drop: dropClean } = await kind.open();
    try {
      const unvalidated = await clean.rows(sql`select conname from pg_constraint where contype = 'c' and not convalidated`);
      expect(unvalidated).toEqual([]);
      const proven = async (table: 'customers' | 'orders' | 'order_items', bad: SQL) => (await provenClean(clean, table, [{ id: 'x', bad }])).has('x');
      expect(await proven('customers', sql`t.country::text !~ ${'^[A-Z]{2}$'}`)).toBe(true);
      expect(await proven('customers', sql`t.gender not in (${'female'}, ${'male'})`)).toBe(true);
      expect(await proven('orders', sql`t.currency not in (${'CNY'}, ${'USD'}, ${'GBP'}, ${'EUR'}, ${'HKD'}, ${'JPY'}, ${'SGD'}, ${'AUD'}, ${'CAD'}, ${'MYR'}, ${'KRW'}, ${'TWD'})`)).toBe(true);
      expect(await proven('order_items', sql`t.quantity = 0`)).toBe(true);
      expect(await proven('order_items', sql`t.unit_price_base_minor <= 0`)).toBe(true);
      // A rule the constraints do not state stays measured.
      expect(await proven('order_items', sql`t.quantity < 0`)).toBe(false);
    } finally {
      await dropClean();
    }
  }, 60_000);

  let store: Store;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    ({ store, drop } = await kind.open());
    await plantDefects(store);
  }, 60_000);
  afterAll(() => drop());

  it('proves what a validated CHECK or NOT NULL rules out, and nothing else', async () => {
    const proven = await provenClean(store, 'orders', [
      { id: 'status outside orders_status_check', bad: sql`t.status not in (${'paid'}, ${'cancelled'}, ${'refunded'})` },
      { id: 'status outside a shorter list', bad: sql`t.status not in (${'paid'}, ${'cancelled'})` },
      { id: 'currency null (NOT NULL)', bad: sql`t.currency is null` },
      { id: 'currency malformed (no constraint)', bad: sql`t.currency::text !~ ${'^[A-Z]{3}$'}` },
    ]);
    expect([...proven].sort()).toEqual(['currency null (NOT NULL)', 'status outside orders_status_check']);
  });

  it('takes nothing from a constraint added NOT VALID, and proves again once it is validated', async () => {
    const bad = sql`t.type not in (${'view'}, ${'cart'}, ${'wishlist'}, ${'search'})`;
    expect(await provenClean(store, 'events', [{ id: 'type', bad }])).toEqual(new Set());
    await store.db.execute(sql`delete from events where type = 'click'`);
    await store.db.execute(sql`alter table events validate constraint events_type_check`);
    expect(await provenClean(store, 'events', [{ id: 'type', bad }])).toEqual(new Set(['type']));
  });
});
