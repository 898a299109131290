/**
 * Runs the suite: one aggregate pass per store table (src/quality/pass.ts), one read of the batch
 * ledger, one of the listings; then judges every measure against its threshold and floor, and
 * fetches redacted samples for the row-level checks that fail. It only reads the store.
 */
import type { Store } from '../db/client.ts';
import { runBatchChecks, type BatchCheck } from './batches.ts';
import { isPassCheck, qualityChecks, withinThreshold, type Check, type PassCheck, type TableName } from './checks.ts';
import { runListingChecks, type ListingCheck } from './listings.ts';
import { countOffenders, runTablePass, sampleOffenders, type Measured, type PassOptions } from './pass.ts';
import type { SumCheck } from './sums.ts';
import type { QualityStatus } from '../db/schema/index.ts';

export interface CheckResult extends Measured {
  check: Check;
  status: QualityStatus;
  samples: string[];
}

export interface SuiteRun {
  results: CheckResult[];
  seconds: number;
}

export function judge(check: Check, m: Measured): QualityStatus {
  if (m.value === null || m.considered < check.minRows) return 'skipped';
  return withinThreshold(m.value, check.threshold) ? 'pass' : 'fail';
}

const batchKinds = new Set<Check['kind']>(['batch_field_issue', 'quarantine_rate', 'batch_volume', 'schema_drift']);
const listingKinds = new Set<Check['kind']>(['price_spread', 'unmapped_labels']);
/** Kinds whose offenders are rows one can list. */
const rowKinds = new Set<Check['kind']>(['not_null', 'format', 'range', 'allowed', 'duplicates', 'references', 'sum_matches']);

/**
 * Measures and judges every check (the built-in catalog unless `checks` is given).
 *
 * @example
 *   const { results } = await runChecks(store, { now: new Date(), timeZone: 'Asia/Shanghai' });
 *   results.filter((r) => r.status === 'fail').map((r) => r.check.id); // ['orders.currency.format']
 */
export async function runChecks(store: Store, options: PassOptions & { checks?: readonly Check[] }): Promise<SuiteRun> {
  const started = performance.now();
  const checks = options.checks ?? qualityChecks();
  const measured = new Map<string, Measured & { samples?: string[] }>();

  const byTable = new Map<TableName, { checks: PassCheck[]; childSums: SumCheck[] }>();
  const entry = (table: TableName) => byTable.get(table) ?? byTable.set(table, { checks: [], childSums: [] }).get(table)!;
  const passChecks = checks.filter(isPassCheck).filter((c): c is PassCheck & { table: TableName } => c.table !== 'ingest_batches');
  for (const check of passChecks) {
    entry(check.table).checks.push(check);
    if (check.kind === 'sum_matches') entry(check.child).childSums.push(check);
  }
  // Passes side by side: on PostgreSQL each takes its own connection, so a pass that cannot use
  // parallel workers (count distinct) overlaps with the others (measured: suite 1.33 → 1.04 s on
  // 2 cores); PGlite runs them one after another anyway.
  const fingerprints = new Map<string, string>();
  const passes = await Promise.all([...byTable].map(([table, pass]) => runTablePass(store, table, pass.checks, options, pass.childSums)));
  for (const done of passes) {
    for (const [id, m] of done.measured) measured.set(id, m);
    for (const [key, f] of done.fingerprints) fingerprints.set(key, f);
  }
  // Sums whose two sides disagree get their exact count; agreeing ones have none to count.
  for (const check of passChecks.filter((c): c is SumCheck & { table: TableName } => c.kind === 'sum_matches')) {
    if (fingerprints.get(`parent:${check.id}`) === fingerprints.get(`child:${check.id}`)) continue;
    const m = measured.get(check.id)!;
    const violations = await countOffenders(store, check.table, check, options);
    measured.set(check.id, { ...m, violations, value: check.threshold.unit === 'percent' ? (100 * violations) / m.considered : violations });
  }
  for (const [id, m] of await runBatchChecks(store, checks.filter((c): c is BatchCheck => batchKinds.has(c.kind)))) measured.set(id, m);
  for (const [id, m] of await runListingChecks(store, checks.filter((c): c is ListingCheck => listingKinds.has(c.kind)))) measured.set(id, m);

  const results: CheckResult[] = [];
  for (const check of checks) {
    const m = measured.get(check.id);
    if (!m) throw new Error(`check ${check.id} was not measured`);
    const status = judge(check, m);
    let samples = m.samples ?? [];
    if (status === 'fail' && isPassCheck(check) && rowKinds.has(check.kind) && check.table !== 'ingest_batches') {
      samples = await sampleOffenders(store, check.table, check, options);
    }
    results.push({ check, status, violations: m.violations, considered: m.considered, ...(m.estimated ? { estimated: true } : {}), value: m.value, samples: status === 'fail' ? samples : [] });
  }
  return { results, seconds: (performance.now() - started) / 1000 };
}
