/**
 * Step 1 of 3 (validate → plan → build): checks a QuerySpec against the catalog and collects
 * every problem at once, each as a message the asker can act on. Also resolves which source
 * answers the question, since most problems depend on it.
 */
import type { MessageKey, MessageParams } from '../messages/index.ts';
import { bindingOf, dimensions, metrics, type DimensionId, type MetricId, type SourceId } from '../semantic/index.ts';
import type { QuerySpec } from './dsl.ts';

export interface Problem {
  key: MessageKey;
  /** Values are catalog ids (metric or dimension) or plain text. */
  params: MessageParams;
}

export interface Resolution {
  source: SourceId;
  /** The spec's metrics after substitution (customers → buyers on the sales source). */
  metrics: MetricId[];
  substitutions: { from: MetricId; to: MetricId }[];
}


/** Which source the question needs: every order line for refunds and cancellations; sales as soon as any part of it lives only there. */
export function resolveSource(spec: QuerySpec): Resolution {
  if (spec.metrics.some((m) => metrics[m].source === 'orders')) return { source: 'orders', metrics: spec.metrics, substitutions: [] };
  const attributeIds = [...spec.dimensions, ...spec.filters.map((f) => f.dimension)].filter((d) => dimensions[d].kind === 'attribute');
  const needsSales =
    spec.metrics.some((m) => metrics[m].source === 'sales') ||
    attributeIds.some((d) => !('customers' in dimensions[d].on)) ||
    (spec.period !== null && spec.metrics.some((m) => 'onSales' in metrics[m]));
  if (!needsSales) return { source: 'customers', metrics: spec.metrics, substitutions: [] };

  const substitutions: Resolution['substitutions'] = [];
  const resolved = spec.metrics.map((m) => {
    const def = metrics[m];
    if (def.source === 'sales' || !('onSales' in def)) return m;
    const to = def.onSales as MetricId;
    substitutions.push({ from: m, to });
    return to;
  });
  return { source: 'sales', metrics: [...new Set(resolved)], substitutions };
}

export function validate(spec: QuerySpec): { problems: Problem[]; resolution: Resolution } {
  const problems: Problem[] = [];
  const resolution = resolveSource(spec);
  const { source } = resolution;

  for (const m of resolution.metrics) {
    if (metrics[m].source !== source) {
      const other = resolution.metrics.find((x) => metrics[x].source === source);
      // No other figure asked for the source: a breakdown or filter did ("new customers by category").
      const by = [...spec.dimensions, ...spec.filters.map((f) => f.dimension)].find((d) => dimensions[d].kind === 'attribute' && !bindingOf(d, metrics[m].source));
      if (!other && by) problems.push({ key: 'problems.not_on_source', params: { metric: m, dimension: by } });
      else problems.push({ key: 'problems.mixed_sources', params: { a: m, b: other ?? m } });
      break;
    }
  }
  const seen = new Set<DimensionId>();
  for (const d of spec.dimensions) {
    if (seen.has(d)) problems.push({ key: 'problems.duplicate_dimension', params: { dimension: d } });
    seen.add(d);
  }
  for (const d of [...spec.dimensions, ...spec.filters.map((f) => f.dimension)]) {
    const def = dimensions[d];
    if (def.kind === 'attribute' && !bindingOf(d, source)) {
      problems.push({ key: 'problems.not_on_source', params: { metric: resolution.metrics[0]!, dimension: d } });
    }
  }
  for (const f of spec.filters) {
    if (dimensions[f.dimension].kind === 'time') problems.push({ key: 'problems.filter_on_time', params: { dimension: f.dimension } });
  }
  if (spec.period && spec.period.start >= spec.period.end) problems.push({ key: 'problems.period_order', params: {} });
  if (spec.intent === 'top' && spec.dimensions.length !== 1) problems.push({ key: 'problems.top_needs_dimension', params: {} });
  if (spec.intent === 'trend' && !spec.dimensions.some((d) => dimensions[d].kind === 'time')) {
    problems.push({ key: 'problems.trend_needs_time', params: {} });
  }
  const perCustomer = resolution.metrics.filter((m) => metrics[m].source === source && 'perCustomer' in metrics[m]);
  if (perCustomer.length > 0 && perCustomer.length < resolution.metrics.length) {
    const other = resolution.metrics.find((m) => !perCustomer.includes(m))!;
    problems.push({ key: 'problems.mixed_sources', params: { a: perCustomer[0]!, b: other } });
  }
  if ((spec.intent === 'list' || spec.intent === 'promote') && (spec.dimensions.length > 0 || spec.compare)) {
    problems.push({ key: 'problems.list_is_not_a_breakdown', params: {} });
  }
  if (spec.compare && !spec.period) problems.push({ key: 'problems.compare_needs_period', params: {} });
  if (spec.sort?.change && !spec.compare) problems.push({ key: 'problems.change_needs_compare', params: {} });
  if (spec.intent === 'compare' && !spec.compare) problems.push({ key: 'problems.compare_needs_period', params: {} });
  if (spec.sort && !spec.metrics.includes(spec.sort.metric) && !resolution.metrics.includes(spec.sort.metric)) {
    problems.push({ key: 'problems.sort_not_asked', params: { metric: spec.sort.metric } });
  }
  return { problems, resolution };
}
