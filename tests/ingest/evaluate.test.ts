/**
 * The cleansing is scored against ground truth: a small seeded dirty demo, whose every injected
 * problem must be caught with exact counts, and the real Febrl benchmark through a mapping file
 * like any other source.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Store } from '../../src/db/client.ts';
import { evaluateDemoTruth } from '../../src/demo/evaluate.ts';
import { loadDemo, type DemoSummary } from '../../src/demo/load.ts';
import { febrlTruth, resolvedCustomers, scoreGrouping } from '../../src/ingest/evaluate.ts';
import { ingestPath } from '../../src/ingest/index.ts';
import { describeEachStore } from '../helpers/stores.ts';
import { testCipher } from '../helpers/keys.ts';

const febrl1 = fileURLToPath(new URL('../../../shared/data/real/febrl/febrl1.csv', import.meta.url));
const hasFebrl = existsSync(febrl1);
if (!hasFebrl) console.info(`[evaluate] ${febrl1} not found (a fresh clone has no ../shared): the Febrl pipeline test is skipped.`);

describeEachStore('ingest evaluate', (kind) => {
  let store: Store;
  let drop: () => Promise<void>;
  let summary: DemoSummary;
  const out = mkdtempSync(join(tmpdir(), 'precis-eval-'));

  beforeAll(async () => {
    ({ store, drop } = await kind.open());
    summary = await loadDemo(store, testCipher, { customers: 300, seed: 5, until: new Date('2026-03-31T23:59:59Z'), keepIn: out });
  });
  afterAll(async () => {
    await drop();
    rmSync(out, { recursive: true, force: true });
  });

  it('quarantines every injected row problem, with exactly the counts the truth file has', () => {
    const totals = JSON.parse(readFileSync(join(out, 'truth.json'), 'utf8')).totals as Record<string, number>;
    const byReason: Record<string, number> = {};
    for (const b of summary.batches) for (const [r, n] of Object.entries(b.quarantinedByReason)) byReason[r] = (byReason[r] ?? 0) + n;
    const sum = (prefix: string) => Object.entries(byReason).filter(([r]) => r.startsWith(prefix)).reduce((s, [, n]) => s + n, 0);
    expect({
      exact_duplicate_row: byReason.duplicate_row,
      missing_required_field: sum('missing:'),
      future_date: sum('future_date:'),
      non_positive_price: sum('non_positive:'),
      out_of_range_quantity: (byReason.zero_quantity ?? 0) + (byReason.negative_quantity ?? 0),
      unknown_status: byReason.unknown_status,
      unknown_event_type: byReason.unknown_event_type,
    }).toEqual({
      exact_duplicate_row: totals.exact_duplicate_row,
      missing_required_field: totals.missing_required_field,
      future_date: totals.future_date,
      non_positive_price: totals.non_positive_price,
      out_of_range_quantity: totals.out_of_range_quantity,
      unknown_status: totals.unknown_status,
      unknown_event_type: totals.unknown_event_type,
    });
  });

  it('scores merges and matches, and catches every labelled problem but unmatched duplicate listings', async () => {
    const report = await evaluateDemoTruth(store, join(out, 'truth.json'));
    expect(report.customers).toMatchObject({ precision: 1, missing: 0 });
    expect(report.customers.recall).toBeGreaterThanOrEqual(0.95);
    expect(report.products.precision).toBeGreaterThanOrEqual(0.99);
    const missed = report.problems.filter((p) => p.caught < p.labelled).map((p) => p.kind);
    // A product listed twice on one platform without a SKU stays two products: titles alone never merge a platform's own listings.
    expect(missed).toEqual(['duplicate_product_within_platform']);
  });
});

describeEachStore('Febrl through the pipeline', (kind) => {
  let store: Store;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    if (hasFebrl) ({ store, drop } = await kind.open());
  });
  afterAll(() => drop?.());

  it.skipIf(!hasFebrl)('resolves febrl1 with pairwise precision ≥ 0.999 and F1 ≥ 0.995, from its mapping file', async () => {
    const [batch] = await ingestPath(store, testCipher, febrl1, { platform: 'febrl1', mapping: 'febrl-customers', dryRun: false, baseCurrency: 'CNY', now: new Date() });
    expect(batch).toMatchObject({ rowsRead: 1000, rowsQuarantined: 0 });
    const scores = scoreGrouping(await febrlTruth(febrl1, 'febrl1'), await resolvedCustomers(store));
    expect(scores.precision).toBeGreaterThanOrEqual(0.999);
    expect(scores.f1).toBeGreaterThanOrEqual(0.995);
    expect(scores.truePairs).toBe(500);
  });
});
