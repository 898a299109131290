/**
 * Analytics refresh and recommendation latency on a loaded store, each against a baseline
 * measured in the same run: the features refresh against the bare aggregate scan every RFM
 * computation needs; the similarity refresh against the bare co-purchase pair count; a
 * per-customer recommendation against a plain "top 10 sellers" query.
 *
 *   DATABASE_URL=postgres://…/precis_bench_ingest npm run bench:analytics -- [customers to sample]
 */
import { cpus, totalmem } from 'node:os';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { refreshFeatures } from '../src/analytics/features.ts';
import { recommendFor, refreshSimilarities } from '../src/analytics/recommend.ts';
import { loadConfig } from '../src/config.ts';
import { openStore, targetFromConfig } from '../src/db/client.ts';

const sample = z.coerce.number().int().min(10).max(10_000).parse(process.argv[2] ?? '200');
const store = await openStore(targetFromConfig(loadConfig()));
const timed = async <T>(run: () => Promise<T>): Promise<[T, number]> => {
  const t0 = performance.now();
  const result = await run();
  return [result, (performance.now() - t0) / 1000];
};
const PAID = sql.raw(`order_items oi join orders o on o.id = oi.order_id and o.status = 'paid'`);

const [[counts]] = await Promise.all([store.rows<{ customers: number; lines: number }>(sql`select (select count(*)::int from customers) as customers, (select count(*)::int from order_items) as lines`)]);
console.log(`store: ${store.description} · ${counts!.customers.toLocaleString('en-US')} customers · ${counts!.lines.toLocaleString('en-US')} order lines`);

const [, scanSeconds] = await timed(() => store.rows(sql`select o.customer_id, max(o.ordered_at), count(distinct o.id), sum(oi.line_total_base_minor) from ${PAID} group by 1`));
const [features, featuresSeconds] = await timed(() => refreshFeatures(store));
const [, pairScanSeconds] = await timed(() =>
  store.rows(sql`with b as (select distinct o.customer_id, oi.product_id from ${PAID}) select count(*) from b x join b y on x.customer_id = y.customer_id and x.product_id < y.product_id`),
);
const [similarities, similaritySeconds] = await timed(() => refreshSimilarities(store));

const ids = (await store.rows<{ id: number }>(sql`select customer_id::int as id from customer_features order by random() limit ${sample}`)).map((r) => r.id);
const ours: number[] = [];
const popular: number[] = [];
for (const id of ids) {
  let t0 = performance.now();
  await recommendFor(store, id, { limit: 10 });
  ours.push(performance.now() - t0);
  t0 = performance.now();
  await store.rows(sql`select oi.product_id, sum(oi.quantity) from ${PAID} group by 1 order by 2 desc limit 10`);
  popular.push(performance.now() - t0);
}
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(0.95 * (xs.length - 1))]!;

console.log(JSON.stringify({ machine: `${cpus().length} × ${cpus()[0]?.model}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`, sample }, null, 2));
console.log(`features refresh: ${features.customers.toLocaleString('en-US')} customers in ${featuresSeconds.toFixed(2)} s · bare aggregate scan ${scanSeconds.toFixed(2)} s · ratio ${(featuresSeconds / scanSeconds).toFixed(2)}`);
console.log(`similarity refresh: ${similarities.pairs.toLocaleString('en-US')} pairs in ${similaritySeconds.toFixed(2)} s · bare pair count ${pairScanSeconds.toFixed(2)} s · ratio ${(similaritySeconds / pairScanSeconds).toFixed(2)}`);
console.log(`recommendation p95: ${p95(ours).toFixed(1)} ms · top-10 sellers query p95 ${p95(popular).toFixed(1)} ms · ratio ${(p95(ours) / p95(popular)).toFixed(2)} (target p95 ≤ 20 ms)`);
await store.close();
