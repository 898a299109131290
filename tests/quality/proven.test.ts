/**
 * Checks a table's validated constraints answer are not measured: the planner must prove that
 * no row can offend. A constraint added NOT VALID over older rows proves nothing, so those rows
 * are still counted (fixture.ts plants an event type from before events_type_check).
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Store } from '../../src/db/client.ts';
import { provenClean } from '../../src/quality/proven.ts';
import { describeEachStore } from '../helpers/stores.ts';
import { plantDefects } from './fixture.ts';

describeEachStore('checks proven by constraints', (kind) => {
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
