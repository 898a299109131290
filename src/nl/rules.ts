/**
 * The rules parser: English and Chinese questions → QuerySpec, without a model. It reads the
 * question in passes — period, ranking ("top 10", "前5"), then catalog phrases — and each pass
 * sets its words aside so no word counts twice.
 */
import { dimensions, type DimensionId, type MetricId } from '../semantic/index.ts';
import type { Comparison, Filter, Intent, Period, QuerySpec } from '../query/dsl.ts';
import { addDays, addMonths, iso, type CalendarDate } from './calendar.ts';
import { scan, type LexiconEntry } from './lexicon.ts';
import { NUMBER, parseNumber } from './numbers.ts';
import { findPeriod } from './periods.ts';

export interface RulesContext {
  today: CalendarDate;
  lexicon: readonly LexiconEntry[];
}

export type RulesResult = { kind: 'query'; query: QuerySpec; confidence: number } | { kind: 'help' } | { kind: 'unknown' };

const HELP = /^\s*(?:help|\?|what can (?:i|you) (?:ask|do)|帮助|怎么用|能问什么|你能做什么)\s*[?？]?\s*$/;

/** Lower-case, NFKC (full-width → half-width), one space between words. */
export function normalizeQuestion(question: string): string {
  return question.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Replaces a span with spaces, keeping every other index where it was. */
const blank = (text: string, index: number, length: number) => text.slice(0, index) + ' '.repeat(length) + text.slice(index + length);

interface Ranking {
  limit: number;
  direction: 'asc' | 'desc';
  /** "best-selling" ranks by units unless the question names another metric. */
  metric?: MetricId;
}

const rankingRules: { re: RegExp; direction: 'asc' | 'desc'; metric?: MetricId }[] = [
  { re: new RegExp(`\\b(?:top\\s*)?(${NUMBER})?\\s*(?:best[- ]?selling|most sold|most popular)\\b`), direction: 'desc', metric: 'units' },
  { re: new RegExp(`(?:最畅销|卖得最好|销量最高|最受欢迎)(?:的)?\\s*(${NUMBER})?\\s*(?:名|个|位|款)?`), direction: 'desc', metric: 'units' },
  { re: new RegExp(`\\b(?:top|best|highest|largest|biggest)\\s*(${NUMBER})?(?![\\p{L}])`, 'u'), direction: 'desc' },
  { re: new RegExp(`\\b(${NUMBER})\\s+(?:best|top|biggest|largest)\\b`), direction: 'desc' },
  { re: new RegExp(`\\b(?:bottom|worst|lowest|smallest)\\s*(${NUMBER})?(?![\\p{L}])`, 'u'), direction: 'asc' },
  { re: new RegExp(`倒数\\s*(?:第)?\\s*(${NUMBER})?\\s*(?:名|个|位|款)?`), direction: 'asc' },
  { re: new RegExp(`(?:排名|排行)?前\\s*(${NUMBER})\\s*(?:名|个|位|款|大)?`), direction: 'desc' },
  { re: new RegExp(`(?:最高|最多|最好|排名|排行榜?)(?:的)?\\s*(${NUMBER})?\\s*(?:名|个|位|款)?`), direction: 'desc' },
];

function findRanking(text: string): { ranking: Ranking; index: number; length: number } | undefined {
  for (const rule of rankingRules) {
    const m = rule.re.exec(text);
    if (!m) continue;
    const limit = m[1] === undefined ? 10 : parseNumber(m[1]);
    if (limit === undefined || limit < 1) continue;
    return { ranking: { limit, direction: rule.direction, metric: rule.metric }, index: m.index, length: m[0].length };
  }
  return undefined;
}

const YEAR_OVER_YEAR = /\b(?:yoy|year[- ]over[- ]year|year[- ]on[- ]year|vs\.? (?:the )?same (?:period|time) last year)\b|同比|去年同期/;
const PERIOD_OVER_PERIOD = /\b(?:mom|wow|qoq|month[- ]over[- ]month|week[- ]over[- ]week|quarter[- ]over[- ]quarter|(?:vs\.?|versus|compared (?:to|with)) (?:the )?(?:previous|prior) (?:period|month|week|quarter|year))\b|环比|与上期相比|比上期/;
const VERSUS = /\b(?:vs\.?|versus|compared (?:to|with)|against)\s|对比|相比|比较|和|与/;

/** Shifts a period back by its own length (MoM) or by a year (YoY). */
function shiftedPeriod(p: Period, kind: 'previous_period' | 'previous_year'): Period {
  const start = new Date(`${p.start}T00:00:00Z`);
  const end = new Date(`${p.end}T00:00:00Z`);
  if (kind === 'previous_year') {
    return { start: iso(addMonths(start, -12)), end: iso(addMonths(end, -12)), label: p.label };
  }
  // Whole calendar months shift by months, so "this quarter" compares with the quarter before.
  const months = (end.getUTCFullYear() - start.getUTCFullYear()) * 12 + end.getUTCMonth() - start.getUTCMonth();
  if (start.getUTCDate() === 1 && end.getUTCDate() === 1 && months > 0) return { start: iso(addMonths(start, -months)), end: p.start, label: p.label };
  const days = Math.round((end.getTime() - start.getTime()) / 86_400_000);
  return { start: iso(addDays(start, -days)), end: p.start, label: p.label };
}

/** "… vs last month", "同比", "2025 vs 2024": the comparison, and the text with its words set aside. */
function findComparison(text: string, current: Period, today: CalendarDate): { compare: Comparison; text: string } | undefined {
  for (const [re, kind] of [[YEAR_OVER_YEAR, 'previous_year'], [PERIOD_OVER_PERIOD, 'previous_period']] as const) {
    const m = re.exec(text);
    if (m) return { compare: { kind, period: { ...shiftedPeriod(current, kind), label: m[0].trim() } }, text: blank(text, m.index, m[0].length) };
  }
  const versus = VERSUS.exec(text);
  if (!versus) return undefined;
  const other = findPeriod(text.slice(versus.index), today);
  if (!other) return undefined;
  const at = versus.index + other.index;
  return { compare: { kind: 'custom', period: other.period }, text: blank(blank(text, at, other.length), versus.index, versus[0].length) };
}

/** What a ranking ranks when the question does not say: products. */
const DEFAULT_RANKED: DimensionId = 'product';
/** What a ranking ranks by when the question does not say: revenue. */
const DEFAULT_RANK_METRIC: MetricId = 'revenue';

export function parseRules(question: string, ctx: RulesContext): RulesResult {
  let text = normalizeQuestion(question);
  if (text === '' || HELP.test(text)) return { kind: 'help' };

  const period = findPeriod(text, ctx.today);
  if (period) text = blank(text, period.index, period.length);
  const comparison = period ? findComparison(text, period.period, ctx.today) : undefined;
  if (comparison) text = comparison.text;
  const ranked = findRanking(text);
  if (ranked) text = blank(text, ranked.index, ranked.length);

  const metricIds: MetricId[] = [];
  const attributeDims: DimensionId[] = [];
  const timeDims: DimensionId[] = [];
  const filters: Filter[] = [];
  for (const { target } of scan(text, ctx.lexicon)) {
    if (target.kind === 'metric' && !metricIds.includes(target.id)) metricIds.push(target.id);
    if (target.kind === 'dimension') {
      const list = dimensions[target.id].kind === 'time' ? timeDims : attributeDims;
      if (!list.includes(target.id)) list.push(target.id);
    }
    if (target.kind === 'value') {
      const existing = filters.find((f) => f.dimension === target.dimension);
      if (!existing) filters.push({ dimension: target.dimension, values: [target.value] });
      else if (!existing.values.includes(target.value)) existing.values.push(target.value);
    }
  }

  if (metricIds.length === 0 && !ranked) return { kind: 'unknown' };
  const metrics: MetricId[] = metricIds.length > 0 ? metricIds.slice(0, 4) : [ranked?.ranking.metric ?? DEFAULT_RANK_METRIC];

  let intent: Intent;
  let dims: DimensionId[];
  if (comparison) {
    intent = 'compare';
    dims = [...attributeDims.slice(0, 1)];
  } else if (ranked) {
    intent = 'top';
    dims = [attributeDims[0] ?? DEFAULT_RANKED];
  } else {
    dims = [...attributeDims.slice(0, timeDims.length > 0 ? 1 : 2), ...timeDims.slice(0, 1)];
    intent = timeDims.length > 0 ? 'trend' : dims.length > 0 ? 'breakdown' : 'metric';
  }

  const query: QuerySpec = {
    intent,
    metrics,
    dimensions: dims,
    filters,
    period: period?.period ?? null,
    sort: ranked ? { metric: metrics[0]!, direction: ranked.ranking.direction } : null,
    limit: ranked ? ranked.ranking.limit : null,
    compare: comparison?.compare ?? null,
  };
  // Sure when the question named its metric; less so when a ranking had to assume revenue.
  return { kind: 'query', query, confidence: metricIds.length > 0 || ranked?.ranking.metric ? 0.9 : 0.6 };
}
