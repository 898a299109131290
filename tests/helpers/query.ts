import type { QuerySpec } from '../../src/query/dsl.ts';

/** A QuerySpec with the parts a test does not care about left empty. */
export const q = (partial: Partial<QuerySpec> & Pick<QuerySpec, 'intent' | 'metrics'>): QuerySpec => ({
  dimensions: [],
  filters: [],
  period: null,
  sort: null,
  limit: null,
  compare: null,
  ...partial,
});
