/**
 * The quality suite against a store with hand-counted defects (tests/quality/fixture.ts): every
 * check must find exactly what was planted, on PGlite and on PostgreSQL, and samples of what
 * fails must never show personal data.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Store } from '../../src/db/client.ts';
import { qualityChecks } from '../../src/quality/checks.ts';
import { runChecks, type SuiteRun } from '../../src/quality/runner.ts';
import { describeEachStore } from '../helpers/stores.ts';
import { NOW, plantDefects, planted, TIME_ZONE } from './fixture.ts';

describeEachStore('quality checks on planted defects', (kind) => {
  let store: Store;
  let drop: () => Promise<void>;
  let run: SuiteRun;
  const result = (id: string) => run.results.find((r) => r.check.id === id)!;

  beforeAll(async () => {
    ({ store, drop } = await kind.open());
    await plantDefects(store);
    run = await runChecks(store, { now: NOW, timeZone: TIME_ZONE });
  }, 60_000);
  afterAll(() => drop());

  it('covers every check of the catalog in the fixture', () => {
    expect(Object.keys(planted).sort()).toEqual(qualityChecks().map((c) => c.id).sort());
  });

  it('finds exactly the planted defects, check by check', () => {
    const found = Object.fromEntries(run.results.map((r) => [r.check.id, [r.status, r.violations, r.considered]]));
    expect(found).toEqual(planted);
  });

  it('measures freshness in hours since the newest row that is not in the future', () => {
    // Newest order: Tuesday 14:00 Shanghai (06:00Z), 22 h before the run; newest event 10:00 (02:00Z), 26 h.
    expect(result('orders.ordered_at.freshness').value).toBeCloseTo(22, 6);
    expect(result('events.occurred_at.freshness').value).toBeCloseTo(26, 6);
  });

  it('scores volume against the same weekday and against the source’s earlier files', () => {
    expect(result('orders.ordered_at.daily_volume').value).toBe(0);
    // One event against a flat history of ten: as far out as the score goes.
    expect(result('events.occurred_at.daily_volume').value).toBe(-99);
    // 200 rows against 1,000 / 1,010 / 990 / 1,005: median 1,002.5, MAD 5.
    expect(result('ingest_batches.rows.volume').value).toBeCloseTo((0.6745 * (200 - 1002.5)) / 5, 6);
  });

  it('lists sample offenders with ids and clear values, masking anything personal', () => {
    const samples = result('customers.country.format').samples;
    expect(samples).toEqual(['id 6 · country=China', 'id 7 · country=z***@example.cn']);
    expect(JSON.stringify(run.results)).not.toContain('zhang.wei');
    // Blind indexes are derived from personal data: duplicates are shown by id only.
    expect(result('customers.email_idx.duplicates').samples).toEqual(['id 11', 'id 12', 'id 13']);
    expect(result('orders.total_base_minor.sum_of_lines').samples).toEqual(['id 1 · total_base_minor=1500 · lines=1000', 'id 49 · total_base_minor=500 · lines=0']);
    expect(result('ingest_batches.header.schema_drift').samples).toEqual(['#5 tmall/customers: +phone −mobile']);
    expect(result('product_aliases.category_label.unmapped').samples).toEqual(['jd: Mystery stuff (2)']);
    expect(result('ingest_batches.rows.quarantine_rate').samples).toEqual(['#5 tmall/customers: 30/200']);
    expect(result('ingest_batches.rows.volume').samples).toEqual(['#5 tmall/customers: 200 (990–1010)']);
    expect(result('product_aliases.price.spread').samples).toEqual(['id 1: 2.00× jd/tmall']);
  });

  it('keeps samples only for failing checks', () => {
    for (const r of run.results.filter((x) => x.status !== 'fail')) expect(r.samples).toEqual([]);
  });

  // Runs last: it edits the orders.
  it('sees order totals that disagree with their lines even when the differences cancel out in the grand total', async () => {
    const sumCheck = qualityChecks().filter((c) => c.id === 'orders.total_base_minor.sum_of_lines');
    const recount = async () => (await runChecks(store, { now: NOW, timeZone: TIME_ZONE, checks: sumCheck })).results[0]!;
    // Order 1 is 500 over its line, order 49 (no lines) 500 over nothing: make order 2 1,000 under.
    await store.db.execute(sql`update orders set total_base_minor = 0 where id = 2`);
    expect(await recount()).toMatchObject({ status: 'fail', violations: 3 });
    await store.db.execute(sql`update orders set total_base_minor = 1000 where id in (1, 2)`);
    await store.db.execute(sql`update orders set total_base_minor = 0 where id = 49`);
    expect(await recount()).toMatchObject({ status: 'pass', violations: 0, considered: 51 });
    // Off by +1, −2, +1 on consecutive orders: nothing in the grand total, nor in any sum weighted
    // in proportion to the order id (3 − 8 + 5); a hashed weighting still sees it.
    await store.db.execute(sql`update orders set total_base_minor = total_base_minor + (case id when 4 then -2 else 1 end) where id in (3, 4, 5)`);
    expect(await recount()).toMatchObject({ status: 'fail', violations: 3 });
  });
});
