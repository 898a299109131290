/**
 * Unsupervised Fellegi–Sunter parameters by expectation–maximization. Candidate pairs are a
 * mixture of matches and non-matches; with fields assumed independent within each class, EM finds
 * for every field and agreement level m = P(level | match) and u = P(level | non-match), plus the
 * share of matches λ, from the pattern counts alone. No labels, nothing hand-tuned: the weight a
 * field earns comes from how it behaves in the data at hand.
 *
 * A missing value is not observed: it contributes to neither class, so its weight is 0.
 * Estimates are add-one smoothed (one pseudo-pair per level), so a level that a sample happened
 * not to show gets a probability of about one in the sample size, not zero and an infinite weight.
 */

export interface PatternCounts {
  /** levels[k * fields + f]: the level of field f in distinct pattern k. */
  levels: Uint8Array;
  /** How many pairs have pattern k. */
  counts: Float64Array;
  /** Per field, its level index for 'missing' (the real levels are 0 .. missing - 1). */
  missing: readonly number[];
}

export interface MixtureParameters {
  /** m[f][level], u[f][level] over the non-missing levels of field f; each row sums to 1. */
  m: number[][];
  u: number[][];
  /** λ: share of matches among the pairs. */
  matchPrior: number;
}

export interface EmOptions {
  /** Pseudo-pairs added per field and level; 1 everywhere when absent. A level with 0 that no pair shows stays at probability 0. */
  pseudoCounts?: number[][];
  /** Hold m or u at their starting values and learn only the rest. */
  fixM?: boolean;
  fixU?: boolean;
  maxIterations?: number;
  /** Stop when no probability moves by more than this. */
  tolerance?: number;
}

export interface EmResult extends MixtureParameters {
  iterations: number;
}

/**
 * Runs EM from `start`.
 *
 * @example
 * const fitted = estimateParameters(counts, { m: [[0.9, 0.1]], u: [[0.1, 0.9]], matchPrior: 0.1 });
 * fitted.m[0][0]; // P(field 0 agrees | match)
 */
export function estimateParameters(counts: PatternCounts, start: MixtureParameters, options: EmOptions = {}): EmResult {
  const { fixM = false, fixU = false, maxIterations = 200, tolerance = 1e-6 } = options;
  const pseudoCounts = options.pseudoCounts ?? onePerLevel(counts.missing);
  const fields = counts.missing.length;
  const patterns = counts.counts.length;
  let { m, u, matchPrior } = structuredClone(start);

  let iterations = 0;
  while (iterations < maxIterations) {
    iterations++;
    const mSums = counts.missing.map((levels) => new Array<number>(levels).fill(0));
    const uSums = counts.missing.map((levels) => new Array<number>(levels).fill(0));
    let matches = 0;
    let total = 0;
    const logPriorOdds = Math.log(matchPrior / (1 - matchPrior));

    for (let k = 0; k < patterns; k++) {
      // E step: the posterior that pattern k is a match, in log odds for stability.
      let logOdds = logPriorOdds;
      for (let f = 0; f < fields; f++) {
        const level = counts.levels[k * fields + f]!;
        if (level !== counts.missing[f]) logOdds += Math.log(m[f]![level]! / u[f]![level]!);
      }
      const posterior = 1 / (1 + Math.exp(-logOdds));
      const count = counts.counts[k]!;
      matches += count * posterior;
      total += count;
      for (let f = 0; f < fields; f++) {
        const level = counts.levels[k * fields + f]!;
        if (level === counts.missing[f]) continue;
        mSums[f]![level]! += count * posterior;
        uSums[f]![level]! += count * (1 - posterior);
      }
    }

    // M step: each row becomes the posterior-weighted share of its levels.
    const nextM = fixM ? m : smoothedShares(mSums, pseudoCounts);
    const nextU = fixU ? u : smoothedShares(uSums, pseudoCounts);
    const nextPrior = total === 0 ? matchPrior : Math.min(1 - 1e-9, Math.max(1e-9, matches / total));
    const moved = Math.max(largestChange(m, nextM), largestChange(u, nextU), Math.abs(nextPrior - matchPrior));
    m = nextM;
    u = nextU;
    matchPrior = nextPrior;
    if (moved < tolerance) break;
  }
  return { m, u, matchPrior, iterations };
}

/**
 * Level shares per field over a set of pairs, missing excluded, smoothed like EM's. Over random
 * pairs this is u directly: nearly every random pair is two different people.
 */
export function levelShares(counts: PatternCounts, pseudoCounts?: number[][]): number[][] {
  return smoothedShares(levelCounts(counts), pseudoCounts ?? onePerLevel(counts.missing));
}

/** How many pairs have each level of each field, over one or more pattern sets; missing excluded. */
export function levelCounts(...sets: PatternCounts[]): number[][] {
  const sums = sets[0]!.missing.map((levels) => new Array<number>(levels).fill(0));
  for (const counts of sets) {
    const fields = counts.missing.length;
    for (let k = 0; k < counts.counts.length; k++) {
      for (let f = 0; f < fields; f++) {
        const level = counts.levels[k * fields + f]!;
        if (level !== counts.missing[f]) sums[f]![level]! += counts.counts[k]!;
      }
    }
  }
  return sums;
}

function smoothedShares(sums: number[][], pseudoCounts: number[][]): number[][] {
  return sums.map((row, f) => {
    const total = row.reduce((a, b, level) => a + b + pseudoCounts[f]![level]!, 0);
    return row.map((value, level) => (total === 0 ? 0 : (value + pseudoCounts[f]![level]!) / total));
  });
}

function onePerLevel(missing: readonly number[]): number[][] {
  return missing.map((levels) => new Array<number>(levels).fill(1));
}

function largestChange(before: number[][], after: number[][]): number {
  let largest = 0;
  before.forEach((row, f) => row.forEach((value, level) => (largest = Math.max(largest, Math.abs(value - after[f]![level]!)))));
  return largest;
}
