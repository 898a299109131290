/**
 * The semantic catalog: the only vocabulary of questions. Parser, DSL, compiler, help text and
 * tests all read it from here.
 */
import { checkCatalog } from './check.ts';
import { dimensions } from './dimensions.ts';
import { metrics } from './metrics.ts';

export { dimensions, dimensionIds, timeGrainFormat, type DimensionId } from './dimensions.ts';
export { metrics, metricIds, type MetricId } from './metrics.ts';
export { sources, type SourceDef } from './sources.ts';
export type * from './types.ts';

/** Throws with every problem listed when the catalog is inconsistent. */
export function assertCatalog(): void {
  const problems = checkCatalog(metrics, dimensions);
  if (problems.length > 0) throw new Error(`The semantic catalog is inconsistent:\n- ${problems.join('\n- ')}`);
}
