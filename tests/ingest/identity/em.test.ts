import { describe, expect, it } from 'vitest';
import { Random } from '../../../src/demo/random.ts';
import { estimateParameters, type MixtureParameters, type PatternCounts } from '../../../src/ingest/identity/em.ts';

// Three fields with two, three and two levels; the third is missing for 20% of pairs.
const truth: MixtureParameters = {
  m: [[0.95, 0.05], [0.7, 0.2, 0.1], [0.9, 0.1]],
  u: [[0.05, 0.95], [0.01, 0.09, 0.9], [0.2, 0.8]],
  matchPrior: 0.15,
};
const missing = [2, 3, 2];

/** `pairs` comparison vectors drawn from the mixture above, folded into pattern counts. */
function sample(pairs: number, seed: number): PatternCounts {
  const rng = new Random(seed);
  const draw = (row: number[]) => {
    let x = rng.next();
    for (let level = 0; level < row.length; level++) if ((x -= row[level]!) < 0) return level;
    return row.length - 1;
  };
  const countOf = new Map<string, number>();
  for (let k = 0; k < pairs; k++) {
    const params = rng.chance(truth.matchPrior) ? truth.m : truth.u;
    const levels = params.map((row, f) => (f === 2 && rng.chance(0.2) ? missing[f]! : draw(row)));
    countOf.set(levels.join(), (countOf.get(levels.join()) ?? 0) + 1);
  }
  const keys = [...countOf.keys()];
  return {
    levels: Uint8Array.from(keys.flatMap((key) => key.split(',').map(Number))),
    counts: Float64Array.from(keys.map((key) => countOf.get(key)!)),
    missing,
  };
}

const largestError = (fitted: number[][], expected: number[][]) => Math.max(...fitted.flatMap((row, f) => row.map((value, level) => Math.abs(value - expected[f]![level]!))));
const neutralStart: MixtureParameters = { m: [[0.8, 0.2], [0.6, 0.2, 0.2], [0.8, 0.2]], u: [[0.3, 0.7], [0.2, 0.3, 0.5], [0.3, 0.7]], matchPrior: 0.5 };

describe('estimateParameters', () => {
  const counts = sample(40_000, 7);

  it('recovers the generating m, u and match share from unlabelled pairs', () => {
    const fitted = estimateParameters(counts, neutralStart);
    expect(largestError(fitted.m, truth.m)).toBeLessThan(0.02);
    expect(largestError(fitted.u, truth.u)).toBeLessThan(0.02);
    expect(Math.abs(fitted.matchPrior - truth.matchPrior)).toBeLessThan(0.01);
  });

  it('learns only m and the share when u is held at its true value', () => {
    const fitted = estimateParameters(counts, { ...neutralStart, u: truth.u }, { fixU: true });
    expect(fitted.u).toEqual(truth.u);
    expect(largestError(fitted.m, truth.m)).toBeLessThan(0.02);
  });

  it('keeps a level that no pair shows at probability zero when its pseudo-count is zero', () => {
    const oneField: PatternCounts = { levels: Uint8Array.from([0, 1]), counts: Float64Array.from([30, 70]), missing: [3] };
    const fitted = estimateParameters(oneField, { m: [[0.8, 0.1, 0.1]], u: [[0.1, 0.45, 0.45]], matchPrior: 0.5 }, { pseudoCounts: [[1, 1, 0]] });
    expect([fitted.m[0]![2], fitted.u[0]![2]]).toEqual([0, 0]);
  });
});
