/**
 * The semantic catalog: the only vocabulary of questions. Parser, DSL, compiler, help text and
 * tests all read it from here.
 */
import { checkCatalog } from './check.ts';
import { dimensions, type DimensionId } from './dimensions.ts';
import { metrics, type MetricId } from './metrics.ts';
import type { BindingSource, DimensionBinding, DimensionDef, MetricDef, SourceId } from './types.ts';

export { dimensions, dimensionIds, timeGrainFormat, type DimensionId } from './dimensions.ts';
export { metrics, metricIds, type MetricId } from './metrics.ts';
export { sources, type SourceDef } from './sources.ts';
export type * from './types.ts';

/** Throws with every problem listed when the catalog is inconsistent. */
export function assertCatalog(): void {
  const problems = checkCatalog(metrics, dimensions);
  if (problems.length > 0) throw new Error(`The semantic catalog is inconsistent:\n- ${problems.join('\n- ')}`);
}

/** A dimension's definition, widened to the general shape (the record literal keeps narrow types). */
export const dimensionDef = (id: DimensionId): DimensionDef => dimensions[id];
/** A metric's definition, widened to the general shape. */
export const metricDef = (id: MetricId): MetricDef => metrics[id];
/** Where a source's dimensions are defined: every order line reads them as paid order lines do. */
export const bindsAs = (source: SourceId): BindingSource => (source === 'orders' ? 'sales' : source);
/** How a dimension reads on a source, if it does. */
export const bindingOf = (id: DimensionId, source: SourceId): DimensionBinding | undefined => dimensionDef(id).on[bindsAs(source)];
