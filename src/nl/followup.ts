/**
 * Follow-ups in a thread ("and in Beijing?", "only Tmall", "按月拆分", "same for last year",
 * "top 5") edit the thread's last query instead of being read as new questions: values replace
 * the filter on their dimension, a breakdown replaces the breakdown, a period the period. A
 * message that names a metric is a new question, not a follow-up.
 */
import { dimensions, metrics, type DimensionId, type MetricId } from '../semantic/index.ts';
import { QuerySpec, type Filter } from '../query/dsl.ts';
import { addMonths, iso, type CalendarDate } from './calendar.ts';
import { scan, type LexiconEntry } from './lexicon.ts';
import { NUMBER, parseNumber } from './numbers.ts';
import { findPeriod } from './periods.ts';
import { normalizeQuestion } from './rules.ts';
import { COUNT_WORDS } from './rules/cues.ts';
import { blank } from './rules/compare.ts';
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
const RANKING = new RegExp(`\\btop\\s*(${NUMBER})|前\\s*(${NUMBER})`);

const shiftYear = (date: string, years: number) => iso(addMonths(new Date(`${date}T00:00:00Z`), 12 * years));

/** The previous query edited by the follow-up, or undefined when the message is not one. */
export function applyFollowUp(question: string, previous: QuerySpec, ctx: FollowUpContext): QuerySpec | undefined {
  const text = normalizeQuestion(question);
  const found = findPeriod(text, ctx.today);
  const rest = found ? blank(text, found.index, found.length) : text;
  const matches = scan(rest, ctx.lexicon);
  if (matches.some((m) => m.target.kind === 'metric')) return undefined;

  const values = new Map<DimensionId, string[]>();
  const newDims: DimensionId[] = [];
  for (const { target } of matches) {
    if (target.kind === 'value') values.set(target.dimension, [...(values.get(target.dimension) ?? []), target.value]);
    if (target.kind === 'dimension' && !newDims.includes(target.id)) newDims.push(target.id);
  }
  const ranking = RANKING.exec(rest);
  const limit = ranking ? parseNumber(ranking[1] ?? ranking[2] ?? '') : undefined;
  if (!found && values.size === 0 && newDims.length === 0 && limit === undefined) return undefined;
  // "and not in Beijing?", "what about refunds in Beijing", "北京的退款呢": words an edit cannot
  // carry. Then it is no edit: read as a question of its own, which asks back rather than drop them.
  let unread = rest.replace(FOLLOW_UP_WORDS, (w) => ' '.repeat(w.length));
  for (const m of matches) unread = blank(unread, m.index, m.length);
  if (ranking) unread = blank(unread, ranking.index, ranking[0].length);
  const left = leftover(unread);
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

  // A customer list or promotion keeps its shape: other filters, another period, "top 5". A
  // count ("how many champions do we have") is a question of its own: a list counts nothing.
  if (previous.intent === 'list' || previous.intent === 'promote') {
    if (newDims.length > 0 || COUNT_WORDS.test(text)) return undefined;
    return QuerySpec.parse({ ...previous, filters, period, limit: limit ?? previous.limit });
  }

  const hasTime = dims.some((d) => dimensions[d].kind === 'time');
  const ranked = limit !== undefined || (previous.intent === 'top' && newDims.length === 0);
  const compare = found ? null : previous.compare;
  const intent = compare ? 'compare' : hasTime ? 'trend' : ranked && dims.length === 1 ? 'top' : dims.length > 0 ? 'breakdown' : 'metric';
  return QuerySpec.parse({
    ...previous,
    intent,
    dimensions: dims,
    filters,
    period,
    limit: intent === 'top' ? (limit ?? previous.limit ?? 10) : null,
    sort: intent === 'top' ? (previous.sort ?? { metric: previous.metrics[0]!, direction: 'desc' }) : null,
    // A comparison belongs to the period it was asked with.
    compare,
  });
}
