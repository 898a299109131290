/**
 * The query DSL: the only thing a parser (rules or model) may produce. It names catalog metrics
 * and dimensions by id and carries values as data; it never carries SQL.
 */
import { z } from 'zod';
import { dimensionIds, metricIds } from '../semantic/index.ts';

export const MetricId = z.enum(metricIds);
export const DimensionId = z.enum(dimensionIds);

/**
 * `list`: the customers matching the filters, one row each (pseudonymous id, no contact fields);
 * `promote`: the products to offer the customers matching the filters, with expected reach.
 * Both read the customer set the filters and period define, so follow-ups edit them like any query.
 */
export const Intent = z.enum(['metric', 'breakdown', 'top', 'trend', 'compare', 'list', 'promote']);
export type Intent = z.infer<typeof Intent>;

const IsoDate = z.iso.date();

/** A half-open period [start, end) of calendar dates in the store's time zone. */
export const Period = z.object({
  start: IsoDate,
  end: IsoDate,
  /** The words the asker used ("last 30 days", "上个月"), shown back in the reading line. */
  label: z.string().max(80),
});
export type Period = z.infer<typeof Period>;

export const Filter = z.object({
  dimension: DimensionId,
  values: z.array(z.string().min(1).max(200)).min(1).max(50),
});
export type Filter = z.infer<typeof Filter>;

/**
 * `change`: rank by the relative change against the comparison period ("which city grew the
 * most"), not by the value; only with `compare`.
 */
export const Sort = z.object({ metric: MetricId, direction: z.enum(['asc', 'desc']), change: z.boolean().optional() });
export type Sort = z.infer<typeof Sort>;

/** The period a `compare` question is measured against: the one before, the year before, or one named. */
export const Comparison = z.object({
  kind: z.enum(['previous_period', 'previous_year', 'custom']),
  period: Period,
});
export type Comparison = z.infer<typeof Comparison>;

export const QuerySpec = z.object({
  intent: Intent,
  metrics: z.array(MetricId).min(1).max(4),
  dimensions: z.array(DimensionId).max(2),
  filters: z.array(Filter).max(10),
  period: Period.nullable(),
  sort: Sort.nullable(),
  limit: z.number().int().min(1).max(1000).nullable(),
  compare: Comparison.nullable(),
});
export type QuerySpec = z.infer<typeof QuerySpec>;
