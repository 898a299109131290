/**
 * Scores, 0–100: a dimension scores the share of its evaluated checks that pass (skipped checks
 * do not count either way); the store scores the mean of the dimensions that have any. Plain
 * shares on purpose: a manager can recompute them from the list of checks in the report.
 */
import { dimensions, type Dimension } from './checks.ts';
import type { CheckResult } from './runner.ts';

export interface Scores {
  overall: number;
  dimensions: Partial<Record<Dimension, number>>;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

export function scoreResults(results: readonly Pick<CheckResult, 'status' | 'check'>[]): Scores {
  const out: Partial<Record<Dimension, number>> = {};
  for (const dimension of dimensions) {
    const judged = results.filter((r) => r.check.dimension === dimension && r.status !== 'skipped');
    if (judged.length > 0) out[dimension] = round1((100 * judged.filter((r) => r.status === 'pass').length) / judged.length);
  }
  const values = Object.values(out);
  return { overall: values.length === 0 ? 100 : round1(values.reduce((a, b) => a + b, 0) / values.length), dimensions: out };
}
