/**
 * The rules parser: English and Chinese questions → QuerySpec, without a model. It reads the
 * question in passes — period, comparison, ranking ("top 10", "前5"), then catalog phrases —
 * and each pass sets its words aside so no word counts twice. What is left must be filler; a
 * word it cannot place is matched against the lexicon's names (typos, plurals, "杭洲" for
 * "杭州"), and when that is not enough it asks back with complete alternative queries.
 *
 * It must never answer a question it did not read: a vague question, two plausible readings or
 * a name it does not know become a clarification; a question outside the business is "unknown".
 */
import { detectLang, t, type Lang } from '../messages/index.ts';
import type { Comparison, Filter, Intent, Period, QuerySpec } from '../query/dsl.ts';
import { dimensionDef, dimensions, metricIds, type DimensionId, type MetricId } from '../semantic/index.ts';
import { daysBetween, fromIso, iso, type CalendarDate } from './calendar.ts';
import { scan, type LexiconEntry, type LexiconTarget } from './lexicon.ts';
import { parseNumber } from './numbers.ts';
import { calendarUnit, findPeriod, type Unit } from './periods.ts';
import { toOptions, type Clarification, type ClarifyReason } from './rules/clarify.ts';
import { blank, DECLINE, findComparison, GROWTH, PACE, PERIOD_OVER_PERIOD, shiftedPeriod, YEAR_OVER_YEAR } from './rules/compare.ts';
import { editDistance, hanCandidates, latinCandidates, type Candidate } from './rules/fuzzy.ts';
import { DEFAULT_LIMIT, findRankedCount, findRanking, type Ranking } from './rules/ranking.ts';
import { COUNT_WORDS, CUSTOMER_WORD, FORECAST, PER_HEAD, PLACES, SIGNUP, WHERE } from './rules/cues.ts';
import { hintAround, leftover, type Hint } from './rules/words.ts';

export type { Clarification, ClarifyOption, ClarifyReason } from './rules/clarify.ts';

export interface RulesContext {
  today: CalendarDate;
  lexicon: readonly LexiconEntry[];
  /** The asker's language, for clarification messages; detected from the question when absent. */
  lang?: Lang;
}

/**
 * - query: `confidence` 0.9 when every word was read; 0.75 when a typo or a partial name was
 *   taken ("Shanghia", "耳机"); 0.6 when a ranking assumed its metric ("top 5 cities").
 * - clarify: ask back; each option is a complete query the asker can run.
 * - help / unknown: asked for help, or not about the business at all.
 */
export type RulesResult = { kind: 'query'; query: QuerySpec; confidence: number } | Clarification | { kind: 'help' } | { kind: 'unknown' };

const HELP = /^\s*(?:help|\?|what can (?:i|you) (?:ask|do)|how do i use (?:this|you|precis)|帮助|怎么用|能问什么|你能做什么|使用说明)\s*[?？]?\s*$/;

/** Lower-case, NFKC (full-width → half-width), one space between words. */
export function normalizeQuestion(question: string): string {
  // "@precis revenue?", "hey precis, …": addressing the assistant is not part of the question.
  return question.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim().replace(ADDRESSING, '');
}
const ADDRESSING = /^(?:(?:hey|hi|hello|ok|okay)\s+)?@?precis\b[\s,:，：]*/;

/** What a ranking ranks when the question does not say: products. */
const DEFAULT_RANKED: DimensionId = 'product';
/** What a ranking ranks by when the question does not say: revenue. */
const DEFAULT_RANK_METRIC: MetricId = 'revenue';
/** Metrics that count customers: "top customers" asks to rank people, which no query lists. */
const CUSTOMER_COUNTS: readonly MetricId[] = ['customers', 'active_customers', 'new_customers'];
/** Words that mean revenue or units depending on the question ("best sales"). */
const SALES_WORDS = new Set(['sales']);
/** Time phrases that ask for a trend without a grain: the grain follows the period's length. */
const GENERIC_TREND = new Set(['trend', 'trends', 'trending', 'over time', '趋势', '走势', '变化趋势']);

/** Everything the passes understood, before it becomes a query. */
interface Reading {
  metrics: MetricId[];
  attributeDims: DimensionId[];
  timeDims: DimensionId[];
  genericTrend: boolean;
  filters: Filter[];
  period: Period | null;
  compare: Comparison | null;
  ranking?: Ranking;
  /** A ranking next to a growth word ("grew the most", "下滑最多"): by the change, this way. */
  rankByChange?: 'asc' | 'desc';
}

function addTarget(r: Reading, target: LexiconTarget): void {
  if (target.kind === 'metric') {
    if (!r.metrics.includes(target.id)) r.metrics.push(target.id);
  } else if (target.kind === 'dimension') {
    const list = dimensions[target.id].kind === 'time' ? r.timeDims : r.attributeDims;
    if (!list.includes(target.id)) list.push(target.id);
  } else {
    const existing = r.filters.find((f) => f.dimension === target.dimension);
    if (!existing) r.filters.push({ dimension: target.dimension, values: [target.value] });
    else if (!existing.values.includes(target.value)) existing.values.push(target.value);
  }
}

const withTarget = (r: Reading, target: LexiconTarget): Reading => {
  const copy = structuredClone(r);
  addTarget(copy, target);
  return copy;
};

const days = (p: Period) => daysBetween(fromIso(p.start), fromIso(p.end));

/** "trend" without a grain: by day over a month or less, by week over a quarter or less, else by month. */
function trendGrain(period: Period | null): DimensionId {
  if (!period) return 'month';
  const n = days(period);
  return n <= 31 ? 'day' : n <= 92 ? 'week' : 'month';
}

/** What a ranking orders by: the change against the compared period when growth was asked for, else the value. */
function rankingSort(r: Reading, metric: MetricId): QuerySpec['sort'] {
  if (r.rankByChange && r.compare) return { metric, direction: r.rankByChange, change: true };
  return { metric, direction: r.ranking!.direction };
}

/** The query a reading stands for. */
function assemble(r: Reading): QuerySpec {
  const metrics: MetricId[] = r.metrics.length > 0 ? r.metrics.slice(0, 4) : [r.ranking?.metric ?? DEFAULT_RANK_METRIC];
  const attrs = [...r.attributeDims];
  // "Shanghai and Beijing", "天猫和京东": one row each, not one sum.
  const multi = r.filters.find((f) => f.values.length > 1);
  let intent: Intent;
  let dims: DimensionId[];
  if (r.ranking) {
    intent = r.compare ? 'compare' : 'top';
    // "which month had the highest revenue": the months are what is ranked, not products.
    dims = [attrs[0] ?? (r.compare ? undefined : r.timeDims[0]) ?? DEFAULT_RANKED];
  } else if (r.compare) {
    intent = 'compare';
    // "by month, this year vs last year": each month beside the same month of the other period.
    const time = r.timeDims.slice(0, 1).map((d) => (r.genericTrend ? trendGrain(r.period) : d));
    dims = [...(attrs.length > 0 ? attrs : multi ? [multi.dimension] : []).slice(0, 1), ...time];
  } else {
    if (multi && !attrs.includes(multi.dimension)) attrs.push(multi.dimension);
    const time = r.timeDims.slice(0, 1).map((d) => (r.genericTrend ? trendGrain(r.period) : d));
    dims = [...attrs.slice(0, time.length > 0 ? 1 : 2), ...time];
    intent = time.length > 0 ? 'trend' : dims.length > 0 ? 'breakdown' : 'metric';
  }
  return {
    intent,
    metrics,
    dimensions: dims,
    filters: r.filters,
    period: r.period,
    sort: r.ranking ? rankingSort(r, metrics[0]!) : null,
    limit: r.ranking ? r.ranking.limit : null,
    compare: r.compare,
  };
}

/** A word nobody explained, with what the lexicon and the words around it suggest. */
interface Unplaced {
  /** As the asker wrote it, for the message. */
  word: string;
  candidates: Candidate[];
  /** Only one-character-off matches on two-character names ("天气" ~ "天猫"): too weak without a metric. */
  weak: boolean;
  /** Capitalized, after "in"/"on"/"在", or next to "brand"/"品牌": probably a name. */
  nameLike: boolean;
  hint: Hint;
  han: boolean;
  /** A number nobody read: no name, so nothing to break down by instead. */
  number?: boolean;
}

/** A typo or plural the parser may take without asking: one plural, or one edit in a long word. */
function takeLatin(word: string, candidates: Candidate[]): Candidate | undefined {
  const exact = candidates.filter((c) => c.kind === 'exact');
  if (exact.length === 1) return exact[0];
  const close = candidates.filter((c) => c.kind !== 'typo' || c.distance <= 1);
  if (close.length === 1 && close[0]!.kind === 'typo' && word.replace(/\s+/g, '').length >= 6) return close[0];
  return undefined;
}

/** A Chinese fragment the parser may take: the start of exactly one name, covering half of it ("耳机" of "耳机音响"). */
function takeHan(run: string, candidates: Candidate[]): Candidate | undefined {
  const partial = candidates.filter((c) => c.kind === 'partial');
  // Only the start of a name: Chinese puts the head last, so "消费" in "人均消费" is not the same thing.
  return partial.length === 1 && partial[0]!.score >= 0.5 && partial[0]!.phrase.startsWith(run) ? partial[0] : undefined;
}

/** "护肤品类", "Shanghai city", "数码产品", "Lumina products": the dimension word names the value's kind. */
const qualifies = (dimension: DimensionId, valueDimension: DimensionId) =>
  dimension === valueDimension || (dimension === 'product' && (valueDimension === 'category' || valueDimension === 'brand'));

type Span = { index: number; length: number };
/** "上海地区": a region word right after a city names the city's area, not a breakdown by region. */
const areaOfCity = (dimension: DimensionId, value: Span & { target: LexiconTarget }, word: Span) =>
  dimension === 'region' && value.target.kind === 'value' && value.target.dimension === 'city' && value.index + value.length === word.index;
/** The text between two matches. */
function between(text: string, a: Span, b: Span): string {
  const [x, y] = a.index < b.index ? [a, b] : [b, a];
  return text.slice(x.index + x.length, y.index);
}
/** Two matches with nothing but spaces or "的" between them. */
const adjacent = (text: string, a: Span, b: Span) => /^[\s的]*$/.test(between(text, a, b));
/** Words that join two figures: "customers and orders", "客户数、订单数". */
const JOINED = /\b(?:and|plus|with|vs|versus)\b|as well as|[,，、&+和与及跟]/;

/** The asker's spelling of a normalized word, for messages. */
function asWritten(question: string, word: string): string {
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
  return new RegExp(escaped, 'iu').exec(question.normalize('NFKC'))?.[0] ?? word;
}

/** Lower-case words the asker capitalized mid-sentence: names, most likely. */
function capitalized(question: string): Set<string> {
  const out = new Set<string>();
  for (const m of question.normalize('NFKC').matchAll(/[\p{Script=Latin}][\p{Script=Latin}'’]*/gu)) {
    const before = question.slice(0, m.index).trimEnd();
    if (before === '' || /[.!?。！？]$/.test(before)) continue;
    if (/^\p{Lu}/u.test(m[0]) && m[0].length > 1) out.add(m[0].toLowerCase().replace(/['’]s$/, ''));
  }
  return out;
}

/** Similarity of an unknown word to a name, 0–1, for "closest known values". */
function similarity(word: string, phrase: string): number {
  if (/\p{Script=Han}/u.test(word)) {
    const shared = [...new Set(word)].filter((ch) => phrase.includes(ch)).length;
    return shared / Math.max([...word].length, [...phrase].length);
  }
  return 1 - editDistance(word, phrase) / Math.max(word.length, phrase.length);
}

/** Metrics to offer when the question names none: what people mostly mean. */
function vagueMetrics(r: Reading): MetricId[] {
  const sales = r.period !== null || [...r.attributeDims, ...r.filters.map((f) => f.dimension)].some((d) => !('customers' in dimensions[d].on));
  return ['revenue', 'orders', sales ? 'active_customers' : 'customers', 'aov'];
}

function clarify(reason: ClarifyReason, message: string, queries: QuerySpec[], lang: Lang, lexicon: readonly LexiconEntry[]): RulesResult {
  const options = toOptions(queries, lang, lexicon);
  // Nothing runnable to offer: saying so is better than a clarification with no buttons.
  return options.length > 0 ? { kind: 'clarify', reason, lang, message, options } : { kind: 'unknown' };
}

/**
 * Reads one question. Options in a clarification are complete queries that validate, labelled
 * in the asker's language.
 *
 * @example
 * parseRules('revenue in Shangai last month', { today, lexicon });
 * // → { kind: 'query', confidence: 0.75, query: { intent: 'metric', metrics: ['revenue'], filters: [{ dimension: 'city', values: ['Shanghai'] }], … } }
 * parseRules('how are we doing?', { today, lexicon });
 * // → { kind: 'clarify', reason: 'vague', lang: 'en', message: 'What would you like to see?', options: [{ label: 'Revenue', query: … }, …] }
 */
export function parseRules(question: string, ctx: RulesContext): RulesResult {
  const lang = ctx.lang ?? detectLang(question);
  const said = normalizeQuestion(question);
  if (said === '' || HELP.test(said)) return { kind: 'help' };
  let text = said;
  const r: Reading = { metrics: [], attributeDims: [], timeDims: [], genericTrend: false, filters: [], period: null, compare: null };
  const thisUnit = (unit: Unit) => t(lang, `period.this_${unit}` as const);

  // Pass 1: the period, and what it is compared with. "同比", "yoy", "环比" first, so that
  // "去年同期" (same period last year) is not read as "去年" (last year).
  let relative: { kind: 'previous_year' | 'previous_period'; word: string } | undefined;
  for (const [re, kind] of [[YEAR_OVER_YEAR, 'previous_year'], [PERIOD_OVER_PERIOD, 'previous_period']] as const) {
    const m = re.exec(text);
    if (!m) continue;
    text = blank(text, m.index, m[0].length);
    relative = { kind, word: m[0].trim() };
    break;
  }
  const first = findPeriod(text, ctx.today);
  if (first) {
    text = blank(text, first.index, first.length);
    r.period = first.period;
    if (relative) {
      r.compare = { kind: relative.kind, period: { ...shiftedPeriod(first.period, relative.kind), label: relative.word } };
    } else {
      const found = findComparison(text, first, ctx.today, thisUnit);
      if (found) {
        text = found.text;
        r.compare = found.compare;
        if (found.current) r.period = found.current;
      }
    }
  }
  // A comparison asked for without saying with what ("同比" with no period, "growth").
  let wanted: { kind: 'previous_year' | 'previous_period' | 'growth'; word: string } | undefined =
    relative && !r.compare ? { kind: relative.kind, word: asWritten(question, relative.word) } : undefined;
  const growth = GROWTH.exec(text);
  if (growth) {
    text = blank(text, growth.index, growth[0].length);
    if (!r.compare && !wanted) wanted = { kind: 'growth', word: asWritten(question, growth[0].trim()) };
  }

  // Pass 2: the ranking.
  const ranked = findRanking(text);
  if (ranked) {
    text = blank(text, ranked.index, ranked.length);
    r.ranking = ranked.ranking;
  }
  if (growth) {
    const pace = r.ranking ? undefined : PACE.map((p) => ({ ...p, m: p.re.exec(text) })).find((p) => p.m);
    if (pace?.m) {
      text = blank(text, pace.m.index, pace.m[0].length);
      const written = pace.m[1] ?? pace.m[2];
      const said = written === undefined ? undefined : parseNumber(written);
      r.ranking = { limit: said ?? DEFAULT_LIMIT, direction: pace.direction, counted: said !== undefined };
    }
    // "declined the most": the largest fall first; "grew the least": the smallest rise first.
    if (r.ranking) r.rankByChange = DECLINE.test(growth[0]) !== (r.ranking.direction === 'asc') ? 'asc' : 'desc';
  }
  const count = r.ranking && !r.ranking.counted ? findRankedCount(text) : undefined;
  if (count) {
    text = blank(text, count.index, count.length);
    r.ranking = { ...r.ranking!, limit: count.limit, counted: true };
  }

  // Pass 3: catalog phrases and known values.
  let salesWord: string | undefined;
  const found = scan(text, ctx.lexicon);
  for (const m of found) {
    const phrase = text.slice(m.index, m.index + m.length);
    text = blank(text, m.index, m.length);
    // "护肤品类", "brand Lumina", "上海市": the dimension word only says what the value is.
    const target = m.target;
    if (target.kind === 'dimension' && found.some((v) => v.target.kind === 'value' && (qualifies(target.id, v.target.dimension) ? adjacent(said, v, m) : areaOfCity(target.id, v, m)))) continue;
    addTarget(r, m.target);
    if (m.target.kind === 'dimension' && GENERIC_TREND.has(phrase)) r.genericTrend = true;
    if (m.target.kind === 'metric' && SALES_WORDS.has(phrase)) salesWord = asWritten(question, phrase);
  }

  // "how many customers signed up yesterday", "上个月注册的客户数": sign-ups, not buyers — with a
  // period, customers alone would count the period's buyers.
  // A figure of theirs ("revenue from customers who registered") is asked back below.
  let ownedByNew: string | undefined;
  const signup = SIGNUP.exec(text);
  if (signup && (r.metrics.length === 0 || r.metrics.includes('customers'))) {
    text = blank(text, signup.index, signup[0].length);
    if (r.metrics.every((m) => CUSTOMER_COUNTS.includes(m))) r.metrics = [...r.metrics.filter((m) => m !== 'customers'), 'new_customers'];
    else ownedByNew = asWritten(question, signup[0]);
  }

  // Pass 4: what is left. Near names are taken or asked about; the rest is filler or unread.
  // Written in capitals, a short word is a name ("sales in the US"), whatever it means in lower
  // case — unless the whole question is in capitals ("REVENUE BY CITY").
  const written = question.normalize('NFKC');
  const allCaps = /\p{Ll}/u.test(written) ? new Set([...written.matchAll(/\b\p{Lu}{2,4}\b/gu)].map((m) => m[0].toLowerCase())) : new Set<string>();
  const rest = leftover(text, allCaps);
  const caps = capitalized(question);
  const unplaced: Unplaced[] = [];
  let confidence = 0.9;
  for (let i = 0; i < rest.latin.length; i++) {
    const w = rest.latin[i]!;
    const next = rest.latin[i + 1];
    // Two words may be one name ("shang hai", "new yrok").
    if (next && /^\s+$/.test(text.slice(w.index + w.length, next.index))) {
      const pair = takeLatin(`${w.word}${next.word}`, latinCandidates(`${w.word} ${next.word}`, ctx.lexicon));
      if (pair) {
        addTarget(r, pair.target);
        confidence = Math.min(confidence, 0.75);
        i++;
        continue;
      }
    }
    // A stray letter is no name; two letters may be ("UK", "NY").
    if (w.word.length < 2) continue;
    const hint = hintAround(said, w.index, w.length);
    const candidates = hint.concept ? [] : latinCandidates(w.word, ctx.lexicon);
    const taken = takeLatin(w.word, candidates);
    if (taken) {
      addTarget(r, taken.target);
      if (taken.kind !== 'exact') confidence = Math.min(confidence, 0.75);
      continue;
    }
    // "in the US": a country's code written in capitals names the country (in lower case it is a word).
    const country = allCaps.has(w.word) ? ctx.lexicon.find((e) => e.target.kind === 'value' && e.target.dimension === 'country' && e.target.value === w.word.toUpperCase()) : undefined;
    if (country) {
      addTarget(r, country.target);
      continue;
    }
    unplaced.push({
      word: asWritten(question, w.word),
      candidates,
      weak: false,
      nameLike: caps.has(w.word) || hint.location || hint.dimension !== undefined,
      hint,
      han: false,
    });
  }
  for (const h of rest.han) {
    const hint = hintAround(said, h.index, h.run.length);
    const near = hint.concept ? [] : hanCandidates(h.run, ctx.lexicon);
    // One character in common with a two-character name is weak: only when nothing closer exists.
    const isWeak = (c: Candidate) => c.kind === 'overlap' && [...c.phrase].length === 2;
    const candidates = near.some((c) => !isWeak(c)) ? near.filter((c) => !isWeak(c)) : near;
    const taken = takeHan(h.run, candidates);
    if (taken) {
      addTarget(r, taken.target);
      confidence = Math.min(confidence, 0.75);
      continue;
    }
    const weak = candidates.length > 0 && candidates.every(isWeak);
    unplaced.push({ word: h.run, candidates, weak, nameLike: true, hint, han: true });
  }
  // "orders with more than 3 items", "客单价超过500": a number that no pass read is a condition
  // the catalog cannot state; answering without it would answer another question.
  for (const n of rest.numbers) unplaced.push({ word: n.word, candidates: [], weak: false, nameLike: true, hint: { location: false }, han: false, number: true });

  // "新增了多少客户", "how many new customers": the specific count, not both.
  if (r.metrics.includes('customers') && r.metrics.some((m) => m === 'new_customers' || m === 'active_customers')) r.metrics = r.metrics.filter((m) => m !== 'customers');
  // "top customers": people are not ranked; decided before "customers" may be dropped below.
  const ranksPeople = !!r.ranking && r.attributeDims.length === 0 && r.metrics.some((m) => CUSTOMER_COUNTS.includes(m));
  // A ratio is read before the owner rule below, which would take "每个客户的订单数" as the
  // customers' orders; both it and a forecast are asked back below.
  const perHead = r.metrics.length >= 2 ? PER_HEAD.exec(said) : null;
  const forecast = FORECAST.exec(said);
  // "客户的客单价", "revenue from active customers": the customers own the figure, they are not a
  // second one — unless the question joins them ("customers and orders", "新客户数和销售额").
  // Every paid order is an active customer's, so those words change nothing; "revenue of new
  // customers" would need a filter the catalog cannot state, so it is asked back below.
  for (const owner of CUSTOMER_COUNTS) {
    const at = found.find((m) => m.target.kind === 'metric' && m.target.id === owner);
    const others = found.filter((m) => m.target.kind === 'metric' && m.target.id !== owner);
    // New or active customers beside another count of customers are two counts, not an owner.
    const owned = owner === 'customers' ? others : others.filter((m) => m.target.kind === 'metric' && !CUSTOMER_COUNTS.includes(m.target.id));
    if (!at || owned.length === 0 || others.some((o) => JOINED.test(between(said, at, o)))) continue;
    r.metrics = r.metrics.filter((m) => m !== owner);
    if (owner === 'new_customers') ownedByNew = asWritten(question, said.slice(at.index, at.index + at.length));
  }

  // "how many champions", "at risk customers by city": the segment's customers are counted.
  const segmentCustomers = r.filters.some((f) => f.dimension === 'segment') && (COUNT_WORDS.test(said) || (r.attributeDims.length > 0 && CUSTOMER_WORD.test(said)));
  if (r.metrics.length === 0 && segmentCustomers) r.metrics = ['customers'];

  const named = r.metrics.length > 0;
  // "orders of zhang@example.cn": people are never looked up by their contact details, and the
  // details are not echoed back. What can be shown is the question without them.
  if (rest.contact) return clarify('unknown_value', t(lang, 'clarify.contact'), named ? [assemble(r)] : [], lang, ctx.lexicon);
  // "revenue not from Tmall", "不是天猫的销售额": an exclusion the catalog cannot state. What
  // can be shown is each filter as a breakdown, where the rest can be read off.
  if (rest.negations.length > 0) {
    const options = r.filters.map((f) => assemble({ ...r, filters: r.filters.filter((g) => g !== f), attributeDims: [...new Set([...r.attributeDims, f.dimension])] }));
    return clarify('unknown_value', t(lang, 'clarify.negation', { word: rest.negations[0]! }), named ? (options.length > 0 ? options : [assemble(r)]) : [], lang, ctx.lexicon);
  }
  if (forecast) return clarify('unknown_value', t(lang, 'clarify.forecast', { word: asWritten(question, forecast[0]) }), named ? [assemble(r)] : [], lang, ctx.lexicon);
  if (perHead) return clarify('unknown_value', t(lang, 'clarify.ratio', { word: asWritten(question, perHead[0]) }), r.metrics.map((m) => assemble({ ...r, metrics: [m] })), lang, ctx.lexicon);
  if (ownedByNew) {
    const options = [assemble({ ...r, filters: [...r.filters, { dimension: 'segment', values: ['new'] }] }), assemble({ ...r, metrics: [...r.metrics, 'new_customers'] })];
    return clarify('unknown_value', t(lang, 'clarify.new_customers_owner', { word: ownedByNew }), options, lang, ctx.lexicon);
  }
  // A near name is worth asking about; a weak one only when the question is clearly about the business.
  const ask = unplaced.find((u) => u.candidates.length > 0 && (!u.weak || named));
  const unread = unplaced.filter((u) => u.candidates.length === 0 || (u.weak && !named));

  if (ask) {
    // "销售": revenue or units — two readings of a word, rather than a name not known; in catalog order.
    const readings = ask.candidates.filter((c) => c.target.kind === 'metric').length >= 2;
    const order = (t: LexiconTarget) => (t.kind === 'metric' ? metricIds.indexOf(t.id) : metricIds.length);
    const targets = ask.candidates.map((c) => c.target).sort((a, b) => (readings ? order(a) - order(b) : 0));
    const queries = targets.map((target) => assemble(withTarget(r, target)));
    // With the near names, the breakdown they belong to: "Tmall" or "by platform".
    const near = targets.find((c) => c.kind === 'value');
    if (near?.kind === 'value' && !r.attributeDims.includes(near.dimension)) queries.push(assemble(withTarget(r, { kind: 'dimension', id: near.dimension })));
    return clarify(
      readings ? 'ambiguous' : 'unknown_value',
      t(lang, readings ? 'clarify.ambiguous' : 'clarify.unknown_value', { word: ask.word }),
      readings ? queries.filter((_q, i) => targets[i]?.kind === 'metric') : queries,
      lang,
      ctx.lexicon,
    );
  }

  if (!named && unread.length > 0) return { kind: 'unknown' };
  if (!named && !r.ranking) {
    const aboutBusiness =
      r.filters.length > 0 || r.attributeDims.length > 0 || r.timeDims.length > 0 || r.period !== null || rest.vague || wanted !== undefined;
    if (!aboutBusiness) return { kind: 'unknown' };
    const withCompare = (q: Reading): Reading => (wanted && !q.compare ? compareOptions(q, wanted, ctx.today, lang)[0] ?? q : q);
    return clarify('vague', t(lang, 'clarify.vague'), vagueMetrics(r).map((m) => assemble(withCompare({ ...r, metrics: [m] }))), lang, ctx.lexicon);
  }

  // A word it cannot read changes the question ("female customers", "revenue for Nike"): never
  // answer without it. Offer the closest names, or what can be shown instead.
  const unknownWord = unread.find((u) => u.nameLike && !u.number) ?? unread.find((u) => !u.number) ?? unread[0];
  if (unknownWord) {
    const queries: QuerySpec[] = [];
    const dim = unknownWord.hint.dimension;
    if (dim) {
      const lower = unknownWord.word.toLowerCase();
      const closest = ctx.lexicon
        .filter((e): e is LexiconEntry & { target: Extract<LexiconTarget, { kind: 'value' }> } => e.target.kind === 'value' && e.target.dimension === dim)
        .map((e) => ({ e, score: similarity(lower, e.phrase) }))
        .filter((x) => x.score >= 0.3)
        .sort((a, b) => b.score - a.score);
      for (const { e } of closest.slice(0, 3)) queries.push(assemble(withTarget(r, e.target)));
    }
    const anyClose = queries.length > 0;
    const offer: DimensionId[] = unknownWord.number ? [] : dim ? [dim] : unknownWord.hint.location ? ['city', 'region', 'country'] : ['brand', 'category', 'city'];
    for (const d of offer) if (!r.filters.some((f) => f.dimension === d)) queries.push(assemble(withTarget(r, { kind: 'dimension', id: d })));
    queries.push(assemble(r));
    return clarify('unknown_value', t(lang, anyClose ? 'clarify.unknown_value' : 'clarify.unknown_value_none', { word: unknownWord.word }), queries, lang, ctx.lexicon);
  }

  // Two plausible readings.
  if (ranksPeople) {
    const by = r.metrics.find((m) => !CUSTOMER_COUNTS.includes(m)) ?? r.metrics[0] ?? 'customers';
    const dims: DimensionId[] = ['city', 'platform', 'product', 'region'];
    return clarify('ambiguous', t(lang, 'clarify.rank_customers'), dims.map((d) => assemble({ ...r, metrics: [by], attributeDims: [d] })), lang, ctx.lexicon);
  }
  if (WHERE.test(said) && r.attributeDims.length === 0 && !r.filters.some((f) => PLACES.includes(f.dimension))) {
    return clarify('vague', t(lang, 'clarify.vague'), PLACES.map((d) => assemble({ ...r, attributeDims: [d] })), lang, ctx.lexicon);
  }
  // "top categories in each city": a ranking of one dimension within another, which a query
  // cannot state; each ranking alone, or both as a breakdown, largest first.
  if (r.ranking && r.attributeDims.length > 1) {
    const each = r.attributeDims.map((d) => assemble({ ...r, attributeDims: [d] }));
    const both = assemble({ ...r, ranking: undefined, rankByChange: undefined, attributeDims: r.attributeDims.slice(0, 2), timeDims: [] });
    return clarify('ambiguous', t(lang, 'clarify.rank_one'), [...each, both], lang, ctx.lexicon);
  }
  if (salesWord && r.ranking?.vague && r.metrics.length === 1) {
    const options: MetricId[] = ['revenue', 'units'];
    return clarify('ambiguous', t(lang, 'clarify.ambiguous', { word: salesWord }), options.map((m) => assemble({ ...r, metrics: [m] })), lang, ctx.lexicon);
  }
  if (wanted) {
    const readings = compareOptions(r, wanted, ctx.today, lang);
    const queries = toOptions(readings.map(assemble), lang, ctx.lexicon);
    if (queries.length === 1) {
      r.compare = queries[0]!.query.compare;
      r.period = queries[0]!.query.period;
    } else {
      const message = r.period ? t(lang, 'clarify.ambiguous', { word: wanted.word }) : t(lang, 'clarify.compare_period');
      return clarify(r.period ? 'ambiguous' : 'vague', message, readings.map(assemble), lang, ctx.lexicon);
    }
  }

  const query = assemble(r);
  if (r.metrics.length === 0 && !r.ranking?.metric) confidence = Math.min(confidence, 0.6);
  return { kind: 'query', query, confidence };
}

/** Period-over-period words that name their unit. */
const RELATIVE_UNITS: [RegExp, Unit][] = [
  [/^(?:mom|m\/m|month[- ]over[- ]month)$|月环比/, 'month'],
  [/^(?:wow|w\/w|week[- ]over[- ]week)$|周环比/, 'week'],
  [/^(?:qoq|q\/q|quarter[- ]over[- ]quarter)$|季环比|季度环比/, 'quarter'],
];

/**
 * The comparisons a question may mean when it says "同比", "环比" or "growth" without saying of
 * what: with a period, vs the period before and vs a year before; without one, over the
 * current week, month, quarter or year.
 */
function compareOptions(r: Reading, { kind, word }: { kind: 'previous_year' | 'previous_period' | 'growth'; word: string }, today: CalendarDate, lang: Lang): Reading[] {
  const label = (k: 'previous_year' | 'previous_period') => t(lang, `compare.${k}` as const);
  const versus = (period: Period, k: 'previous_year' | 'previous_period'): Reading => ({
    ...r,
    period,
    compare: { kind: k, period: { ...shiftedPeriod(period, k), label: label(k) } },
  });
  if (r.period) {
    if (kind !== 'growth') return [versus(r.period, kind)];
    const before = shiftedPeriod(r.period, 'previous_period');
    const yearBefore = shiftedPeriod(r.period, 'previous_year');
    // A whole year's period before is the year before: one reading, not two.
    if (before.start === yearBefore.start && before.end === yearBefore.end) return [versus(r.period, 'previous_year')];
    return [versus(r.period, 'previous_period'), versus(r.period, 'previous_year')];
  }
  const current = (unit: Unit): Period => {
    const [start, end] = calendarUnit(today, unit, 0);
    return { start: iso(start), end: iso(end), label: t(lang, `period.this_${unit}` as const) };
  };
  // "WoW", "MoM", "周环比": the word names the unit, so this week (month) against the one before.
  const named = RELATIVE_UNITS.find(([re]) => re.test(word.toLowerCase()))?.[1];
  if (named && kind === 'previous_period') return [versus(current(named), kind)];
  const plan: [Unit, 'previous_year' | 'previous_period'][] =
    kind === 'previous_period'
      ? [['month', kind], ['week', kind], ['quarter', kind]]
      : kind === 'previous_year'
        ? [['month', kind], ['quarter', kind], ['year', kind]]
        : [['month', 'previous_period'], ['month', 'previous_year'], ['year', 'previous_year']];
  // "每月销售额同比": a breakdown by month needs a period of several months, not "this month".
  // "每季度环比" (each quarter against the one before) is no comparison of two periods: asked back.
  const grain = r.timeDims.map((d) => dimensionDef(d).grain).find((g) => g !== undefined);
  const longer = (unit: Unit) => !grain || UNITS.indexOf(unit) > UNITS.indexOf(grain);
  const spans = plan.filter(([unit]) => longer(unit));
  const fallback: typeof plan = kind === 'previous_period' || !longer('year') ? [] : [['year', 'previous_year']];
  return (spans.length > 0 ? spans : fallback).map(([unit, k]) => versus(current(unit), k));
}

const UNITS: readonly Unit[] = ['day', 'week', 'month', 'quarter', 'year'];
