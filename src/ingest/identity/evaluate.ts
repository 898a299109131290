/**
 * Pairwise quality of a clustering against known truth, the measure the record-linkage
 * literature reports: every two records in one predicted cluster are a predicted pair, every two
 * records of one true entity a true pair. For benchmarks and tests; resolution never reads it.
 */

export interface PairwiseScores {
  precision: number;
  recall: number;
  f1: number;
  truePairs: number;
  predictedPairs: number;
  correctPairs: number;
}

const pairsIn = (size: number) => (size * (size - 1)) / 2;

/**
 * Scores clusters that partition all the records (singletons included, as resolveIdentities
 * returns them); true pairs are counted over the ids present. Precision and recall are 1 when
 * there is nothing to find or nothing was claimed.
 *
 * @example
 * pairwiseScores([['a1', 'a2', 'b1'], ['b2']], (id) => id[0]!);
 * // { precision: 1/3, recall: 1/2, f1: 0.4, truePairs: 2, predictedPairs: 3, correctPairs: 1 }
 */
export function pairwiseScores(predictedClusters: readonly (readonly string[])[], truthEntityOf: (id: string) => string): PairwiseScores {
  const entitySizes = new Map<string, number>();
  let predictedPairs = 0;
  let correctPairs = 0;
  for (const cluster of predictedClusters) {
    predictedPairs += pairsIn(cluster.length);
    const inCluster = new Map<string, number>();
    for (const id of cluster) {
      const entity = truthEntityOf(id);
      inCluster.set(entity, (inCluster.get(entity) ?? 0) + 1);
      entitySizes.set(entity, (entitySizes.get(entity) ?? 0) + 1);
    }
    for (const size of inCluster.values()) correctPairs += pairsIn(size);
  }
  let truePairs = 0;
  for (const size of entitySizes.values()) truePairs += pairsIn(size);

  const precision = predictedPairs === 0 ? 1 : correctPairs / predictedPairs;
  const recall = truePairs === 0 ? 1 : correctPairs / truePairs;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, truePairs, predictedPairs, correctPairs };
}
