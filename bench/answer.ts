/**
 * Answer latency: understanding + validation + compilation + read-only execution + redaction +
 * audit, per catalog question, against the same result computed by hand-written SQL in the same
 * run. Prints p50 / p95 of both and their ratio.
 *
 *   DATABASE_URL=postgres://…/<a loaded store> PRECIS_DATA_KEY=… npm run bench:answer -- [rounds]
 *
 * Use a store loaded with `precis demo load` or `npm run bench:ingest` (its database is
 * precis_bench_ingest). Without DATABASE_URL it runs on the embedded store in PRECIS_DATA_DIR.
 */
import { cpus, totalmem } from 'node:os';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { createAssistant } from '../src/assistant/answer.ts';
import { loadConfig } from '../src/config.ts';
import { openStore, targetFromConfig } from '../src/db/client.ts';
import { createLogger } from '../src/log.ts';

const rounds = z.coerce.number().int().min(1).max(1000).parse(process.argv[2] ?? '20');
const config = loadConfig();
const store = await openStore(targetFromConfig(config));
const assistant = createAssistant({ store, config, log: createLogger('error') });
const actor = { id: 'local:bench', local: true };

const SALES = `order_items oi join orders o on o.id = oi.order_id and o.status = 'paid'`;
const lastDays = (n: number) => `o.ordered_at >= now() - interval '${n} days'`;
/** Each question with SQL a person would write for the same figures. */
const cases: [string, string][] = [
  ['how many customers do we have?', 'select count(*) from customers'],
  ['revenue last 30 days', `select sum(oi.line_total_base_minor) from ${SALES} where ${lastDays(30)}`],
  ['revenue by city last 30 days', `select c.city, sum(oi.line_total_base_minor) from ${SALES} join customers c on c.id = o.customer_id where ${lastDays(30)} group by 1 order by 2 desc`],
  ['orders by platform this year', `select o.platform, count(distinct o.id) from ${SALES} where o.ordered_at >= date_trunc('year', now()) group by 1 order by 2 desc`],
  ['top 10 products by revenue this year', `select p.title, sum(oi.line_total_base_minor) from ${SALES} join products p on p.id = oi.product_id where o.ordered_at >= date_trunc('year', now()) group by p.id, 1 order by 2 desc limit 10`],
  ['上个月各平台的销售额', `select o.platform, sum(oi.line_total_base_minor) from ${SALES} where o.ordered_at >= date_trunc('month', now()) - interval '1 month' and o.ordered_at < date_trunc('month', now()) group by 1`],
  ['revenue by month this year', `select date_trunc('month', o.ordered_at), sum(oi.line_total_base_minor) from ${SALES} where o.ordered_at >= date_trunc('year', now()) group by 1 order by 1`],
  ['average order value by channel in 2025', `select o.platform, sum(oi.line_total_base_minor)::float8 / count(distinct o.id) from ${SALES} where o.ordered_at >= '2025-01-01' and o.ordered_at < '2026-01-01' group by 1`],
  ['customers by category last month', `select p.category_id, count(distinct o.customer_id) from ${SALES} join products p on p.id = oi.product_id where o.ordered_at >= date_trunc('month', now()) - interval '1 month' and o.ordered_at < date_trunc('month', now()) group by 1`],
  ['repeat purchase rate by city this year', `select city, avg((n >= 2)::int) from (select c.city, o.customer_id, count(distinct o.id) n from ${SALES} join customers c on c.id = o.customer_id where o.ordered_at >= date_trunc('year', now()) group by 1, 2) t group by 1`],
];

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const ms = (x: number) => `${x.toFixed(1)} ms`;

const answerTimes: number[] = [];
const handTimes: number[] = [];
const perQuestion = new Map<string, { answer: number[]; hand: number[] }>(cases.map(([q]) => [q, { answer: [], hand: [] }]));
console.log(`${rounds} rounds of ${cases.length} questions on ${store.description}`);
for (let r = 0; r < rounds; r++) {
  for (const [question, handSql] of cases) {
    let t0 = performance.now();
    const answer = await assistant.answer(question, actor);
    answerTimes.push(performance.now() - t0);
    perQuestion.get(question)!.answer.push(answerTimes.at(-1)!);
    if (answer.kind !== 'table') throw new Error(`not answered: ${question} (${JSON.stringify(answer).slice(0, 200)})`);
    t0 = performance.now();
    await store.rows(sql.raw(handSql));
    handTimes.push(performance.now() - t0);
    perQuestion.get(question)!.hand.push(handTimes.at(-1)!);
  }
}
const [a50, a95, h50, h95] = [percentile(answerTimes, 50), percentile(answerTimes, 95), percentile(handTimes, 50), percentile(handTimes, 95)];
console.log(JSON.stringify({ machine: `${cpus().length} × ${cpus()[0]?.model}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`, rounds, questions: cases.length }, null, 2));
console.log('per question, medians (answer / hand-written SQL):');
for (const [question, t] of perQuestion) console.log(`  ${ms(percentile(t.answer, 50)).padStart(9)} / ${ms(percentile(t.hand, 50)).padStart(9)}  ${question}`);
console.log(`answer (understand → audit): p50 ${ms(a50)} · p95 ${ms(a95)}`);
console.log(`hand-written SQL:            p50 ${ms(h50)} · p95 ${ms(h95)}`);
console.log(`ratio p95 answer : hand SQL = ${(a95 / h95).toFixed(2)} (goal ≤ 1.3; target p95 ≤ 250 ms)`);
await store.close();
