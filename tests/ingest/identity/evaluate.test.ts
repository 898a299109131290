import { describe, expect, it } from 'vitest';
import { pairwiseScores } from '../../../src/ingest/identity/evaluate.ts';

const entityOf = (id: string) => id[0]!;

describe('pairwiseScores', () => {
  it('counts pairs within predicted clusters against pairs within true entities', () => {
    // Predicted pairs: a1-a2, a1-b1, a2-b1 (one correct). True pairs: a1-a2, b1-b2.
    expect(pairwiseScores([['a1', 'a2', 'b1'], ['b2']], entityOf)).toEqual({ precision: 1 / 3, recall: 1 / 2, f1: 0.4, truePairs: 2, predictedPairs: 3, correctPairs: 1 });
  });

  it('scores a perfect clustering 1 everywhere', () => {
    expect(pairwiseScores([['a1', 'a2', 'a3'], ['b1']], entityOf)).toEqual({ precision: 1, recall: 1, f1: 1, truePairs: 3, predictedPairs: 3, correctPairs: 3 });
  });

  it('calls precision and recall 1 when nothing was claimed and nothing was there', () => {
    expect(pairwiseScores([['a1'], ['b1']], entityOf)).toEqual({ precision: 1, recall: 1, f1: 1, truePairs: 0, predictedPairs: 0, correctPairs: 0 });
  });
});
