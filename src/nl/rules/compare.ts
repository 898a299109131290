/**
 * Comparisons: "vs last month", "同比", "环比", "2025 vs 2024", "compared with the same period
 * last year". A comparison needs the question's period; without one the parser asks which.
 */
import { NUMBER } from '../numbers.ts';
import type { Comparison, Period } from '../../query/dsl.ts';
import { addDays, addMonths, daysBetween, fromIso, iso, monthsBetween, type CalendarDate } from '../calendar.ts';
import { calendarUnit, findPeriod, type PeriodMatch, type Unit } from '../periods.ts';

export const YEAR_OVER_YEAR =
  /\b(?:yoy|y\/y|year[- ]over[- ]year|year[- ]on[- ]year|(?:vs\.?|versus|compared (?:to|with)|to|with) (?:the )?same (?:period|time|month|week|quarter) (?:last|a) year)\b|同比|去年同期|与去年同期相比/;
export const PERIOD_OVER_PERIOD =
  /\b(?:mom|m\/m|wow|w\/w|qoq|q\/q|month[- ]over[- ]month|week[- ]over[- ]week|quarter[- ]over[- ]quarter|(?:vs\.?|versus|compared (?:to|with)) (?:the )?(?:previous|prior|preceding) (?:period|month|week|quarter|year))\b|环比|与上期相比|比上期|较上期/;
/**
 * "vs", "对比", "和": a second period or value follows. "占比" (share) is not a comparison. "with"
 * and "to" only after "compare" ("compare revenue this week with last week"): elsewhere they
 * join other things ("customers with orders").
 */
export const VERSUS = /\b(?:vs\.?|versus|compared (?:to|with)|against|and)\s|(?<=\bcompar(?:e|ing)\b.*)\b(?:with|to)\s|对比|(?<![占])比较|相比|较|(?<![占比对相])比(?!例|率)|和|与|跟/;
/** "growth", "增长": a comparison, but with what is not said. */
export const GROWTH = /\b(?:growth|grew|grow(?:ing)?|change|changed|increase[ds]?|decrease[ds]?|decline[ds]?|declining|trending (?:up|down)|going (?:up|down)|ris(?:e|es|ing)|falling|fell|drop(?:s|ped|ping)?)\b|增长|增速|增幅|涨幅|变化|下降|下滑|涨了|跌了|上升|上涨|提升|减少|降低|回落/;
/** The growth words that say "down": ranked by change, "the most" then means the largest fall. */
export const DECLINE = /\b(?:decrease[ds]?|decline[ds]?|declining|trending down|going down|falling|fell|drop(?:s|ped|ping)?)\b|下降|下滑|跌了|减少|降低|回落/;
/** "fastest growing", "the 3 fastest", "增长最快的3个": a ranking only next to a growth word; the count is group 1 or 2. */
export const PACE = [
  { re: new RegExp(`\\b(?:(${NUMBER})\\s+)?(?:fastest|quickest)\\b|最快(?:的)?\\s*(?:(${NUMBER})\\s*(?:名|个|位|款|家|座)?)?`), direction: 'desc' },
  { re: new RegExp(`\\b(?:(${NUMBER})\\s+)?slowest\\b|最慢(?:的)?\\s*(?:(${NUMBER})\\s*(?:名|个|位|款|家|座)?)?`), direction: 'asc' },
] as const;

/** Shifts a period back by its own length (MoM) or by a year (YoY). */
export function shiftedPeriod(p: Period, kind: 'previous_period' | 'previous_year'): Period {
  const [start, end] = [fromIso(p.start), fromIso(p.end)];
  if (kind === 'previous_year') {
    return { start: iso(addMonths(start, -12)), end: iso(addMonths(end, -12)), label: p.label };
  }
  // Whole calendar months shift by months, so "this quarter" compares with the quarter before.
  const months = monthsBetween(start, end);
  if (months !== undefined && months > 0) return { start: iso(addMonths(start, -months)), end: p.start, label: p.label };
  return { start: iso(addDays(start, -daysBetween(start, end))), end: p.start, label: p.label };
}

/** Replaces a span with spaces, keeping every other index where it was. */
export const blank = (text: string, index: number, length: number) => text.slice(0, index) + ' '.repeat(length) + text.slice(index + length);

export interface ComparisonMatch {
  compare: Comparison;
  /** The text with the comparison's words set aside. */
  text: string;
  /** "revenue vs last month": the period asked about is the current one, which the words did not name. */
  current?: Period;
}

/**
 * Finds "… vs last month", "2025 vs 2024", "今年和去年" given the question's first period (the
 * parser reads "同比", "yoy" and "环比" before the period, so "去年同期" is not taken for 2025).
 * `currentLabel` names the current unit ("this month") when only the other period was said.
 */
export function findComparison(
  text: string,
  first: PeriodMatch,
  today: CalendarDate,
  currentLabel: (unit: Unit) => string,
): ComparisonMatch | undefined {
  const versus = VERSUS.exec(text);
  if (!versus) return undefined;
  const after = findPeriod(text.slice(versus.index), today);
  const other = after ? { ...after, index: versus.index + after.index } : findPeriod(text, today);
  if (other) {
    const at = other.index;
    return { compare: { kind: 'custom', period: other.period }, text: blank(blank(text, at, other.length), versus.index, versus[0].length) };
  }
  // "revenue vs last month": the only period named follows "vs", and the current unit is meant.
  const rel = first.relative;
  const between = text.slice(versus.index + versus[0].length, first.index);
  if (versus.index < first.index && /^\s*$/.test(between) && rel && rel.offset < 0) {
    const [start, end] = calendarUnit(today, rel.unit, 0);
    return {
      compare: { kind: 'custom', period: first.period },
      current: { start: iso(start), end: iso(end), label: currentLabel(rel.unit) },
      text: blank(text, versus.index, versus[0].length),
    };
  }
  return undefined;
}
