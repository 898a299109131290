/**
 * Turns executed rows into what people read: catalog labels for columns, display values for
 * dimensions (天猫 rather than `tmall`), money in major units, and the reading of the question.
 */
import { t, type Lang, type MessageParams } from '../messages/index.ts';
import type { Period, QuerySpec } from '../query/dsl.ts';
import type { Plan } from '../query/plan.ts';
import { listsPeriodSpend } from '../query/build.ts';
import { ranksByChange } from './compare.ts';
import { dimensions, metrics, type DimensionId, type MetricId } from '../semantic/index.ts';
import { minorToMajor } from '../semantic/money.ts';
import type { Cell, Column, Reading } from './types.ts';

const labelOf = (id: string, lang: Lang): string =>
  id in metrics ? metrics[id as MetricId].label[lang] : id in dimensions ? dimensions[id as DimensionId].label[lang] : id;

/** Replaces catalog ids in message parameters by their labels in the asker's language. */
export function localizeParams(params: MessageParams, lang: Lang): MessageParams {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'string' ? labelOf(v, lang) : v]));
}

/** The fixed columns of the record-shaped intents (see src/query/build.ts). */
function recordColumns(intent: 'list' | 'promote', lang: Lang, currency: string): Column[] {
  const dim = (id: string, label: string): Column => ({ id, label, role: 'dimension', format: 'text' });
  if (intent === 'list') {
    return [
      dim('customer', t(lang, 'list.customer')), dim('city', labelOf('city', lang)), dim('segment', labelOf('segment', lang)),
      { id: 'orders', label: t(lang, 'list.orders'), role: 'metric', format: 'count' },
      { id: 'revenue', label: t(lang, 'list.spend'), role: 'metric', format: 'currency', currency },
      dim('last_order', t(lang, 'list.last_order')),
    ];
  }
  return [
    dim('product', labelOf('product', lang)),
    { id: 'reach', label: t(lang, 'promote.reach'), role: 'metric', format: 'count' },
    { id: 'strength', label: t(lang, 'promote.strength'), role: 'metric', format: 'number' },
  ];
}

export function columnsOf(plan: Plan, lang: Lang, currency: string): Column[] {
  if (plan.intent === 'list' || plan.intent === 'promote') return recordColumns(plan.intent, lang, currency);
  return [
    ...plan.dimensions.map((id): Column => ({ id, label: labelOf(id, lang), role: 'dimension', format: 'text' })),
    ...plan.metrics.map((id): Column => {
      const format = metrics[id].format;
      return { id, label: labelOf(id, lang), role: 'metric', format, ...(format === 'currency' ? { currency } : {}) };
    }),
  ];
}

const displayValue = (id: string, value: string, lang: Lang): string => {
  const def = id in dimensions ? dimensions[id as DimensionId] : undefined;
  return def && 'display' in def && def.display ? def.display(value, lang) : value;
};

export function cellsOf(columns: Column[], rows: Record<string, unknown>[], lang: Lang): Cell[][] {
  return rows.map((row) =>
    columns.map((c): Cell => {
      const value = row[c.id];
      if (value === null || value === undefined) return null;
      if (c.role === 'dimension') return displayValue(c.id, String(value), lang);
      const n = Number(value);
      return c.currency ? minorToMajor(n, c.currency) : n;
    }),
  );
}

/** The period's last day, for people: [2025-01-01, 2026-01-01) reads "2025-01-01 – 2025-12-31". */
const lastDay = (end: string) => new Date(Date.parse(`${end}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

const describePeriod = (p: Period) => `${p.label} (${p.start} – ${lastDay(p.end)})`;

/** Filters as people read them: "City: Shanghai", "品类：护肤", one string each. */
export function filterWords(filters: readonly { dimension: DimensionId; values: readonly string[] }[], lang: Lang): string[] {
  const sep = lang === 'zh' ? '、' : ', ';
  return filters.map((f) => t(lang, 'reading.where', { dim: labelOf(f.dimension, lang), values: f.values.map((v) => displayValue(f.dimension, v, lang)).join(sep) }));
}

export function readingOf(plan: Plan, query: QuerySpec, lang: Lang, currency: string, audience?: number): Reading {
  const { intent } = query;
  const filters = filterWords(plan.filters, lang);
  const period = plan.period ? describePeriod(plan.period) : t(lang, 'reading.all_time');
  if (intent === 'list') return { metrics: [t(lang, 'list.title')], definitions: [t(lang, listsPeriodSpend(plan) ? 'list.definition_period' : 'list.definition')], dimensions: [], filters, period };
  if (intent === 'promote') {
    return { metrics: [t(lang, 'promote.title')], definitions: [t(lang, 'promote.definition', { audience: audience ?? 0 })], dimensions: [], filters, period };
  }
  const byChange = ranksByChange(query);
  const ranked = (intent === 'top' || byChange) && plan.limit !== null;
  const rankingKey = byChange ? (query.sort!.direction === 'asc' ? 'reading.top_change_asc' : 'reading.top_change_desc') : 'reading.top';
  return {
    ...(query.compare ? { versus: t(lang, 'reading.versus', { period: describePeriod(query.compare.period) }) } : {}),
    metrics: plan.metrics.map((m) => labelOf(m, lang)),
    definitions: plan.metrics.map((m) => {
      const definition = t(lang, 'reading.definition', { label: labelOf(m, lang), description: metrics[m].description[lang] });
      return metrics[m].format === 'currency' ? `${definition} ${t(lang, 'reading.in_currency', { currency })}` : definition;
    }),
    dimensions: ranked ? [] : plan.dimensions.map((d) => labelOf(d, lang)),
    ...(ranked ? { ranking: t(lang, rankingKey, { n: plan.limit!, dim: labelOf(plan.dimensions[0]!, lang) }) } : {}),
    filters,
    period,
  };
}
