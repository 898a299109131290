/**
 * How good was the cleansing? Scores what the store made of a source against ground truth:
 * pairwise precision / recall / F1 of customer merges and product matches, and, for every
 * labelled problem, whether the pipeline caught it (quarantined the row, dropped the bad field,
 * repaired it, or merged the duplicate).
 */
import { eq, inArray } from 'drizzle-orm';
import type { Store } from '../db/client.ts';
import { loadMapping } from './mapping.ts';
import { parseFile } from './parse.ts';
import { customerIdentities, ingestBatches, productAliases, quarantine } from '../db/schema/index.ts';
import { pairwiseScores, type PairwiseScores } from './identity/index.ts';

/** A source record and the real-world entity (person, product) it belongs to. */
export interface TruthRecord {
  platform: string;
  id: string;
  entity: string;
}

export interface LabelledProblem {
  kind: string;
  platform: string;
  /** The file's name within its platform folder, as the batch recorded it ("orders.ndjson"). */
  source: string;
  line: number;
  field: string | null;
}

export interface MatchScores extends PairwiseScores {
  /** Truth records the store does not hold (their rows were quarantined). */
  missing: number;
}

/** Groups truth records by what the store resolved them to (`platform:id` → record id), and scores it. */
export function scoreGrouping(truth: readonly TruthRecord[], resolved: ReadonlyMap<string, number>): MatchScores {
  const clusters = new Map<number, string[]>();
  const entityOf = new Map<string, string>();
  let missing = 0;
  for (const r of truth) {
    const key = `${r.platform}:${r.id}`;
    const target = resolved.get(key);
    if (target === undefined) {
      missing++;
      continue;
    }
    entityOf.set(key, r.entity);
    clusters.set(target, [...(clusters.get(target) ?? []), key]);
  }
  return { ...pairwiseScores([...clusters.values()], (key) => entityOf.get(key)!), missing };
}

/** Each platform customer id (`platform:id`) → the golden record it was resolved to. */
export async function resolvedCustomers(store: Store): Promise<Map<string, number>> {
  const rows = await store.db.select().from(customerIdentities);
  return new Map(rows.map((r) => [`${r.platform}:${r.platformCustomerId}`, r.customerId]));
}

/** Each platform product id (`platform:id`) → the product it was matched to. */
export async function resolvedProducts(store: Store): Promise<Map<string, number>> {
  const rows = await store.db.select().from(productAliases);
  return new Map(rows.map((r) => [`${r.platform}:${r.platformProductId}`, r.productId]));
}

/** How each kind of labelled problem counts as caught. */
const rowProblems = new Set([
  'missing_required_field', 'exact_duplicate_row', 'out_of_range_quantity', 'non_positive_price', 'future_date', 'unknown_status', 'unknown_event_type',
]);
const fieldProblems = new Set(['malformed_email_unfixable', 'malformed_phone', 'out_of_range_birth_year']);
const repairableProblems = new Set(['malformed_email_fixable', 'fullwidth_text']);

export interface ProblemScore {
  kind: string;
  labelled: number;
  caught: number;
  share: number;
}

/**
 * Per problem kind, the share caught. Duplicates of records (customers, products) are caught
 * when the record ended up with another record of the same entity.
 */
export async function scoreProblems(
  store: Store,
  problems: readonly LabelledProblem[],
  sameEntityMerged: (p: LabelledProblem) => boolean,
): Promise<ProblemScore[]> {
  const batches = await store.db.select().from(ingestBatches).where(eq(ingestBatches.status, 'loaded'));
  const batchOf = new Map(batches.map((b) => [`${b.platform}/${b.source}`, b]));
  const quarantined = new Set(
    (await store.db.select({ batchId: quarantine.batchId, line: quarantine.sourceLine }).from(quarantine).where(inArray(quarantine.batchId, batches.length > 0 ? batches.map((b) => b.id) : [-1])))
      .map((q) => `${q.batchId}:${q.line}`),
  );
  // Which lines of each batch had a field dropped, by field: issues are keyed "reason:field".
  const droppedAt = new Set<string>();
  for (const b of batches) {
    const lines = ((b.summary ?? {}) as { fieldIssueLines?: Record<string, number[]> }).fieldIssueLines ?? {};
    for (const [issue, at] of Object.entries(lines)) for (const line of at) droppedAt.add(`${b.id}:${line}:${issue.split(':').at(-1)}`);
  }

  const tally = new Map<string, { labelled: number; caught: number }>();
  for (const p of problems) {
    const batch = batchOf.get(`${p.platform}/${p.source}`);
    const inQuarantine = batch !== undefined && quarantined.has(`${batch.id}:${p.line}`);
    const fieldDropped = batch !== undefined && droppedAt.has(`${batch.id}:${p.line}:${p.field}`);
    const caught = rowProblems.has(p.kind)
      ? inQuarantine
      : fieldProblems.has(p.kind)
        ? fieldDropped || inQuarantine
        : repairableProblems.has(p.kind)
          ? batch !== undefined && !inQuarantine && !fieldDropped
          : sameEntityMerged(p);
    const t = tally.get(p.kind) ?? { labelled: 0, caught: 0 };
    t.labelled++;
    if (caught) t.caught++;
    tally.set(p.kind, t);
  }
  return [...tally.entries()].map(([kind, t]) => ({ kind, ...t, share: t.labelled === 0 ? 1 : t.caught / t.labelled })).sort((a, b) => a.kind.localeCompare(b.kind));
}

/** Febrl rec_ids encode the entity: rec-<N>-org and rec-<N>-dup-<k> are the same person N. */
export async function febrlTruth(path: string, platform: string): Promise<TruthRecord[]> {
  const mapping = loadMapping('febrl-customers');
  const records: TruthRecord[] = [];
  for await (const row of parseFile(path, mapping)) {
    const id = row.fields?.rec_id?.trim();
    const entity = id && /^rec-(\d+)-/.exec(id)?.[1];
    if (id && entity) records.push({ platform, id, entity });
  }
  return records;
}
