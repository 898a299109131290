/**
 * From fitted m and u to the numbers a decision reads: the log2 weight of each agreement level
 * (how many bits of evidence for "same person" it gives), a pair's score (their sum), and the
 * score at which the posterior match probability reaches the required level.
 */
import { fieldLevels, levelsOf } from './compare.ts';
import type { MixtureParameters } from './em.ts';
import { comparedFields, type MatchModel } from './types.ts';

/** weights[f][level] = log2(m / u); the trailing 'missing' level weighs 0, and so does a level never seen (m = u = 0). */
export function levelWeights(params: Pick<MixtureParameters, 'm' | 'u'>): number[][] {
  return params.m.map((row, f) => [...row.map((m, level) => (m === 0 && params.u[f]![level]! === 0 ? 0 : Math.log2(m / params.u[f]![level]!))), 0]);
}

export function scoreOf(weights: number[][], levels: Uint8Array): number {
  let score = 0;
  for (let f = 0; f < weights.length; f++) score += weights[f]![levels[f]!]!;
  return score;
}

/** Score of each distinct pattern, memoized: pairs share a few thousand patterns between them. */
export function patternScorer(weights: number[][]): (pattern: number) => number {
  const memo = new Map<number, number>();
  const levels = new Uint8Array(comparedFields.length);
  return (pattern) => {
    let score = memo.get(pattern);
    if (score === undefined) {
      score = scoreOf(weights, levelsOf(pattern, levels));
      memo.set(pattern, score);
    }
    return score;
  };
}

/**
 * The score at which P(match | score) = probability, given the prior chance of a match: posterior
 * odds = prior odds × 2^score.
 *
 * @example
 * thresholdFor(0.999, 0.1); // ≈ 13.1 bits
 */
export function thresholdFor(probability: number, matchPrior: number): number {
  return Math.log2(probability / (1 - probability)) - Math.log2(matchPrior / (1 - matchPrior));
}

/** The fitted parameters in the shape a Resolution reports. */
export function describeModel(params: Pick<MixtureParameters, 'm' | 'u'>, weights: number[][]): MatchModel['fields'] {
  return Object.fromEntries(
    comparedFields.map((field, f) => [field, { levels: fieldLevels[field], m: params.m[f]!, u: params.u[f]!, weights: weights[f]!.slice(0, -1) }]),
  ) as MatchModel['fields'];
}
