/**
 * The ingest pipeline on small files written here: clear errors for a bad mapping or file, dry
 * runs that write nothing, quarantine retry after fixing a mapping, and atomic batches.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Store } from '../../src/db/client.ts';
import { ingestPath } from '../../src/ingest/index.ts';
import { parseMapping } from '../../src/ingest/mapping.ts';
import { listQuarantine, retryQuarantine, showQuarantine } from '../../src/ingest/quarantine.ts';
import { describeEachStore } from '../helpers/stores.ts';
import { testCipher } from '../helpers/keys.ts';

const dir = mkdtempSync(join(tmpdir(), 'precis-ingest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

const orderMapping = (dateFormat: string) =>
  write(
    `shop-orders-${dateFormat}.json`,
    JSON.stringify({
      name: 'shop-orders', kind: 'order_lines', format: 'csv', timeZone: 'Asia/Shanghai', dateFormat, currency: 'CNY',
      columns: { order_id: 'order', ordered_at: 'when', customer_id: 'buyer', product_id: 'item', title: 'item_name', quantity: 'qty', unit_price: 'price' },
    }),
  );

/** Four lines: two good, one written day-first (bad under an ISO mapping), one without a buyer. */
const orders = write(
  'orders.csv',
  ['order,when,buyer,item,item_name,qty,price', 'A1,2025-11-11 20:00:00,b1,p1,Tea,2,10.50', 'A2,2025-11-12 09:00:00,b2,p2,Cup,1,5', 'A3,13/11/2025 10:00,b1,p1,Tea,1,10.50', 'A4,2025-11-14 10:00:00,,p2,Cup,1,5'].join('\n'),
);

const now = new Date('2026-11-28T00:00:00Z');
const base = { platform: 'shop', baseCurrency: 'CNY', now };

it('names the file, line and column when a file does not match its mapping', async () => {
  const wrong = write('wrong.csv', 'id,date\n1,2025-01-01\n');
  const { openStore } = await import('../../src/db/client.ts');
  const { migrate } = await import('../../src/db/migrate.ts');
  const store = await openStore({ kind: 'pglite' });
  await migrate(store);
  await expect(ingestPath(store, testCipher, wrong, { ...base, dryRun: true, mapping: orderMapping('iso') })).rejects.toThrow(
    /wrong\.csv, line 1: the header has no column "order" \(for order_id\)/,
  );
  // A CSV file read with an NDJSON mapping: stopped at its first line, not quarantined row by row.
  const ndjson = write('lines-json.json', JSON.stringify({ name: 'lines-json', kind: 'order_lines', format: 'ndjson', timeZone: 'UTC', columns: { order_id: 'o', ordered_at: 't', product_id: 'p', quantity: 'q', unit_price: 'u', customer_id: 'c' } }));
  const csv = write('lines.csv', 'o,t,p,q,u,c\n1,2025-01-01,p1,1,5,c1\n');
  await expect(ingestPath(store, testCipher, csv, { ...base, dryRun: true, mapping: ndjson })).rejects.toThrow(/lines\.csv, line 1: mapping "lines-json" reads NDJSON/);
  await expect(ingestPath(store, testCipher, write('empty.csv', ''), { ...base, dryRun: true, mapping: orderMapping('iso') })).rejects.toThrow(/empty\.csv: the file is empty/);
  await store.close();
});

it('names the file and every field that is wrong in a bad mapping', () => {
  expect(() => parseMapping(JSON.stringify({ name: 'x', kind: 'order_lines', format: 'csv', timeZone: 'Mars/Base', columns: { order_id: 'a', colour: 'b' } }), 'my-mapping.json')).toThrow(
    /my-mapping\.json: timeZone: must be an IANA time zone[\s\S]*my-mapping\.json: columns\.colour: "colour" is not a field of order_lines[\s\S]*needs a column for "ordered_at"/,
  );
});

describeEachStore('ingest pipeline', (kind) => {
  let store: Store;
  let drop: () => Promise<void>;
  beforeAll(async () => ({ store, drop } = await kind.open()));
  afterAll(() => drop());
  const count = async (table: string) => Number((await store.rows<{ n: unknown }>(sql`select count(*)::int as n from ${sql.identifier(table)}`))[0]!.n);

  it('validates everything on a dry run and writes nothing', async () => {
    const [s] = await ingestPath(store, testCipher, orders, { ...base, dryRun: true, mapping: orderMapping('iso') });
    expect(s).toMatchObject({ status: 'dry_run', rowsRead: 4, rowsQuarantined: 2, quarantinedByReason: { 'invalid_date:ordered_at': 1, missing_customer: 1 } });
    expect(await count('orders')).toBe(0);
    expect(await count('ingest_batches')).toBe(0);
  });

  it('rolls a failed merge back completely, and a retry then loads the batch', async () => {
    // Make the very last step of the merge fail, as a crash or a lost connection would.
    await store.db.execute(sql.raw(`create function fail_batch() returns trigger language plpgsql as $$ begin raise exception 'simulated crash'; end $$`));
    await store.db.execute(sql.raw(`create trigger fail_batch before update on ingest_batches for each row when (new.status = 'loaded') execute function fail_batch()`));
    await expect(ingestPath(store, testCipher, orders, { ...base, dryRun: false, mapping: orderMapping('iso') })).rejects.toThrow();
    expect(await count('orders')).toBe(0);
    expect(await count('order_items')).toBe(0);
    expect(await count('quarantine')).toBe(0);
    expect(await count('customers')).toBe(0);

    await store.db.execute(sql.raw('drop trigger fail_batch on ingest_batches'));
    await store.db.execute(sql.raw('drop function fail_batch()'));
    const [s] = await ingestPath(store, testCipher, orders, { ...base, dryRun: false, mapping: orderMapping('iso') });
    expect(s).toMatchObject({ status: 'loaded', rowsLoaded: 2, rowsQuarantined: 2, created: { orders: 2, orderItems: 2, customers: 2, products: 2 } });
    expect(await count('ingest_batches')).toBe(1);
  });

  it('shows quarantined rows with their reasons, and retries them with a fixed mapping', async () => {
    const [batch] = await listQuarantine(store);
    expect(batch).toMatchObject({ source: 'orders.csv', unresolved: 2, reasons: { 'invalid_date:ordered_at': 1, missing_customer: 1 } });
    const rows = await showQuarantine(store, testCipher, batch!.batchId, { limit: 10 });
    expect(rows.map((r) => [r.line, r.reasons])).toEqual([
      [4, ['invalid_date:ordered_at']],
      [5, ['missing_customer']],
    ]);
    expect(rows[0]!.masked).toBe('A3,13/11/2025 10:00,b1,p1,Tea,1,10.50');

    const retried = await retryQuarantine(store, testCipher, batch!.batchId, { ...base, mapping: orderMapping('dmy') });
    // Under the day-first mapping A3 loads; A4 still has no buyer and stays quarantined, in the new batch.
    expect(retried).toMatchObject({ rowsRead: 2, rowsLoaded: 1, quarantinedByReason: { missing_customer: 1 } });
    expect(await count('orders')).toBe(3);
    const after = await listQuarantine(store);
    expect(after.map((b) => [b.batchId === batch!.batchId, b.unresolved])).toEqual([[false, 1]]);
  });
});

it('checks every file of a folder before loading any of them', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'precis-folder-'));
  writeFileSync(join(folder, 'a-orders.csv'), 'order,when,buyer,item,item_name,qty,price\nA1,2025-11-11 20:00:00,b1,p1,Tea,2,10.50\n');
  writeFileSync(join(folder, 'b-orders.csv'), 'something,else\n1,2\n');
  const { openStore } = await import('../../src/db/client.ts');
  const { migrate } = await import('../../src/db/migrate.ts');
  const store = await openStore({ kind: 'pglite' });
  await migrate(store);
  await expect(ingestPath(store, testCipher, folder, { ...base, dryRun: false, mapping: orderMapping('iso') })).rejects.toThrow(/b-orders\.csv, line 1/);
  expect(await store.rows(sql`select count(*)::int as n from orders`)).toEqual([{ n: 0 }]);
  await store.close();
  rmSync(folder, { recursive: true, force: true });
});
