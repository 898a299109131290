/**
 * Ingest benchmark, against real PostgreSQL (DATABASE_URL): the dirty demo exports of N
 * customers through `precis ingest <drop>` (a child process, so its peak RSS is the pipeline's
 * own), then the same final rows loaded by raw COPY into an empty copy of the
 * schema, in the same run. Prints rows/s, peak RSS and the ratio pipeline : raw COPY.
 *
 *   DATABASE_URL=postgres://… npm run bench:ingest              # 100,000 customers
 *   DATABASE_URL=postgres://… npm run bench:ingest -- 1m        # or 250k, …
 *
 * The exports are generated once per size into the temp folder and reused by later runs.
 * The child runs with BENCH_CHILD_HEAP_MIB of heap (default 256): a 256 MB heap that never
 * runs out is the proof that the pipeline's memory does not grow with the input.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import postgres from 'postgres';
import { z } from 'zod';
import { openStore } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { writeDirtyDemo } from '../src/demo/dirty/index.ts';
import { seedTaxonomy } from '../src/demo/load.ts';
import { generateDataKey } from '../src/privacy/crypto.ts';
import { platforms } from '../src/semantic/places.ts';
import { countArg } from './size.ts';


const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error('bench:ingest measures against real PostgreSQL: set DATABASE_URL (a role that may create databases).');
  process.exit(2);
}
const customers = countArg('customer', 1_000, 2_000_000).parse(process.argv[2] ?? '100k');
const until = new Date('2026-11-28T00:00:00Z');
const exportsDir = join(tmpdir(), `precis-bench-ingest-${customers}`);
/** The old-space heap of the `precis ingest` child (BENCH_CHILD_HEAP_MIB; default 256). */
const childHeapMiB = z.coerce.number().int().min(64).parse(process.env.BENCH_CHILD_HEAP_MIB ?? 256);
/** Every table the pipeline fills, parents before children (the raw COPY loads them in this order). */
const finalTables = ['categories', 'ingest_batches', 'customers', 'customer_identities', 'identity_links', 'products', 'product_aliases', 'orders', 'order_items', 'events', 'quarantine'];

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const urlOf = (db: string) => Object.assign(new URL(databaseUrl), { pathname: `/${db}` }).toString();

async function freshDatabase(admin: postgres.Sql, name: string): Promise<string> {
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.unsafe(`create database ${name}`);
  const store = await openStore({ kind: 'postgres', url: urlOf(name) });
  await migrate(store);
  await store.close();
  return urlOf(name);
}

/**
 * Waits until the server is quiet: no autovacuum at work (on the pipeline's freshly loaded tables
 * it can run for minutes) and the dirty buffers written out, so each timed phase pays only for its
 * own work. Without this, raw COPY of the same rows took 643.7 s in one run and 480.0 s in another
 * (what differed between them was not measured).
 */
async function quietServer(admin: postgres.Sql): Promise<void> {
  for (let waited = 0; ; waited += 5) {
    const [busy] = await admin`select count(*)::int as n from pg_stat_activity where backend_type = 'autovacuum worker'`;
    if (busy!.n === 0) break;
    if (waited >= 900) {
      console.log(`${busy!.n} autovacuum worker(s) still at work after 15 min: timing the next phase anyway`);
      break;
    }
    if (waited % 60 === 0) console.log(`waiting for ${busy!.n} autovacuum worker(s) to finish before the next timed phase …`);
    await new Promise((resolve) => setTimeout(resolve, 5000));
  }
  // CHECKPOINT needs a superuser or pg_checkpoint; without it the next phase may pay for this one's writes.
  await admin`checkpoint`.catch((e: Error) => console.log(`(no CHECKPOINT before the next phase: ${e.message})`));
}

async function main() {
  const admin = postgres(databaseUrl!, { max: 1, onnotice: () => {} });
  if (!existsSync(join(exportsDir, 'truth.json'))) {
    console.log(`generating dirty exports of ${fmt(customers)} customers into ${exportsDir} (not timed) …`);
    mkdirSync(exportsDir, { recursive: true });
    await writeDirtyDemo({ customers, seed: 1, until, outDir: exportsDir });
  }
  const inputBytes = platforms.flatMap((p) => ['customers.csv', 'products.csv', 'orders.ndjson', 'events.csv'].map((f) => statSync(join(exportsDir, p.id, f)).size)).reduce((a, b) => a + b);

  // 1. The pipeline, in a child process, as an operator would run it.
  const pipelineUrl = await freshDatabase(admin, 'precis_bench_ingest');
  const seeded = await openStore({ kind: 'postgres', url: pipelineUrl });
  await seedTaxonomy(seeded);
  await seeded.close();
  await quietServer(admin);
  // The child gets a heap limit of its own, never the generator's: V8 lets a heap grow with
  // garbage up to its limit, so the limit, not what the pipeline holds, would set the peak RSS.
  const env = { ...process.env, NODE_OPTIONS: `--max-old-space-size=${childHeapMiB}`, DATABASE_URL: pipelineUrl, PRECIS_DATA_KEY: generateDataKey(), PRECIS_LOG_LEVEL: 'error' };
  const started = performance.now();
  // The whole export drop in one command, as an operator loads it: kind by kind across the platform
  // folders, the models refreshed once at the end. GNU time reports the child's peak resident set size on stderr.
  const run = spawnSync('/usr/bin/time', ['-f', 'maxrss_kb=%M', process.execPath, 'bin/precis.js', 'ingest', exportsDir], { env, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (run.status !== 0) throw new Error(`precis ingest failed:\n${run.stderr.slice(-2000)}`);
  const peakKb = Number(/maxrss_kb=(\d+)/.exec(run.stderr)?.[1] ?? 0);
  console.log(run.stdout.trim());
  const pipelineSeconds = (performance.now() - started) / 1000;
  const db = postgres(pipelineUrl, { max: 1, onnotice: () => {} });
  const [read] = await db`select sum(rows_read)::bigint as n from ingest_batches`;
  const counts = Object.fromEntries(await Promise.all(finalTables.map(async (t) => [t, Number((await db.unsafe(`select count(*) as n from ${t}`))[0]!.n)] as const)));
  const finalRows = Object.values(counts).reduce((a, b) => a + b, 0);

  // 2. Raw COPY of the same final rows into an empty copy of the schema, in the same run.
  const dumpDir = join(exportsDir, 'copy-dump');
  mkdirSync(dumpDir, { recursive: true });
  for (const t of finalTables) {
    // A connection per dump: several COPY TO streams in a row on one postgres.js connection stalled here.
    const source = postgres(pipelineUrl, { max: 1, onnotice: () => {} });
    await pipeline(await source.unsafe(`copy ${t} to stdout`).readable(), createWriteStream(join(dumpDir, `${t}.copy`)));
    await source.end();
  }
  const copyUrl = await freshDatabase(admin, 'precis_bench_copy');
  const target = postgres(copyUrl, { max: 1, onnotice: () => {} });
  await quietServer(admin);
  // Constraints and indexes stay on, as in the pipeline's store; parents before children.
  const copySecondsByTable: Record<string, number> = {};
  for (const t of finalTables) {
    const started = performance.now();
    await pipeline(createReadStream(join(dumpDir, `${t}.copy`), { highWaterMark: 1 << 20 }), await target.unsafe(`copy ${t} from stdin`).writable());
    copySecondsByTable[t] = Math.round(performance.now() - started) / 1000;
  }
  const copySeconds = Object.values(copySecondsByTable).reduce((a, b) => a + b, 0);

  const report = {
    machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
    customers,
    inputRows: Number(read!.n),
    inputMiB: inputBytes / 2 ** 20,
    finalRows,
    pipelineSeconds,
    copySeconds,
    copySecondsByTable,
    peakRssMiB: peakKb / 1024,
    childHeapMiB,
    counts,
  };
  console.log(JSON.stringify(report, null, 2));
  console.log(
    `pipeline: ${fmt(report.inputRows)} input rows → ${fmt(finalRows)} stored rows in ${pipelineSeconds.toFixed(1)} s = ${fmt(finalRows / pipelineSeconds)} stored rows/s (${fmt(report.inputRows / pipelineSeconds)} input rows/s)\n` +
      `raw COPY of the same ${fmt(finalRows)} rows: ${copySeconds.toFixed(1)} s = ${fmt(finalRows / copySeconds)} rows/s\n` +
      `ratio pipeline : raw COPY = ${(copySeconds / pipelineSeconds).toFixed(2)}`,
  );
  await Promise.all([db.end(), target.end(), admin.end()]);
}

await main();
