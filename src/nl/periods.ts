/**
 * Periods in questions, English and Chinese: rolling windows ("last 30 days", "近30天"),
 * calendar units ("last month", "上个月", "this year", "今年"), explicit ones ("in 2025",
 * "Q3 2025", "2025年3月") and open-ended ones ("since March", "3月以来"). Every period is a
 * half-open range of calendar dates in the store's time zone, ending no later than tomorrow.
 */
import type { Period } from '../query/dsl.ts';
import {
  addDays, addMonths, iso, startOfMonth, startOfQuarter, startOfWeek, startOfYear, ymd, type CalendarDate,
} from './calendar.ts';
import { NUMBER, parseNumber } from './numbers.ts';

type Range = [CalendarDate, CalendarDate];
type Unit = 'day' | 'week' | 'month' | 'quarter' | 'year';

interface Rule {
  re: RegExp;
  range(m: RegExpExecArray, today: CalendarDate): Range | undefined;
}

const months = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const YEAR = '((?:19|20)\\d{2})';
const ZH_QUARTER: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, '1': 1, '2': 2, '3': 3, '4': 4 };

const monthIndex = (name: string) => months.indexOf(name.slice(0, 3)) + 1;
const unitOf = (word: string): Unit => {
  if (/^(day|天|日)/.test(word)) return 'day';
  if (/^(week|周|星期)/.test(word)) return 'week';
  if (/^(month|月)/.test(word)) return 'month';
  if (/^(quarter|季)/.test(word)) return 'quarter';
  return 'year';
};

const startOf: Record<Unit, (d: CalendarDate) => CalendarDate> = {
  day: (d) => d,
  week: startOfWeek,
  month: startOfMonth,
  quarter: startOfQuarter,
  year: startOfYear,
};
const step: Record<Unit, (d: CalendarDate, n: number) => CalendarDate> = {
  day: addDays,
  week: (d, n) => addDays(d, 7 * n),
  month: addMonths,
  quarter: (d, n) => addMonths(d, 3 * n),
  year: (d, n) => addMonths(d, 12 * n),
};

/** The last n units up to and including today. */
const rolling = (today: CalendarDate, n: number, unit: Unit): Range => [addDays(step[unit](today, -n), 1), addDays(today, 1)];
/** The calendar unit `offset` units from the current one (0 = this one, -1 = the previous one). */
const calendarUnit = (today: CalendarDate, unit: Unit, offset: number): Range => {
  const start = step[unit](startOf[unit](today), offset);
  return [start, step[unit](start, 1)];
};
/** "March" without a year: the latest March that has begun. */
const latestMonth = (today: CalendarDate, month: number, year?: number): Range => {
  const y = year ?? (month <= today.getUTCMonth() + 1 ? today.getUTCFullYear() : today.getUTCFullYear() - 1);
  return [ymd(y, month), ymd(y, month + 1)];
};
const quarter = (y: number, q: number): Range => [ymd(y, (q - 1) * 3 + 1), ymd(y, q * 3 + 1)];
const sinceStart = (today: CalendarDate, start: CalendarDate): Range => [start, addDays(today, 1)];
const n = (text: string | undefined) => (text === undefined ? undefined : parseNumber(text));

/** Ordered from most to least specific: the first rule that matches wins. */
const rules: Rule[] = [
  // since …
  { re: new RegExp(`\\bsince\\s+${MONTH}(?:\\s+${YEAR})?`), range: (m, t) => sinceStart(t, latestMonth(t, monthIndex(m[1]!), n(m[2]))[0]) },
  { re: new RegExp(`\\bsince\\s+${YEAR}`), range: (m, t) => sinceStart(t, ymd(Number(m[1]), 1)) },
  { re: /(?:自|从)?(?:(\d{4})年)?(\d{1,2})月(?:份)?(?:以来|至今|到现在)/, range: (m, t) => sinceStart(t, latestMonth(t, Number(m[2]), n(m[1]))[0]) },
  { re: /(?:自|从)?(\d{4})年(?:以来|至今|到现在)/, range: (m, t) => sinceStart(t, ymd(Number(m[1]), 1)) },
  { re: /\b(?:year[- ]to[- ]date|ytd)\b|年初至今|今年以来/, range: (_m, t) => sinceStart(t, startOfYear(t)) },
  { re: /\b(?:month[- ]to[- ]date|mtd)\b|本月至今/, range: (_m, t) => sinceStart(t, startOfMonth(t)) },
  // explicit quarter and month
  { re: new RegExp(`\\bq([1-4])\\s*(?:of\\s+)?${YEAR}|${YEAR}\\s*q([1-4])\\b`), range: (m) => (m[1] ? quarter(Number(m[2]), Number(m[1])) : quarter(Number(m[3]), Number(m[4]))) },
  { re: /(\d{4})年?\s*(?:第([一二三四1-4])季度|q([1-4]))/, range: (m) => quarter(Number(m[1]), ZH_QUARTER[m[2] ?? m[3]!]!) },
  { re: new RegExp(`(?:\\bin\\s+)?${MONTH}\\s+${YEAR}`), range: (m, t) => latestMonth(t, monthIndex(m[1]!), Number(m[2])) },
  { re: /(\d{4})年(\d{1,2})月(?:份)?/, range: (m, t) => latestMonth(t, Number(m[2]), Number(m[1])) },
  // rolling windows
  {
    re: new RegExp(`\\b(?:in\\s+|over\\s+|for\\s+)?(?:the\\s+)?(?:last|past|previous|recent)\\s+(${NUMBER})\\s+(day|week|month|quarter|year)s?\\b`),
    range: (m, t) => {
      const count = n(m[1]);
      return count ? rolling(t, count, unitOf(m[2]!)) : undefined;
    },
  },
  {
    re: new RegExp(`(?:近|最近|过去|前)\\s*(${NUMBER})\\s*(?:个)?\\s*(天|日|周|星期|月|季度|年)`),
    range: (m, t) => {
      const count = n(m[1]);
      return count ? rolling(t, count, unitOf(m[2]!)) : undefined;
    },
  },
  // calendar units relative to today
  { re: /\btoday\b|今天|今日/, range: (_m, t) => calendarUnit(t, 'day', 0) },
  { re: /\byesterday\b|昨天|昨日/, range: (_m, t) => calendarUnit(t, 'day', -1) },
  { re: /\b(?:this|current)\s+(week|month|quarter|year)\b/, range: (m, t) => calendarUnit(t, unitOf(m[1]!), 0) },
  { re: /\b(?:last|previous|past)\s+(week|month|quarter|year)\b/, range: (m, t) => calendarUnit(t, unitOf(m[1]!), -1) },
  { re: /\bthe\s+(week|month|quarter|year)\s+before\s+last\b/, range: (m, t) => calendarUnit(t, unitOf(m[1]!), -2) },
  { re: /(?:本|这个?|当)(周|星期|月|季度)|(今)年/, range: (m, t) => calendarUnit(t, unitOf(m[1] ?? '年'), 0) },
  { re: /(?:上个?|上一个?)(周|星期|月|季度)|(去)年/, range: (m, t) => calendarUnit(t, unitOf(m[1] ?? '年'), -1) },
  { re: /前年/, range: (_m, t) => calendarUnit(t, 'year', -2) },
  // a quarter, month or year on its own
  { re: /\bq([1-4])\b|第([一二三四])季度/, range: (m, t) => quarter(t.getUTCFullYear(), ZH_QUARTER[m[1] ?? m[2]!]!) },
  { re: new RegExp(`\\b(?:in\\s+)?${MONTH}\\b`), range: (m, t) => latestMonth(t, monthIndex(m[1]!)) },
  { re: /(\d{1,2})月(?:份)?/, range: (m, t) => (Number(m[1]) >= 1 && Number(m[1]) <= 12 ? latestMonth(t, Number(m[1])) : undefined) },
  { re: new RegExp(`(?:\\bin\\s+)?\\b${YEAR}年?`), range: (m) => [ymd(Number(m[1]), 1), ymd(Number(m[1]) + 1, 1)] },
];

export interface PeriodMatch {
  period: Period;
  /** Where in the text the period was said, so the parser can set those words aside. */
  index: number;
  length: number;
}

/** Finds the first period mentioned in `text` (lower-cased, NFKC-normalized). */
export function findPeriod(text: string, today: CalendarDate): PeriodMatch | undefined {
  for (const rule of rules) {
    const m = rule.re.exec(text);
    if (!m) continue;
    const range = rule.range(m, today);
    if (!range) continue;
    const label = m[0].trim().replace(/^(in|over|for)\s+/, '');
    return { period: { start: iso(range[0]), end: iso(range[1]), label }, index: m.index, length: m[0].length };
  }
  return undefined;
}
