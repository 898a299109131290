/**
 * `precis ingest evaluate --truth <truth.json>` scores the store against a dirty demo's truth;
 * `precis ingest evaluate --febrl <file.csv> --platform <name>` scores identity resolution of a
 * loaded Febrl file against the entities its rec_ids encode.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { PrecisError } from '../errors.ts';
import type { Store } from '../db/client.ts';
import { resolvedCustomers, resolvedProducts, scoreGrouping, scoreProblems, type LabelledProblem, type MatchScores, type ProblemScore, type TruthRecord } from '../ingest/evaluate.ts';
import { loadMapping } from '../ingest/mapping.ts';
import { parseFile } from '../ingest/parse.ts';
import { parseFlags, withMaintenanceStore, type CommandContext } from './common.ts';

const Flags = z
  .object({ truth: z.string().optional(), febrl: z.string().optional(), platform: z.string().optional(), json: z.boolean().default(false) })
  .refine((f) => (f.truth ? !f.febrl : f.febrl && f.platform), 'give either --truth <truth.json>, or --febrl <file.csv> with --platform <name>');

/** The parts of a dirty demo's truth.json that scoring reads. */
const DemoTruth = z.object({
  customers: z.array(z.object({ platform: z.string(), customerId: z.string(), person: z.number(), line: z.number() })),
  products: z.array(z.object({ platform: z.string(), productId: z.string(), product: z.number(), line: z.number() })),
  problems: z.array(z.object({ kind: z.string(), platform: z.string(), file: z.string(), line: z.number(), field: z.string().nullable() })),
});

const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
const renderScores = (title: string, s: MatchScores) =>
  `${title}: precision ${pct(s.precision)} · recall ${pct(s.recall)} · F1 ${pct(s.f1)} (${s.correctPairs}/${s.predictedPairs} predicted pairs right, ${s.truePairs} true pairs; ${s.missing} records not in the store)`;

export async function evaluateCommand(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseArgs({ args, options: { truth: { type: 'string' }, febrl: { type: 'string' }, platform: { type: 'string' }, json: { type: 'boolean' } } });
  const flags = parseFlags(Flags, values);
  return withMaintenanceStore(ctx, async (store) => {
    const report: { customers: MatchScores; products?: MatchScores; problems?: ProblemScore[] } = flags.truth
      ? await evaluateDemo(store, flags.truth)
      : { customers: scoreGrouping(await febrlTruth(flags.febrl!, flags.platform!), await resolvedCustomers(store)) };
    if (flags.json) ctx.io.stdout.write(`${JSON.stringify(report)}\n`);
    else {
      const lines = [renderScores('Customer merges', report.customers)];
      if (report.products) lines.push(renderScores('Product matches', report.products));
      for (const p of report.problems ?? []) lines.push(`  ${p.kind}: ${p.caught}/${p.labelled} caught (${pct(p.share)})`);
      ctx.io.stdout.write(`${lines.join('\n')}\n`);
    }
    return 0;
  });
}

async function evaluateDemo(store: Store, path: string) {
  let truth: z.infer<typeof DemoTruth>;
  try {
    truth = DemoTruth.parse(JSON.parse(readFileSync(path, 'utf8')));
  } catch (err) {
    throw new PrecisError('input_invalid', { detail: `${path} is not a dirty demo truth file (${err instanceof Error ? err.message.slice(0, 200) : err})` });
  }
  const customers: TruthRecord[] = truth.customers.map((c) => ({ platform: c.platform, id: c.customerId, entity: String(c.person) }));
  const products: TruthRecord[] = truth.products.map((p) => ({ platform: p.platform, id: p.productId, entity: String(p.product) }));
  const customerMap = await resolvedCustomers(store);
  const productMap = await resolvedProducts(store);

  // A duplicate record is caught when it sits in one golden record with another record of its entity.
  const mergedWithTwin = (records: TruthRecord[], resolved: Map<string, number>) => {
    const targets = new Map<string, number[]>();
    for (const r of records) {
      const target = resolved.get(`${r.platform}:${r.id}`);
      if (target !== undefined) targets.set(r.entity, [...(targets.get(r.entity) ?? []), target]);
    }
    return (r: TruthRecord | undefined) => {
      const target = r && resolved.get(`${r.platform}:${r.id}`);
      return target !== undefined && (targets.get(r!.entity) ?? []).filter((t) => t === target).length > 1;
    };
  };
  const customerAt = new Map(truth.customers.map((c, i) => [`${c.platform}/${c.line}`, customers[i]!]));
  const productAt = new Map(truth.products.map((p, i) => [`${p.platform}/${p.line}`, products[i]!]));
  const customerMerged = mergedWithTwin(customers, customerMap);
  const productMerged = mergedWithTwin(products, productMap);

  const problems: LabelledProblem[] = truth.problems.map((p) => ({ kind: p.kind, platform: p.platform, source: basename(p.file), line: p.line, field: p.field }));
  return {
    customers: scoreGrouping(customers, customerMap),
    products: scoreGrouping(products, productMap),
    problems: await scoreProblems(store, problems, (p) =>
      p.kind.startsWith('duplicate_product') ? productMerged(productAt.get(`${p.platform}/${p.line}`)) : customerMerged(customerAt.get(`${p.platform}/${p.line}`)),
    ),
  };
}

/** Febrl rec_ids encode the entity: rec-<N>-org and rec-<N>-dup-<k> are the same person N. */
async function febrlTruth(path: string, platform: string): Promise<TruthRecord[]> {
  const mapping = loadMapping('febrl-customers');
  const records: TruthRecord[] = [];
  for await (const row of parseFile(path, mapping)) {
    const id = row.fields?.rec_id?.trim();
    const entity = id && /^rec-(\d+)-/.exec(id)?.[1];
    if (id && entity) records.push({ platform, id, entity });
  }
  return records;
}
