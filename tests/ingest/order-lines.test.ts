/**
 * Order lines are grouped into orders as they are COPYed, a chunk at a time. An order whose lines
 * lie apart in the file (in other chunks) must still become one order with all its lines, and an
 * order the store already holds from another file must be left as it is.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Store } from '../../src/db/client.ts';
import { ingestPath } from '../../src/ingest/index.ts';
import { CHUNK_ROWS } from '../../src/ingest/load.ts';
import { describeEachStore } from '../helpers/stores.ts';
import { testCipher } from '../helpers/keys.ts';

const dir = mkdtempSync(join(tmpdir(), 'precis-order-lines-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, lines: string[]) => {
  const path = join(dir, name);
  writeFileSync(path, ['order,when,buyer,item,qty,price', ...lines].join('\n'));
  return path;
};
const mapping = join(dir, 'lines.json');
writeFileSync(mapping, JSON.stringify({
  name: 'lines', kind: 'order_lines', format: 'csv', timeZone: 'UTC', dateFormat: 'iso', currency: 'CNY',
  columns: { order_id: 'order', ordered_at: 'when', customer_id: 'buyer', product_id: 'item', quantity: 'qty', unit_price: 'price' },
}));

// Order SPLIT has a line first, a line in the middle of the first chunk, and a line after it.
const filler = Array.from({ length: CHUNK_ROWS + 10 }, (_, i) => `F${i},2025-03-01 10:00:00,b${i % 50},p${i % 7},1,2`);
const first = write('first.csv', [
  'SPLIT,2025-03-02 12:00:00,alice,p1,1,10',
  ...filler.slice(0, 100),
  'SPLIT,2025-03-02 11:00:00,bob,p2,2,5',
  ...filler.slice(100),
  'SPLIT,2025-03-02 13:00:00,carol,p3,3,1',
]);
// A later export repeating order F0 (now with other lines) next to a new order.
const overlapping = write('overlapping.csv', ['F0,2025-03-01 10:00:00,b0,p0,9,9', 'F0,2025-03-01 10:00:00,b0,p1,9,9', 'NEW,2025-03-05 10:00:00,b1,p1,1,7']);

describeEachStore('order lines loaded in chunks', (kind) => {
  let store: Store;
  let drop: () => Promise<void>;
  const options = { platform: 'shop', mapping, baseCurrency: 'CNY', now: new Date('2026-01-01T00:00:00Z'), dryRun: false };
  const order = async (pid: string) =>
    (await store.rows<{ lines: unknown; total: unknown; at: unknown; buyer: string }>(sql`
      select (select count(*) from order_items i where i.order_id = o.id)::int as lines, o.total_minor::int as total, extract(epoch from o.ordered_at)::int as at, ci.platform_customer_id as buyer
      from orders o join customer_identities ci on ci.customer_id = o.customer_id where o.platform_order_id = ${pid}`))[0];
  beforeAll(async () => ({ store, drop } = await kind.open()));
  afterAll(() => drop());

  it('makes one order of lines that lie apart in the file, with the first line\'s buyer and the earliest time', async () => {
    const [summary] = await ingestPath(store, testCipher, first, options);
    expect(summary).toMatchObject({ rowsRead: CHUNK_ROWS + 13, rowsLoaded: CHUNK_ROWS + 13, rowsMerged: 0, created: { orders: CHUNK_ROWS + 11, orderItems: CHUNK_ROWS + 13 } });
    expect(await order('SPLIT')).toEqual({ lines: 3, total: 1000 + 1000 + 300, at: Date.parse('2025-03-02T11:00:00Z') / 1000, buyer: 'alice' });
    // Buyers met again in the second chunk are linked from the ids the first chunk looked up.
    const [wrong] = await store.rows<{ n: unknown }>(sql`
      select count(*)::int as n from orders o join customer_identities ci on ci.customer_id = o.customer_id
      where o.platform_order_id like 'F%' and ci.platform_customer_id <> 'b' || (substr(o.platform_order_id, 2)::int % 50)`);
    expect(wrong!.n).toBe(0);
  });

  it('leaves an order loaded by another file as it is, and loads the new one', async () => {
    const before = await order('F0');
    const [summary] = await ingestPath(store, testCipher, overlapping, options);
    expect(summary).toMatchObject({ rowsRead: 3, rowsLoaded: 1, rowsMerged: 2, created: { orders: 1, orderItems: 1 } });
    expect(await order('F0')).toEqual(before);
    expect(await order('NEW')).toMatchObject({ lines: 1, total: 700 });
  });
});
