/**
 * The real UCI Online Retail order lines (December 2010), uncleaned, through the whole pipeline.
 * Every bad row must be quarantined with a stated reason; the counts per reason must equal the
 * counts in the data set's README and an independent count of the raw file; and loading the
 * same file twice must change nothing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Store } from '../../src/db/client.ts';
import { ingestPath, type BatchSummary } from '../../src/ingest/index.ts';
import { describeEachStore } from '../helpers/stores.ts';
import { testCipher } from '../helpers/keys.ts';

const file = fileURLToPath(new URL('../../../shared/data/real/uci-online-retail/online_retail_2010-12.csv', import.meta.url));
const present = existsSync(file);
if (!present) console.info(`[uci] ${file} not found (a fresh clone has no ../shared): the UCI ingest tests are skipped.`);

const NON_PRODUCT = /^(POST|DOT|M|m|C2|S|D|AMAZONFEE|BANK CHARGES|B|CRUK|PADS|DCGS.*|gift_0001_.*)$/;

/** Counts straight from the raw file, sharing nothing with the pipeline. */
function independentCounts() {
  const rows = parse(readFileSync(file), { columns: true }) as Record<string, string>[];
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n').slice(1);
  const seen = new Set<string>();
  let duplicates = 0;
  for (const l of lines) (seen.has(l) ? duplicates++ : seen.add(l));
  return {
    rows: rows.length,
    missingCustomer: rows.filter((r) => r.CustomerID === '').length,
    cancelledRows: rows.filter((r) => r.InvoiceNo!.startsWith('C')).length,
    zeroPrice: rows.filter((r) => Number(r.UnitPrice) <= 0).length,
    negativeNotCancelled: rows.filter((r) => Number(r.Quantity) < 0 && !r.InvoiceNo!.startsWith('C')).length,
    nonProduct: rows.filter((r) => NON_PRODUCT.test(r.StockCode!)).length,
    duplicates,
  };
}

describeEachStore('UCI Online Retail ingest', (kind) => {
  let store: Store;
  let drop: () => Promise<void>;
  let summary: BatchSummary;
  const options = { platform: 'uci', dryRun: false, baseCurrency: 'CNY', now: new Date('2026-11-28T00:00:00Z') };

  beforeAll(async () => {
    if (!present) return;
    ({ store, drop } = await kind.open());
    [summary] = (await ingestPath(store, testCipher, file, options)) as [BatchSummary];
  }, 300_000);
  afterAll(() => drop?.());

  it.skipIf(!present)('quarantines every bad row with the reasons the README counts', () => {
    const expected = independentCounts();
    expect(expected).toMatchObject({ rows: 42_481, missingCustomer: 15_631, cancelledRows: 728, zeroPrice: 273, duplicates: 500 });
    expect(summary.rowsRead).toBe(expected.rows);
    expect(summary.quarantinedByReason).toEqual({
      missing_customer: expected.missingCustomer,
      duplicate_row: expected.duplicates,
      'non_positive:unit_price': expected.zeroPrice,
      negative_quantity: expected.negativeNotCancelled,
      non_product: expected.nonProduct,
    });
  });

  it.skipIf(!present)('loads every other row, cancellations as cancelled orders', async () => {
    const [{ items, cancelled, quarantined }] = (await store.rows(sql`select
      (select count(*)::int from order_items) as items,
      (select count(*)::int from orders where status = 'cancelled') as cancelled,
      (select count(*)::int from quarantine) as quarantined`)) as [{ items: number; cancelled: number; quarantined: number }];
    expect(items + quarantined).toBe(summary.rowsRead);
    expect(summary.rowsLoaded).toBe(items);
    expect(cancelled).toBeGreaterThan(100);
  });

  it.skipIf(!present)('converts pounds to yuan through the rates table and London time to UTC', async () => {
    const [row] = (await store.rows(sql`select o.ordered_at, oi.quantity, oi.unit_price_base_minor from orders o join order_items oi on oi.order_id = o.id
      where o.platform_order_id = '536365' order by oi.id limit 1`)) as [{ ordered_at: unknown; quantity: number; unit_price_base_minor: unknown }];
    expect(new Date(row.ordered_at as string).toISOString()).toBe('2010-12-01T08:26:00.000Z');
    expect(Number(row.unit_price_base_minor)).toBe(Math.round(2.55 * 9.1 * 100));
  });

  it.skipIf(!present)('changes nothing when the same file comes again', async () => {
    const before = await store.rows(sql`select (select count(*)::int from orders) as o, (select count(*)::int from quarantine) as q`);
    const [again] = (await ingestPath(store, testCipher, file, options)) as [BatchSummary];
    expect(again.status).toBe('unchanged');
    expect(await store.rows(sql`select (select count(*)::int from orders) as o, (select count(*)::int from quarantine) as q`)).toEqual(before);
  });

  it.skipIf(!present)('keeps quarantined rows encrypted', async () => {
    const [row] = (await store.rows(sql`select raw from quarantine limit 1`)) as [{ raw: string }];
    expect(row.raw.startsWith('v1:')).toBe(true);
    expect(testCipher.decrypt(row.raw)).toMatch(/^\d{6}|^C\d{6}/);
  });
});
