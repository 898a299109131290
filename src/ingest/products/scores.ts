/**
 * How good a product matching is, judged pairwise: every two listings either are or are not
 * the same product, in the truth and in the assignments. Precision is the share of "same"
 * decisions that are right; recall is the share of true "same" pairs that were found.
 */
import type { Assignment } from './match.ts';

export interface PairScores {
  /** Right "same product" pairs / all "same product" pairs decided; 1 when none was decided. */
  precision: number;
  /** Right "same product" pairs / all true same-product pairs; 1 when there are none. */
  recall: number;
  decidedPairs: number;
  truePairs: number;
  correctPairs: number;
  /** The pairs put together that the truth keeps apart, for review. */
  wrongPairs: [string, string][];
}

/**
 * Scores assignments against the truth. Listings the truth does not know are left out.
 *
 * @example
 * productMatchScores(result.assignments, new Map([['tmall:1', 'P1'], ['jd:9', 'P1']]));
 * // { precision: 1, recall: 1, decidedPairs: 1, truePairs: 1, correctPairs: 1, wrongPairs: [] }
 */
export function productMatchScores(
  assignments: readonly Pick<Assignment, 'listingKey' | 'productKey'>[],
  truthProductOf: ReadonlyMap<string, string> | ((listingKey: string) => string | null | undefined),
): PairScores {
  const truthOf = typeof truthProductOf === 'function' ? truthProductOf : (key: string) => truthProductOf.get(key);
  const known = assignments.flatMap((a) => {
    const truth = truthOf(a.listingKey);
    return truth === null || truth === undefined ? [] : [{ ...a, truth }];
  });
  const pairs = (counts: Iterable<number>) => [...counts].reduce((sum, n) => sum + (n * (n - 1)) / 2, 0);
  const count = (key: (a: (typeof known)[number]) => string) => {
    const m = new Map<string, number>();
    for (const a of known) m.set(key(a), (m.get(key(a)) ?? 0) + 1);
    return m.values();
  };
  const decidedPairs = pairs(count((a) => a.productKey));
  const truePairs = pairs(count((a) => a.truth));
  const correctPairs = pairs(count((a) => JSON.stringify([a.productKey, a.truth])));

  const wrongPairs: [string, string][] = [];
  const byProduct = new Map<string, typeof known>();
  for (const a of known) byProduct.set(a.productKey, [...(byProduct.get(a.productKey) ?? []), a]);
  for (const group of byProduct.values()) {
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) if (group[i]!.truth !== group[j]!.truth) wrongPairs.push([group[i]!.listingKey, group[j]!.listingKey]);
    }
  }
  return {
    precision: decidedPairs === 0 ? 1 : correctPairs / decidedPairs,
    recall: truePairs === 0 ? 1 : correctPairs / truePairs,
    decidedPairs,
    truePairs,
    correctPairs,
    wrongPairs,
  };
}
