/**
 * resolveIdentities: which customer records are the same person. A pure function: records in,
 * clusters and the links that justify them out; the caller reads the store and persists results.
 *
 *   prepare → blocking (candidate pairs) → compare (a pattern per pair)
 *           → fit (u from random pairs, m from pairs sharing an email or phone, else by EM
 *             per blocking pass, λ) → weights, threshold
 *           → links: same email / phone index, then fuzzy pairs strongest first
 *           → guarded union-find → clusters, and evidence for every merge
 *
 * It never sees an email or a phone number, only their blind indexes, and it logs nothing.
 */
import { blockingPasses, candidatePairs } from './blocking.ts';
import { clusterEdges, type Edge } from './cluster.ts';
import { addressesSwapped, compareInto, comparePattern, fieldLevels, identityConflict, namesSwapped } from './compare.ts';
import { fitModel } from './fit.ts';
import { preparePerson, type Person } from './prepare.ts';
import { comparedFields, type FieldEvidence, type Link, type MatchModel, type PersonRecord, type Resolution } from './types.ts';
import { describeModel, levelWeights, patternScorer, scoreOf, thresholdFor } from './weights.ts';
import { PrecisError } from '../../errors.ts';

export interface ResolveOptions {
  /** Posterior match probability a fuzzy pair needs (default 0.999); the score threshold follows from it and the fitted λ. */
  minMatchProbability?: number;
  /** Blocking groups above this size are paired by sorted neighbourhood (default 64). */
  maxBlockSize?: number;
  /** Random pairs compared to estimate u (default 250,000). */
  randomPairs?: number;
  /** An email or phone index shared by more records than this is taken for a shared or placeholder value and not linked on (default 10). */
  maxSharedKey?: number;
  /**
   * A model fitted by an earlier call on like records (the first chunk of the same file): its
   * weights and threshold are used as they are and nothing is fitted, which saves comparing the
   * random pairs and running EM again for every chunk.
   */
  model?: MatchModel;
  /**
   * The first `resolved` records are already resolved among themselves (golden records a batch
   * is matched against): pairs of two of them are not compared, only pairs with a newer record.
   */
  resolved?: number;
}

/**
 * Groups records into golden records.
 *
 * @example
 * const { clusters, links } = resolveIdentities([
 *   { id: 'shop:1', emailIdx: 'k9…', givenName: 'jane', surname: 'smith' },
 *   { id: 'shop:2', emailIdx: 'k9…', givenName: 'jane', surname: 'smyth' },
 * ]);
 * // clusters: [['shop:1', 'shop:2']]; links[0].rule: 'email'
 */
export function resolveIdentities(records: readonly PersonRecord[], options: ResolveOptions = {}): Resolution {
  const { minMatchProbability = 0.999, maxBlockSize = 64, randomPairs = 250_000, maxSharedKey = 10 } = options;
  assertUniqueIds(records);
  const people = records.map(preparePerson);

  const candidates = candidatePairs(people, blockingPasses, maxBlockSize, options.resolved ?? 0);
  const pairCount = candidates.left.length;
  const patterns = new Int32Array(pairCount);
  for (let k = 0; k < pairCount; k++) patterns[k] = comparePattern(people[candidates.left[k]!]!, people[candidates.right[k]!]!);

  // Same email or phone index: links of their own, and (when a model is fitted) its anchor pairs.
  const keyEdges = [...sharedKeyEdges(records, 'email', maxSharedKey), ...sharedKeyEdges(records, 'phone', maxSharedKey)];
  const model = options.model ?? fitted(people, patterns, candidates.foundBy, randomPairs, minMatchProbability, Int32Array.from(keyEdges, ({ i, j }) => comparePattern(people[i]!, people[j]!)));
  const weights = comparedFields.map((field) => [...model.fields[field].weights, 0]);
  const threshold = model.threshold;
  const fuzzy = strongestFirst(patterns, patternScorer(weights), threshold);

  const levels = new Uint8Array(comparedFields.length);
  const pairScore = (i: number, j: number) => {
    compareInto(people[i]!, people[j]!, levels);
    return scoreOf(weights, levels);
  };
  function* edges(): Generator<Edge> {
    yield* keyEdges;
    for (const k of fuzzy) yield { i: candidates.left[k]!, j: candidates.right[k]!, rule: 'fuzzy' };
  }
  const { merges, rootOf } = clusterEdges(people.length, edges(), pairScore);

  const links = merges.map(({ i, j, rule }): Link => {
    const { score, evidence } = explain(people[i]!, people[j]!, weights);
    if (rule !== 'fuzzy') evidence[rule] = { agreement: 'exact', weight: 0 };
    return { a: records[i]!.id, b: records[j]!.id, rule, score, evidence };
  });

  return { clusters: clustersOf(records, rootOf), links, model: { ...model, candidatePairs: pairCount, oversizedBlocks: candidates.oversizedBlocks } };
}

/** Fits m, u and λ on these records' candidate, random and anchor pairs; the threshold follows from λ. */
function fitted(people: readonly Person[], patterns: Int32Array, foundBy: Uint16Array, randomPairs: number, minMatchProbability: number, anchors: Int32Array): MatchModel {
  const fit = fitModel(patterns, foundBy, blockingPasses, randomPairPatterns(people, randomPairs), anchors);
  const n = people.length;
  // u describes any two records, so the prior is too: expected matches over all n(n-1)/2 pairs
  // (capped at even odds, which only a handful of records could exceed).
  const matchPrior = Math.min(0.5, (fit.candidateMatchShare * patterns.length) / Math.max(1, (n * (n - 1)) / 2));
  return {
    fields: describeModel(fit, levelWeights(fit)),
    matchPrior,
    threshold: thresholdFor(minMatchProbability, matchPrior),
    emIterations: fit.iterations,
    anchorPairs: fit.anchorPairs,
    candidatePairs: patterns.length,
    oversizedBlocks: 0,
  };
}

function assertUniqueIds(records: readonly PersonRecord[]): void {
  const seen = new Set<string>();
  for (const { id } of records) {
    if (seen.has(id)) throw new PrecisError('input_invalid', { detail: `resolveIdentities: record id "${id}" appears more than once` });
    seen.add(id);
  }
}

/**
 * Patterns of `count` pseudo-random pairs, or of every pair when there are no more than that.
 * Two irrational rotations (golden ratio, √2) spread the sample evenly over the input without a
 * random generator, so the same input gives the same u.
 */
function randomPairPatterns(people: readonly Person[], count: number): Int32Array {
  const n = people.length;
  const patterns: number[] = [];
  if ((n * (n - 1)) / 2 <= count) {
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) patterns.push(comparePattern(people[i]!, people[j]!));
    return Int32Array.from(patterns);
  }
  for (let k = 1; patterns.length < count; k++) {
    const i = Math.floor(((k * 0.6180339887498949) % 1) * n);
    const j = Math.floor(((k * 0.4142135623730951) % 1) * n);
    if (i !== j) patterns.push(comparePattern(people[i]!, people[j]!));
  }
  return Int32Array.from(patterns);
}

/** Indexes of the pairs scoring at least `threshold` without an identity conflict, strongest first, ties in pair order. */
function strongestFirst(patterns: Int32Array, scoreOfPattern: (pattern: number) => number, threshold: number): number[] {
  const kept: number[] = [];
  const scores: number[] = [];
  for (let k = 0; k < patterns.length; k++) {
    const score = scoreOfPattern(patterns[k]!);
    if (score < threshold || identityConflict(patterns[k]!)) continue;
    kept.push(k);
    scores.push(score);
  }
  const order = Array.from(kept.keys()).sort((x, y) => scores[y]! - scores[x]! || x - y);
  return order.map((x) => kept[x]!);
}

/** A star of edges per email (or phone) index held by 2..maxShared records: each later holder to the first. */
function* sharedKeyEdges(records: readonly PersonRecord[], rule: 'email' | 'phone', maxShared: number): Generator<Edge> {
  const valueOf = (record: PersonRecord) => (rule === 'email' ? record.emailIdx : record.phoneIdx);
  const firstHolder = new Map<string, number>();
  const holders = new Int32Array(records.length); // by first holder
  const firstOf = new Int32Array(records.length).fill(-1);
  records.forEach((record, i) => {
    const value = valueOf(record);
    if (!value) return;
    let first = firstHolder.get(value);
    if (first === undefined) firstHolder.set(value, (first = i));
    firstOf[i] = first;
    holders[first]!++;
  });
  for (let i = 0; i < records.length; i++) {
    const first = firstOf[i]!;
    if (first >= 0 && first !== i && holders[first]! <= maxShared) yield { i: first, j: i, rule };
  }
}

function explain(a: Person, b: Person, weights: number[][]): { score: number; evidence: Link['evidence'] } {
  const levels = new Uint8Array(comparedFields.length);
  const swapped = compareInto(a, b, levels);
  const evidence: Link['evidence'] = {};
  comparedFields.forEach((field, f) => {
    const level = levels[f]!;
    const name = fieldLevels[field][level] ?? 'missing';
    const crosswise = (swapped & namesSwapped && (field === 'givenName' || field === 'surname')) || (swapped & addressesSwapped && (field === 'address' || field === 'address2'));
    const entry: FieldEvidence = { agreement: crosswise && name !== 'missing' ? `${name} (swapped)` : name, weight: weights[f]![level]! };
    evidence[field] = entry;
  });
  return { score: scoreOf(weights, levels), evidence };
}

/** Every id in exactly one cluster, clusters in order of their first record, members in input order. */
function clustersOf(records: readonly PersonRecord[], rootOf: (i: number) => number): string[][] {
  const clusterOfRoot = new Int32Array(records.length).fill(-1);
  const clusters: string[][] = [];
  records.forEach((record, i) => {
    const root = rootOf(i);
    if (clusterOfRoot[root] === -1) {
      clusterOfRoot[root] = clusters.length;
      clusters.push([]);
    }
    clusters[clusterOfRoot[root]!]!.push(record.id);
  });
  return clusters;
}
