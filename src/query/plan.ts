/**
 * Step 2 of 3: a symbolic plan — catalog references and values, no SQL yet. This is what
 * "show query" explains and what the builder materializes.
 */
import { dimensions, metrics, type DimensionId, type MetricId, type SourceId } from '../semantic/index.ts';
import type { Period, QuerySpec } from './dsl.ts';
import type { Resolution } from './validate.ts';

export interface Plan {
  intent: QuerySpec['intent'];
  source: SourceId;
  metrics: MetricId[];
  /** Attribute dimensions first, then at most one time dimension, in the asked order. */
  dimensions: DimensionId[];
  filters: { dimension: DimensionId; values: string[] }[];
  period: Period | null;
  order: { by: MetricId | DimensionId; direction: 'asc' | 'desc' }[];
  limit: number | null;
  substitutions: Resolution['substitutions'];
}

/** Builds the plan of a validated spec. Trends read oldest first; rankings read largest first, over time too. */
export function plan(spec: QuerySpec, resolution: Resolution): Plan {
  const swap = (m: MetricId) => resolution.substitutions.find((s) => s.from === m)?.to ?? m;
  const timeDims = spec.dimensions.filter((d) => dimensions[d].kind === 'time');
  const order: Plan['order'] = [];
  // A ranking orders by its figure even over time ("which month had the highest revenue", "top
  // 5 days"): oldest first would cut the limit from the start of the period instead.
  const ranksTime = spec.intent === 'top' && spec.sort !== null && timeDims.length > 0;
  if (ranksTime) order.push({ by: swap(spec.sort!.metric), direction: spec.sort!.direction });
  for (const d of timeDims) order.push({ by: d, direction: 'asc' });
  if (spec.sort && !ranksTime) order.push({ by: swap(spec.sort.metric), direction: spec.sort.direction });
  else if (!spec.sort && spec.dimensions.length > timeDims.length) order.push({ by: resolution.metrics[0]!, direction: 'desc' });
  // Ties broken by the dimension values, so the same question always lists rows in the same order.
  for (const d of spec.dimensions) if (!order.some((o) => o.by === d)) order.push({ by: d, direction: 'asc' });

  return {
    intent: spec.intent,
    source: resolution.source,
    metrics: resolution.metrics,
    dimensions: spec.dimensions,
    filters: spec.filters.map((f) => ({ dimension: f.dimension, values: f.values })),
    period: spec.period,
    order,
    limit: spec.limit,
    substitutions: resolution.substitutions,
  };
}

export const isMetric = (id: string): id is MetricId => id in metrics;
