/**
 * Follow-ups in a thread ("and in Beijing?", "only Tmall", "按月拆分", "same for last year",
 * "top 5", "what about orders?", "和去年同期比") edit the thread's last query instead of being read
 * as new questions: values replace the filter on their dimension, a breakdown replaces the
 * breakdown, a period the period, a metric the metric, "compare with" adds the comparison. A
 * message that names a metric without asking about the last answer ("revenue this year") is a
 * new question.
 */
import { dimensions, metrics, type DimensionId, type MetricId } from '../semantic/index.ts';
import { QuerySpec, type Filter, type Period } from '../query/dsl.ts';
import { addMonths, fromIso, iso, type CalendarDate } from './calendar.ts';
import { scan, type LexiconEntry } from './lexicon.ts';
import { NUMBER, parseNumber } from './numbers.ts';
import { findPeriod } from './periods.ts';
import { normalizeQuestion } from './rules.ts';
import { COUNT_WORDS } from './rules/cues.ts';
import { blank, PERIOD_OVER_PERIOD, shiftedPeriod, YEAR_OVER_YEAR } from './rules/compare.ts';
import { leftover } from './rules/words.ts';

export interface FollowUpContext {
  today: CalendarDate;
  lexicon: readonly LexiconEntry[];
}

const SAME_AS_BEFORE = /\bsame\b|\bagain\b|同期|一样|同样|也/;
/** Words that only say "the same question, changed": what a follow-up may have besides its edits. */
const FOLLOW_UP_WORDS = /\b(?:instead|ones?|same|again|only|just|also|too|then|switch|change|make|it|things?|stuff|question)\b|那么|那|换成|换|改成|改为|只看|只要|只|同期|一样|同样|再|还|也/gu;
/** Figures that are counts (customers, orders, units), which "how many" may go on asking about. */
const isCount = (m: MetricId) => metrics[m].format === 'count' || metrics[m].format === 'number';
/** "what about orders?", "and aov", "same for orders", "那订单数呢", "按销售额", "by revenue instead": a metric asked of the last answer. */
const ASKS_OF_LAST = /^\s*(?:what about|how about|and|now|by|same (?:thing )?for|same with)\b|\binstead\b|呢\s*[?？]?\s*$|^\s*(?:那么|那|按|换成|改成|改为)/;
/** "和去年同期比", "compare with last year", "vs 2025": the period named is the one to compare against. */
const COMPARE_WITH = /\bcompared?\b|\bvs\.?\s|\bversus\b|\bagainst\b|对比|比较|相比|比/;
/** "same month last year": the last answer's unit said again, not a breakdown by month. */
const SAME_UNIT = /\bsame (?:month|week|day|quarter|period|time)\b/g;
const RANKING = new RegExp(`\\btop\\s*(${NUMBER})|前\\s*(${NUMBER})`);

const shiftYear = (date: string, years: number) => iso(addMonths(fromIso(date), 12 * years));

/** The comparison "compare with …" asks for: the period named, or the last one a year back when it said "same period". */
function comparisonWith(period: Period, named: Period, text: string): NonNullable<QuerySpec['compare']> {
  if (period === named) return { kind: 'custom', period };
  return { kind: 'previous_year', period: { ...period, label: /\p{Script=Han}/u.test(text) ? '去年同期' : 'same period last year' } };
}

/** "同比", "环比呢", "yoy": the relative comparison a message asks for, and where it was said. */
function relativeComparison(text: string): { kind: 'previous_year' | 'previous_period'; word: string; index: number; length: number } | undefined {
  for (const [re, kind] of [[YEAR_OVER_YEAR, 'previous_year'], [PERIOD_OVER_PERIOD, 'previous_period']] as const) {
    const m = re.exec(text);
    if (m) return { kind, word: m[0].trim(), index: m.index, length: m[0].length };
  }
  return undefined;
}

/** The previous query edited by the follow-up, or undefined when the message is not one. */
export function applyFollowUp(question: string, previous: QuerySpec, ctx: FollowUpContext): QuerySpec | undefined {
  const text = normalizeQuestion(question);
  const relative = relativeComparison(text);
  const unread = (relative ? blank(text, relative.index, relative.length) : text).replace(SAME_UNIT, (w) => ' '.repeat(w.length));
  const found = findPeriod(unread, ctx.today);
  const rest = found ? blank(unread, found.index, found.length) : unread;
  const matches = scan(rest, ctx.lexicon);
  const newMetrics = [...new Set(matches.flatMap((m) => (m.target.kind === 'metric' ? [m.target.id] : [])))];
  if (newMetrics.length > 0 && !ASKS_OF_LAST.test(text)) return undefined;

  const values = new Map<DimensionId, string[]>();
  const newDims: DimensionId[] = [];
  for (const { target } of matches) {
    if (target.kind === 'value') values.set(target.dimension, [...(values.get(target.dimension) ?? []), target.value]);
    if (target.kind === 'dimension' && !newDims.includes(target.id)) newDims.push(target.id);
  }
  const ranking = RANKING.exec(rest);
  const limit = ranking ? parseNumber(ranking[1] ?? ranking[2] ?? '') : undefined;
  const edits = found || relative || values.size > 0 || newDims.length > 0 || limit !== undefined || newMetrics.length > 0;
  const audience = previous.intent === 'list' || previous.intent === 'promote';
  // "how many are there?", "有多少" after a customer list: how many customers it holds.
  const countsList = !edits && audience && COUNT_WORDS.test(text);
  if (!edits && !countsList) return undefined;
  // "and not in Beijing?", "what about gift cards in Beijing", "北京的礼品卡呢": words an edit cannot
  // carry. Then it is no edit: read as a question of its own, which asks back rather than drop them.
  let words = rest.replace(FOLLOW_UP_WORDS, (w) => ' '.repeat(w.length)).replace(COMPARE_WITH, (w) => ' '.repeat(w.length));
  for (const m of matches) words = blank(words, m.index, m.length);
  if (ranking) words = blank(words, ranking.index, ranking[0].length);
  const left = leftover(words);
  if (left.latin.length > 0 || left.han.length > 0 || left.numbers.length > 0 || left.negations.length > 0 || left.contact) return undefined;

  // "how many in Beijing?" edits a count; after revenue it asks for a figure the query does not have.
  if (COUNT_WORDS.test(text) && !previous.metrics.some(isCount)) return undefined;

  const filters: Filter[] = [...previous.filters.filter((f) => !values.has(f.dimension)), ...[...values].map(([dimension, v]) => ({ dimension, values: v }))];

  let dims = previous.dimensions;
  if (newDims.length > 0) {
    const isTime = (d: DimensionId) => dimensions[d].kind === 'time';
    const attribute = newDims.find((d) => !isTime(d)) ?? previous.dimensions.find((d) => !isTime(d));
    const time = newDims.find(isTime) ?? (newDims.some((d) => !isTime(d)) ? undefined : previous.dimensions.find(isTime));
    dims = [attribute, time].filter((d): d is DimensionId => d !== undefined);
  }

  let period = found?.period ?? previous.period;
  // "same for last year" means the previous period a year back, not the calendar year.
  if (found && previous.period && SAME_AS_BEFORE.test(text) && /last year|去年/.test(found.period.label)) {
    period = { start: shiftYear(previous.period.start, -1), end: shiftYear(previous.period.end, -1), label: found.period.label };
  }
  // "同比", "环比呢": the period (the last one, or one just named) against the one before it.
  // "compare with September": the last answer's period stays, and is compared with the one named.
  let comparedWith: QuerySpec['compare'] | undefined;
  if (relative && period && !audience) comparedWith = { kind: relative.kind, period: { ...shiftedPeriod(period, relative.kind), label: relative.word } };
  else if (found && period && previous.period && !audience && COMPARE_WITH.test(text)) {
    comparedWith = comparisonWith(period, found.period, text);
    period = previous.period;
  }

  if (countsList) return QuerySpec.parse({ ...previous, intent: 'metric', metrics: ['customers'], dimensions: [], sort: null, limit: null, compare: null });
  // A customer list or promotion keeps its shape: other filters, another period, "top 5". A
  // count naming what to count ("how many champions do we have") is a question of its own.
  if (audience) {
    if (newDims.length > 0 || newMetrics.length > 0 || relative || COUNT_WORDS.test(text)) return undefined;
    return QuerySpec.parse({ ...previous, filters, period, limit: limit ?? previous.limit });
  }

  const metricsNow = newMetrics.length > 0 ? newMetrics.slice(0, 4) : previous.metrics;
  const hasTime = dims.some((d) => dimensions[d].kind === 'time');
  const ranked = limit !== undefined || ((previous.intent === 'top' || previous.sort !== null) && newDims.length === 0);
  // A comparison belongs to the period it was asked with.
  const compare = comparedWith ?? (found ? null : previous.compare);
  const intent = compare ? 'compare' : hasTime ? 'trend' : ranked && dims.length === 1 ? 'top' : dims.length > 0 ? 'breakdown' : 'metric';
  // "top 5" after a comparison by category keeps the comparison and ranks it; "按销售额" re-ranks by revenue.
  const keepsRanking = ranked && dims.length === 1 && (intent === 'top' || intent === 'compare');
  const sortBy = newMetrics[0] ?? previous.sort?.metric ?? metricsNow[0]!;
  // Ranked by change only while there is still something to change against.
  const { change, ...kept } = previous.sort ?? { direction: 'desc' as const };
  return QuerySpec.parse({
    ...previous,
    intent,
    metrics: metricsNow,
    dimensions: dims,
    filters,
    period,
    limit: keepsRanking ? (limit ?? previous.limit ?? 10) : null,
    sort: keepsRanking ? { ...kept, metric: sortBy, ...(change && compare ? { change } : {}) } : null,
    compare,
  });
}
