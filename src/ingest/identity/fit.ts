/**
 * Learns m, u and the match share from the records themselves, in three steps:
 *
 * 1. u from random pairs: nearly all are two different people, so their level shares are u.
 * 2. m from the anchor pairs, when there are at least MIN_ANCHOR_PAIRS of them: pairs that share
 *    an email or phone index, the same person whatever their names and addresses say, so their
 *    level shares are m. Otherwise m by EM, once per blocking pass, over the pairs that pass
 *    found, with u held and the fields the pass blocked on left out: those agree by construction
 *    among the different people a pass pairs up, so EM would take them for matches. Each field's
 *    m is then the average over the passes that did not block on it, weighted by the matches EM
 *    expects in each.
 * 3. the share of matches among all candidate pairs, by EM with m and u held.
 *
 * Why anchors first: where neighbours are many and little else tells people apart, EM finds the
 * wrong kind of pair. Shopify's 1M customers file (no birth dates, no street numbers) was fitted
 * on its first 25,000 rows, and EM's matches were people of one surname on one street: m of an
 * exact surname 0.94, of a merely similar street 0.87, of a different given name 0.94 (weight
 * −0.1 bits). 6,411 of Shopify's 8,236 fuzzy links joined different people (precision of the 1M
 * drop 0.963). From its 39 anchor pairs the same chunk weighs a different given name at −1.7 bits.
 *
 * Simpler fits were tried and measured. One EM over all candidate pairs with u free learns that
 * street numbers agree among non-matches (a pass pairs records by street number): on Febrl it
 * weighed street-number agreement at −0.2 bits. With u held but no field left out, it took
 * 99.99 % of the candidate pairs for matches on the synthetic benchmark and weighed a different
 * given name at −1.1 bits instead of −6.7.
 */
import type { BlockingPass } from './blocking.ts';
import { countPatterns, fieldLevels, levelsOf, missingLevel, patternOf, tabulatePatterns } from './compare.ts';
import { estimateParameters, levelCounts, levelShares, type PatternCounts } from './em.ts';
import { comparedFields } from './types.ts';

export interface FittedModel {
  m: number[][];
  u: number[][];
  /** Pairs that taught m directly (shared email or phone); 0 when EM learned it. */
  anchorPairs: number;
  /** Share of matches among the candidate pairs. */
  candidateMatchShare: number;
  /** EM iterations, summed over the runs. */
  iterations: number;
}

/**
 * Anchor pairs needed before m is read off them instead of fitted by EM. Not tuned: low enough
 * for the 39 of Shopify's first 1M chunk, high enough that one smoothing pseudo-pair per level
 * (up to four levels a field) does not outweigh what the pairs show.
 */
export const MIN_ANCHOR_PAIRS = 30;

/**
 * @param patterns the pattern of each candidate pair
 * @param foundBy  bit p set when pass p found that pair
 * @param randomPatterns patterns of random pairs
 * @param anchorPatterns patterns of pairs known to be one person (a shared email or phone index)
 */
export function fitModel(patterns: Int32Array, foundBy: Uint16Array, passes: readonly BlockingPass[], randomPatterns: Int32Array, anchorPatterns: Int32Array = new Int32Array(0)): FittedModel {
  const randomCounts = countPatterns(randomPatterns);
  const candidateCounts = countPatterns(patterns);
  // Add-one smoothing, over the levels some pair shows: a level no pair shows keeps m = u = 0 and weighs 0.
  const pseudoCounts = levelCounts(randomCounts, candidateCounts).map((row) => row.map((count) => (count > 0 ? 1 : 0)));
  const u = levelShares(randomCounts, pseudoCounts);
  const anchored = anchorPatterns.length >= MIN_ANCHOR_PAIRS;
  const { m, iterations } = anchored ? { m: levelShares(countPatterns(anchorPatterns), pseudoCounts), iterations: 0 } : mByPass(patterns, foundBy, passes, u, pseudoCounts);

  const share = estimateParameters(candidateCounts, { m, u, matchPrior: 0.1 }, { pseudoCounts, fixM: true, fixU: true });
  return { m, u, anchorPairs: anchored ? anchorPatterns.length : 0, candidateMatchShare: share.matchPrior, iterations: iterations + share.iterations };
}

/** m by EM per blocking pass (step 2 without anchors). */
function mByPass(patterns: Int32Array, foundBy: Uint16Array, passes: readonly BlockingPass[], u: number[][], pseudoCounts: number[][]): { m: number[][]; iterations: number } {
  const startM = comparedFields.map((field) => startingM(fieldLevels[field].length));

  let iterations = 0;
  const mSums = comparedFields.map((field) => new Array<number>(fieldLevels[field].length).fill(0));
  const weightSums = comparedFields.map(() => 0);
  perPassCounts(patterns, foundBy, passes).forEach((counts, p) => {
    const fitted = estimateParameters(counts, { m: startM, u, matchPrior: 0.1 }, { pseudoCounts, fixU: true });
    iterations += fitted.iterations;
    const expectedMatches = fitted.matchPrior * counts.counts.reduce((a, b) => a + b, 0);
    comparedFields.forEach((field, f) => {
      if (passes[p]!.fields.includes(field)) return;
      fitted.m[f]!.forEach((value, level) => (mSums[f]![level]! += expectedMatches * value));
      weightSums[f]! += expectedMatches;
    });
  });
  // A field no pass could teach (too few pairs) keeps the starting guess.
  return { m: mSums.map((row, f) => (weightSums[f]! > 0 ? row.map((value) => value / weightSums[f]!) : startM[f]!)), iterations };
}

/** EM's starting m: agreement likely among matches, the lesser levels sharing the rest. */
function startingM(levels: number): number[] {
  return Array.from({ length: levels }, (_, level) => (level === 0 ? 0.9 : 0.1 / (levels - 1)));
}

/**
 * Pattern counts per pass, with the fields each pass blocked on set to missing. Pairs are first
 * folded by (pattern, passes that found them), so the per-pass work is per distinct combination,
 * not per pair.
 */
function perPassCounts(patterns: Int32Array, foundBy: Uint16Array, passes: readonly BlockingPass[]): PatternCounts[] {
  const combos = new Map<number, number>();
  const maskRange = 2 ** passes.length;
  for (let k = 0; k < patterns.length; k++) {
    const combo = patterns[k]! * maskRange + foundBy[k]!;
    combos.set(combo, (combos.get(combo) ?? 0) + 1);
  }
  const blocked = passes.map((pass) => comparedFields.map((field) => pass.fields.includes(field)));
  const perPass = passes.map(() => new Map<number, number>());
  const levels = new Uint8Array(comparedFields.length);
  for (const [combo, count] of combos) {
    const mask = combo % maskRange;
    const pattern = (combo - mask) / maskRange;
    for (let p = 0; p < passes.length; p++) {
      if ((mask & (1 << p)) === 0) continue;
      levelsOf(pattern, levels);
      for (let f = 0; f < levels.length; f++) if (blocked[p]![f]) levels[f] = missingLevel[f]!;
      const masked = patternOf(levels);
      perPass[p]!.set(masked, (perPass[p]!.get(masked) ?? 0) + count);
    }
  }
  return perPass.map(tabulatePatterns);
}
