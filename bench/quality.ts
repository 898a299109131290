/**
 * The whole data-quality suite on a loaded store against its baseline measured in the same run:
 * one plain sequential `count(*)` scan of each table the suite reads. The suite is also run with
 * every table counted exactly (no row count taken from the planner's statistics for a large
 * table none of whose checks reads a row), so what that saves is on record. All are run three times,
 * alternating, after one warm-up of each; medians are reported, with the time of each table's
 * pass so the cost can be placed. The suite's checks only read (history is not written here,
 * so a shared benchmark store is left as it was).
 *
 *   DATABASE_URL=postgres://…/precis_bench_ingest npm run bench:quality
 */
import { cpus, loadavg, totalmem } from 'node:os';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../src/config.ts';
import { openStore, targetFromConfig } from '../src/db/client.ts';
import { isPassCheck, qualityChecks, type TableName } from '../src/quality/checks.ts';
import { runTablePass } from '../src/quality/pass.ts';
import { runChecks } from '../src/quality/runner.ts';
import type { SumCheck } from '../src/quality/sums.ts';

const config = loadConfig();
const store = await openStore(targetFromConfig(config));
const options = { now: new Date(), timeZone: config.timeZone };
const TABLES = ['customers', 'products', 'product_aliases', 'categories', 'orders', 'order_items', 'events', 'ingest_batches'] as const;

const seconds = async (run: () => Promise<unknown>) => {
  const t0 = performance.now();
  await run();
  return (performance.now() - t0) / 1000;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * One sequential scan per table, index paths off so count(*) cannot answer from an index.
 * `count(*)` never looks inside a row; `count(t.*)` builds every row value, i.e. reads every
 * column — the second baseline says what merely touching the values costs.
 */
const scanAll = (what: 'count(*)' | 'count(t.*)') => async () => {
  for (const table of TABLES) {
    await store.db.transaction(async (tx) => {
      if (store.kind === 'postgres') await tx.execute(sql`set local enable_indexonlyscan = off; set local enable_indexscan = off; set local enable_bitmapscan = off`);
      await tx.execute(sql`select ${sql.raw(what)} from ${sql.identifier(table)} t`);
    });
  }
};
const baseline = scanAll('count(*)');
const readValues = scanAll('count(t.*)');
const suite = () => runChecks(store, options);
const countingEveryRow = () => runChecks(store, { ...options, countRowsUpTo: Number.POSITIVE_INFINITY });

const [sizes] = await store.rows<Record<string, number>>(sql`select ${sql.join(TABLES.map((t) => sql`(select count(*)::int from ${sql.identifier(t)}) as ${sql.identifier(t)}`), sql`, `)}`);
const rows = Object.values(sizes!).reduce((a, b) => a + b, 0);
console.log(`store: ${store.description} · ${rows.toLocaleString('en-US')} rows · ${JSON.stringify(sizes)}`);
console.log(JSON.stringify({ machine: `${cpus().length} × ${cpus()[0]?.model}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`, loadAverage: loadavg().map((l) => l.toFixed(1)) }));

await baseline();
const { results } = await suite();
const scans: number[] = [];
const reads: number[] = [];
const runs: number[] = [];
const counted: number[] = [];
for (let i = 0; i < 3; i++) {
  scans.push(await seconds(baseline));
  reads.push(await seconds(readValues));
  runs.push(await seconds(suite));
  counted.push(await seconds(countingEveryRow));
}

const passChecks = qualityChecks().filter(isPassCheck);
const perTable: string[] = [];
for (const table of [...new Set(passChecks.map((c) => c.table))] as TableName[]) {
  const childSums = passChecks.filter((c) => c.kind === 'sum_matches' && c.child === table) as SumCheck[];
  perTable.push(`${table} ${(await seconds(() => runTablePass(store, table, passChecks.filter((c) => c.table === table), options, childSums))).toFixed(2)} s`);
}

const counts = { pass: 0, fail: 0, skipped: 0 };
for (const r of results) counts[r.status]++;
console.log(`checks: ${results.length} (${counts.pass} pass, ${counts.fail} fail, ${counts.skipped} skipped)`);
console.log(`table passes: ${perTable.join(' · ')}`);
console.log(`suite ${median(runs).toFixed(2)} s · count(*) scans ${median(scans).toFixed(2)} s · ratio ${(median(runs) / median(scans)).toFixed(2)} (target ≤ 1.5) · count(t.*) scans ${median(reads).toFixed(2)} s · ratio ${(median(runs) / median(reads)).toFixed(2)}`);
console.log(`suite counting every row exactly ${median(counted).toFixed(2)} s · ratio ${(median(counted) / median(scans)).toFixed(2)}`);
console.log(`runs ${runs.map((r) => r.toFixed(2)).join(', ')} · counting every row ${counted.map((r) => r.toFixed(2)).join(', ')} · count(*) ${scans.map((x) => x.toFixed(2)).join(', ')} · count(t.*) ${reads.map((x) => x.toFixed(2)).join(', ')}`);
await store.close();
