/**
 * Scores the store against a dirty demo's truth.json: customer merges, product matches, and
 * the share of each injected problem kind the pipeline caught. What `precis ingest evaluate
 * --truth` prints.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { z } from 'zod';
import type { Store } from '../db/client.ts';
import { PrecisError } from '../errors.ts';
import { resolvedCustomers, resolvedProducts, scoreGrouping, scoreProblems, type LabelledProblem, type TruthRecord } from '../ingest/evaluate.ts';

/** The parts of a dirty demo's truth.json that scoring reads. */
const DemoTruth = z.object({
  customers: z.array(z.object({ platform: z.string(), customerId: z.string(), person: z.number(), line: z.number() })),
  products: z.array(z.object({ platform: z.string(), productId: z.string(), product: z.number(), line: z.number() })),
  problems: z.array(z.object({ kind: z.string(), platform: z.string(), file: z.string(), line: z.number(), field: z.string().nullable() })),
});

export async function evaluateDemoTruth(store: Store, path: string) {
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

