/**
 * Ids taken ahead of their rows: what allocateIds and IdPool hand out must be exactly what the
 * sequence gave, whether it gave a run of ids (sent back as a range) or not (sent back in full).
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Store } from '../../src/db/client.ts';
import { allocateIds, IdPool } from '../../src/db/ids.ts';
import { describeEachStore } from '../helpers/stores.ts';

describeEachStore('ids taken from a sequence', (kind) => {
  let store: Store;
  let drop: () => Promise<void>;
  beforeAll(async () => ({ store, drop } = await kind.open()));
  afterAll(() => drop());
  const nextFromSequence = async () => Number((await store.rows<{ id: unknown }>(sql`select nextval(pg_get_serial_sequence('orders', 'id')) as id`))[0]!.id);

  it('hands out a run of fresh ids, and the sequence goes on after them', async () => {
    const ids = await allocateIds(store, 'orders', 5);
    expect(ids).toHaveLength(5);
    expect(ids.slice(1).map((id, i) => id - ids[i]!)).toEqual([1, 1, 1, 1]);
    expect(await nextFromSequence()).toBe(ids[4]! + 1);
  });

  it('hands out the very ids the sequence gave when they are not a run', async () => {
    await store.rows(sql`alter sequence orders_id_seq increment by 3`);
    try {
      const before = await nextFromSequence();
      const ids = await allocateIds(store, 'orders', 4);
      expect(ids).toEqual([before + 3, before + 6, before + 9, before + 12]);
    } finally {
      await store.rows(sql`alter sequence orders_id_seq increment by 1`);
    }
  });

  it('a pool gives each id once, takes a block at a time, and says when it must be filled', async () => {
    const pool = new IdPool(store, 'orders', 10);
    expect(pool.take(1)).toBeUndefined();
    await pool.fill(3);
    const first = pool.take(4)!;
    const second = pool.take(6)!;
    expect(pool.take(1)).toBeUndefined();
    const all = [...first, ...second];
    expect(new Set(all).size).toBe(10);
    await pool.fill(25);
    expect(pool.take(25)).toHaveLength(25);
  });
});
