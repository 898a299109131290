/**
 * Periods in questions, English and Chinese: rolling windows ("last 30 days", "近30天", "过去一周"),
 * calendar units ("last month", "上个月", "this year", "今年"), explicit ones ("in 2025",
 * "Q3 2025", "2025年3月", "上半年", "11月11日"), ranges ("between Jan and Mar 2025", "1月到3月")
 * and open-ended ones ("since March", "3月以来"). Every period is a half-open range of calendar
 * dates in the store's time zone. A period never depends on anything but the words and "today".
 */
import type { Period } from '../query/dsl.ts';
import {
  addDays, addMonths, iso, startOfMonth, startOfQuarter, startOfWeek, startOfYear, ymd, type CalendarDate,
} from './calendar.ts';
import { NUMBER, parseNumber } from './numbers.ts';

type Range = [CalendarDate, CalendarDate];
export type Unit = 'day' | 'week' | 'month' | 'quarter' | 'year';

interface Rule {
  re: RegExp;
  range(m: RegExpExecArray, today: CalendarDate): Range | undefined;
  /** For "last month", "上周": the calendar unit and how far back, so "vs last month" can find "this month". */
  relative?: (m: RegExpExecArray) => { unit: Unit; offset: number };
}

const months = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const YEAR = '((?:19|20)\\d{2})';
/** A month or day number in Chinese: 3, 03, 三, 十一. */
const ZH_N = '(\\d{1,2}|[一二三四五六七八九十]{1,3})';
/** Chinese relative years: 今年, 去年, 前年. */
const ZH_REL_YEAR = '(今|去|前)年';
const TO = '\\s*(?:to|until|till|through|thru|and|-|–|—|~)\\s*';
const ZH_TO = '\\s*(?:到|至|-|–|—|~)\\s*';
const ORDINAL: Record<string, number> = { first: 1, '1st': 1, second: 2, '2nd': 2, third: 3, '3rd': 3, fourth: 4, '4th': 4 };
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

const n = (text: string | undefined) => (text === undefined ? undefined : parseNumber(text));
const thisYear = (t: CalendarDate) => t.getUTCFullYear();
const month0 = (t: CalendarDate) => t.getUTCMonth() + 1;
/** 今年 → 0, 去年 → -1, 前年 → -2; "this year" → 0, "last year" → -1. */
const yearOffset = (word: string | undefined) => (word === '去' || word === 'last' ? -1 : word === '前' ? -2 : 0);
const validMonth = (m: number | undefined): m is number => m !== undefined && m >= 1 && m <= 12;

/** The last n units up to and including today. */
const rolling = (today: CalendarDate, count: number, unit: Unit): Range => [addDays(step[unit](today, -count), 1), addDays(today, 1)];
/** The calendar unit `offset` units from the current one (0 = this one, -1 = the previous one). */
export function calendarUnit(today: CalendarDate, unit: Unit, offset: number): Range {
  const start = step[unit](startOf[unit](today), offset);
  return [start, step[unit](start, 1)];
}
/** "March" without a year: the latest March that has begun. */
const latestMonth = (today: CalendarDate, month: number, year?: number): Range => {
  const y = year ?? (month <= month0(today) ? thisYear(today) : thisYear(today) - 1);
  return [ymd(y, month), ymd(y, month + 1)];
};
const quarter = (y: number, q: number): Range => [ymd(y, (q - 1) * 3 + 1), ymd(y, q * 3 + 1)];
/** "Q3" without a year: the latest third quarter that has begun. */
const latestQuarter = (today: CalendarDate, q: number): Range => quarter((q - 1) * 3 + 1 <= month0(today) ? thisYear(today) : thisYear(today) - 1, q);
const half = (y: number, h: number): Range => [ymd(y, h === 1 ? 1 : 7), ymd(h === 1 ? y : y + 1, h === 1 ? 7 : 1)];
const latestHalf = (today: CalendarDate, h: number): Range => half(h === 1 || month0(today) >= 7 ? thisYear(today) : thisYear(today) - 1, h);
const day = (y: number, m: number, d: number): Range | undefined => {
  const date = ymd(y, m, d);
  return date.getUTCMonth() + 1 === m && date.getUTCDate() === d ? [date, addDays(date, 1)] : undefined;
};
/** "11月1日" without a year: the latest such day up to today. */
const latestDay = (today: CalendarDate, m: number, d: number, year?: number): Range | undefined => {
  const y = year ?? (m < month0(today) || (m === month0(today) && d <= today.getUTCDate()) ? thisYear(today) : thisYear(today) - 1);
  return day(y, m, d);
};
const sinceStart = (today: CalendarDate, start: CalendarDate): Range => [start, addDays(today, 1)];

/** Which year's holiday: "去年双十一", "last year's singles day", "double 11 2025"; none said → the latest. */
const HOLIDAY_YEAR_ZH = '(?:(去年|今年|前年|\\d{4}年?)的?)?';
const HOLIDAY_YEAR_EN = "(?:(last year's|this year's|\\d{4}(?:'s)?)\\s+)?";
const HOLIDAY_YEAR_AFTER = '(?:\\s+(\\d{4}|last year|this year))?';
function holidayYear(today: CalendarDate, said: string | undefined): number | undefined {
  if (said === undefined) return undefined;
  if (/前年/.test(said)) return thisYear(today) - 2;
  if (/去年|last year/.test(said)) return thisYear(today) - 1;
  if (/今年|this year/.test(said)) return thisYear(today);
  return n(/\d{4}/.exec(said)?.[0]);
}
/** A holiday's pattern with the year said before (group 1) or after (group 2) it. */
const holiday = (en: string, zh: string) => new RegExp(`${HOLIDAY_YEAR_EN}\\b(?:${en})\\b${HOLIDAY_YEAR_AFTER}|${HOLIDAY_YEAR_ZH}(?:${zh})`);
const isoDate = (y: string, m: string, d: string) => day(Number(y), Number(m), Number(d))?.[0];

/** Months from one to another: the year of either end fills in the other's; neither → the latest such span begun. */
function monthSpan(today: CalendarDate, from: number | undefined, to: number | undefined, y1?: number, y2?: number): Range | undefined {
  if (!validMonth(from) || !validMonth(to)) return undefined;
  const startYear = y1 ?? (y2 !== undefined ? (from <= to ? y2 : y2 - 1) : latestMonth(today, from)[0].getUTCFullYear());
  const endYear = y2 ?? (to >= from ? startYear : startYear + 1);
  const start = ymd(startYear, from);
  const end = ymd(endYear, to + 1);
  return start < end ? [start, end] : undefined;
}

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const ZH_WEEKDAY: Record<string, number> = { 一: 0, 二: 1, 三: 2, 四: 3, 五: 4, 六: 5, 日: 6, 天: 6 };
/** Days since this week's Monday (weeks start on Monday, as calendarUnit's do). */
const sinceMonday = (t: CalendarDate) => (t.getUTCDay() + 6) % 7;
/** Weekday `d` (Monday 0) of the week `offset` weeks from this one. */
const weekday = (t: CalendarDate, offset: number, d: number): Range => {
  const start = addDays(t, 7 * offset - sinceMonday(t) + d);
  return [start, addDays(start, 1)];
};
/** The latest weekday `d` that is not after today ("on Monday"); a week earlier with "last". */
const latestWeekday = (t: CalendarDate, d: number, last: boolean): Range => {
  const back = (sinceMonday(t) - d + 7) % 7 + (last && sinceMonday(t) === d ? 7 : 0);
  const start = addDays(t, -back);
  return [start, addDays(start, 1)];
};

/** Ordered from most to least specific: the first rule that matches wins. */
const rules: Rule[] = [
  // a day of the week: before the weeks, so "上周一" is Monday, not all of last week
  {
    // Not "一周" (a week), "上周一共" (last week in all), nor "周天猫" (the week, then Tmall):
    // 天 is Sunday only after 星期 or 礼拜.
    // "周一以来": from that day to today.
    re: /(?<![一二两三四五六七八九十\d几每])(上上|上|本|这)?个?(?:周([一二三四五六日])|(?:星期|礼拜)([一二三四五六日天]))(以来|至今|到现在)?(?![共起下些直样般定切])/,
    range: (m, t) => {
      const d = ZH_WEEKDAY[(m[2] ?? m[3])!]!;
      const day = m[1] ? weekday(t, m[1] === '上上' ? -2 : m[1] === '上' ? -1 : 0, d) : latestWeekday(t, d, false);
      return m[4] ? sinceStart(t, day[0]) : day;
    },
  },
  { re: new RegExp(`\\bsince\\s+(?:last\\s+)?(${WEEKDAYS.join('|')})\\b`), range: (m, t) => sinceStart(t, latestWeekday(t, WEEKDAYS.indexOf(m[1]!), false)[0]) },
  {
    re: new RegExp(`\\b(?:(?:on|last|this|previous)\\s+)?(${WEEKDAYS.join('|')})\\b`),
    range: (m, t) => {
      const d = WEEKDAYS.indexOf(m[1]!);
      if (/^this\s/.test(m[0])) return weekday(t, 0, d);
      return latestWeekday(t, d, /^(?:last|previous)\s/.test(m[0]));
    },
  },
  // explicit ranges
  {
    re: /(?:\b(?:from|between)\s+)?(\d{4})-(\d{1,2})-(\d{1,2})\s*(?:to|until|till|through|and|-|–|~|到|至)\s*(\d{4})-(\d{1,2})-(\d{1,2})/,
    range: (m) => {
      const start = isoDate(m[1]!, m[2]!, m[3]!);
      const last = isoDate(m[4]!, m[5]!, m[6]!);
      return start && last && start <= last ? [start, addDays(last, 1)] : undefined;
    },
  },
  {
    re: new RegExp(`(?:\\b(?:from|between)\\s+)?\\b${MONTH}(?:\\s+${YEAR})?${TO}${MONTH}(?:\\s+${YEAR})?\\b`),
    range: (m, t) => monthSpan(t, monthIndex(m[1]!), monthIndex(m[3]!), n(m[2]), n(m[4])),
  },
  {
    re: new RegExp(`(?:从|自)?(?:(\\d{4})年)?${ZH_N}月(?:份)?${ZH_TO}(?:(\\d{4})年)?${ZH_N}月(?:份)?`),
    range: (m, t) => monthSpan(t, n(m[2]), n(m[4]), n(m[1]), n(m[3])),
  },
  {
    // "1-3月", "2025年1到3月": one 月 for both ends.
    re: new RegExp(`(?:从|自)?(?:(\\d{4})年)?${ZH_N}${ZH_TO}${ZH_N}月(?:份)?`),
    range: (m, t) => monthSpan(t, n(m[2]), n(m[3]), n(m[1])),
  },
  // since …
  { re: /\bsince\s+(?:the\s+)?(?:start|beginning)\s+of\s+(?:the\s+|this\s+)?(week|month|quarter|year)\b/, range: (m, t) => sinceStart(t, startOf[unitOf(m[1]!)](t)) },
  { re: /\bsince\s+(?:last|the\s+previous)\s+(week|month|quarter|year)\b/, range: (m, t) => sinceStart(t, calendarUnit(t, unitOf(m[1]!), -1)[0]) },
  { re: new RegExp(`\\bsince\\s+${MONTH}(?:\\s+${YEAR})?`), range: (m, t) => sinceStart(t, latestMonth(t, monthIndex(m[1]!), n(m[2]))[0]) },
  { re: new RegExp(`\\bsince\\s+${YEAR}`), range: (m, t) => sinceStart(t, ymd(Number(m[1]), 1)) },
  { re: /(?:自|从)?上个?(周|星期|月|季度)(?:以来|至今|到现在)/, range: (m, t) => sinceStart(t, calendarUnit(t, unitOf(m[1]!), -1)[0]) },
  {
    re: new RegExp(`(?:自|从)?(?:(\\d{4})年)?${ZH_N}月(?:份)?(?:以来|至今|到现在)`),
    range: (m, t) => {
      const month = n(m[2]);
      return validMonth(month) ? sinceStart(t, latestMonth(t, month, n(m[1]))[0]) : undefined;
    },
  },
  { re: /(?:自|从)?(\d{4})年(?:以来|至今|到现在)/, range: (m, t) => sinceStart(t, ymd(Number(m[1]), 1)) },
  {
    re: /\b(?:year[- ]to[- ]date|ytd|so far this year|this year so far)\b|年初至今|年初以来|今年以来|今年至今|今年到目前为止|本年至今/,
    range: (_m, t) => sinceStart(t, startOfYear(t)),
  },
  { re: /\b(?:quarter[- ]to[- ]date|qtd|so far this quarter|this quarter so far)\b|本季度至今|本季度以来/, range: (_m, t) => sinceStart(t, startOfQuarter(t)) },
  { re: /\b(?:month[- ]to[- ]date|mtd|so far this month|this month so far)\b|本月至今|本月以来|这个月到目前为止/, range: (_m, t) => sinceStart(t, startOfMonth(t)) },
  // a single day
  {
    re: /\b(\d{4})-(\d{1,2})-(\d{1,2})\b/,
    range: (m) => day(Number(m[1]), Number(m[2]), Number(m[3])),
  },
  { re: holiday("double (?:11|eleven)|singles'? day|11[./]11", '双十一|双11|11\\.11'), range: (m, t) => latestDay(t, 11, 11, holidayYear(t, m[1] ?? m[2] ?? m[3])) },
  // National Day golden week, 1–7 October.
  {
    re: holiday('national day|golden week', '国庆(?:节|黄金周)?(?:期间)?'),
    range: (m, t) => {
      const start = latestDay(t, 10, 1, holidayYear(t, m[1] ?? m[2] ?? m[3]))?.[0];
      return start ? [start, addDays(start, 7)] : undefined;
    },
  },
  {
    re: new RegExp(`(?:(\\d{4})年)?${ZH_N}月${ZH_N}[日号]`),
    range: (m, t) => {
      const month = n(m[2]);
      const date = n(m[3]);
      return validMonth(month) && date !== undefined ? latestDay(t, month, date, n(m[1])) : undefined;
    },
  },
  {
    re: new RegExp(`\\b(?:on\\s+)?${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?(?!\\d)(?:,?\\s+${YEAR})?\\b`),
    range: (m, t) => latestDay(t, monthIndex(m[1]!), Number(m[2]), n(m[3])),
  },
  {
    re: new RegExp(`\\b(?:on\\s+)?(?:the\\s+)?(\\d{1,2})(?:st|nd|rd|th)\\s+(?:of\\s+)?${MONTH}(?:,?\\s+${YEAR})?\\b`),
    range: (m, t) => latestDay(t, monthIndex(m[2]!), Number(m[1]), n(m[3])),
  },
  // explicit quarter, half and month
  { re: new RegExp(`\\bq([1-4])\\s*(?:of\\s+)?${YEAR}|${YEAR}\\s*q([1-4])\\b`), range: (m) => (m[1] ? quarter(Number(m[2]), Number(m[1])) : quarter(Number(m[3]), Number(m[4]))) },
  {
    re: new RegExp(`\\b(?:the\\s+)?(first|second|third|fourth|1st|2nd|3rd|4th)\\s+quarter(?:\\s+of)?(?:\\s+${YEAR}|\\s+(last|this)\\s+year)?\\b`),
    range: (m, t) => {
      const q = ORDINAL[m[1]!]!;
      if (m[2]) return quarter(Number(m[2]), q);
      return m[3] ? quarter(thisYear(t) + yearOffset(m[3]), q) : latestQuarter(t, q);
    },
  },
  { re: /\bq([1-4])\s+(?:of\s+)?(last|this)\s+year\b|\b(last|this)\s+year'?s?\s+q([1-4])\b/, range: (m, t) => quarter(thisYear(t) + yearOffset(m[2] ?? m[3]), Number(m[1] ?? m[4])) },
  { re: /(\d{4})年?\s*(?:第?([一二三四1-4])季度|q([1-4]))/, range: (m) => quarter(Number(m[1]), ZH_QUARTER[m[2] ?? m[3]!]!) },
  { re: new RegExp(`${ZH_REL_YEAR}\\s*(?:第?([一二三四1-4])季度|q([1-4]))`), range: (m, t) => quarter(thisYear(t) + yearOffset(m[1]), ZH_QUARTER[m[2] ?? m[3]!]!) },
  {
    re: new RegExp(`\\b(?:the\\s+)?(first|second)\\s+half(?:\\s+of)?(?:\\s+${YEAR}|\\s+(last|this)\\s+year|\\s+the\\s+year)?\\b`),
    range: (m, t) => {
      const h = m[1] === 'first' ? 1 : 2;
      if (m[2]) return half(Number(m[2]), h);
      return m[3] ? half(thisYear(t) + yearOffset(m[3]), h) : latestHalf(t, h);
    },
  },
  {
    re: new RegExp(`\\bh([12])\\s*${YEAR}|${YEAR}\\s*h([12])\\b|\\bh([12])\\b`),
    range: (m, t) => (m[5] ? latestHalf(t, Number(m[5])) : m[1] ? half(Number(m[2]), Number(m[1])) : half(Number(m[3]), Number(m[4]))),
  },
  {
    re: new RegExp(`(?:(\\d{4})年|${ZH_REL_YEAR})?(上|下)半年`),
    range: (m, t) => {
      const h = m[3] === '上' ? 1 : 2;
      if (m[1]) return half(Number(m[1]), h);
      return m[2] ? half(thisYear(t) + yearOffset(m[2]), h) : latestHalf(t, h);
    },
  },
  {
    re: new RegExp(`(?:(\\d{4})年|${ZH_REL_YEAR})前(${NUMBER})个?(月|季度)`),
    range: (m, t) => {
      const y = m[1] ? Number(m[1]) : thisYear(t) + yearOffset(m[2]);
      const count = n(m[3]);
      const per = m[4] === '月' ? 1 : 3;
      return count && count * per <= 12 ? [ymd(y, 1), ymd(y, 1 + count * per)] : undefined;
    },
  },
  {
    re: new RegExp(`前(${NUMBER})个?季度`),
    range: (m, t) => {
      const count = n(m[1]);
      return count && count <= 4 ? [ymd(thisYear(t), 1), ymd(thisYear(t), 1 + count * 3)] : undefined;
    },
  },
  {
    re: new RegExp(`\\b(?:the\\s+)?first\\s+(${NUMBER})\\s+months\\s+of\\s+(?:${YEAR}|(last|this)\\s+year|the\\s+year)\\b`),
    range: (m, t) => {
      const count = n(m[1]);
      const y = m[2] ? Number(m[2]) : thisYear(t) + yearOffset(m[3]);
      return count && count <= 12 ? [ymd(y, 1), ymd(y, 1 + count)] : undefined;
    },
  },
  { re: new RegExp(`(?:\\bin\\s+)?${MONTH}\\s+(?:of\\s+)?${YEAR}`), range: (m, t) => latestMonth(t, monthIndex(m[1]!), Number(m[2])) },
  { re: new RegExp(`(?:\\bin\\s+)?${MONTH}\\s+(?:of\\s+)?(last|this)\\s+year\\b`), range: (m, t) => latestMonth(t, monthIndex(m[1]!), thisYear(t) + yearOffset(m[2])) },
  {
    re: new RegExp(`(\\d{4})年${ZH_N}月(?:份)?`),
    range: (m, t) => {
      const month = n(m[2]);
      return validMonth(month) ? latestMonth(t, month, Number(m[1])) : undefined;
    },
  },
  {
    re: new RegExp(`${ZH_REL_YEAR}${ZH_N}月(?:份)?`),
    range: (m, t) => {
      const month = n(m[2]);
      return validMonth(month) ? latestMonth(t, month, thisYear(t) + yearOffset(m[1])) : undefined;
    },
  },
  // rolling windows
  {
    re: new RegExp(`\\b(?:in\\s+|over\\s+|for\\s+|within\\s+|during\\s+)?(?:the\\s+)?(?:last|past|previous|recent|trailing)\\s+(${NUMBER})\\s+(day|week|month|quarter|year)s?\\b`),
    range: (m, t) => {
      const count = n(m[1]);
      return count ? rolling(t, count, unitOf(m[2]!)) : undefined;
    },
  },
  { re: /\b(?:in\s+|over\s+|for\s+|within\s+|during\s+)?(?:the\s+)?(?:last|past)\s+(?:half\s+(?:a\s+)?year|six\s+months)\b/, range: (_m, t) => rolling(t, 6, 'month') },
  { re: /\b(?:in\s+|over\s+|for\s+|within\s+|during\s+)?(?:the\s+)?past\s+(week|month|quarter|year)\b/, range: (m, t) => rolling(t, 1, unitOf(m[1]!)) },
  {
    re: new RegExp(`(?:近|最近|过去|前)(?:的)?\\s*(${NUMBER})\\s*(?:个)?\\s*(天|日|周|星期|月|季度|年)`),
    range: (m, t) => {
      const count = n(m[1]);
      return count ? rolling(t, count, unitOf(m[2]!)) : undefined;
    },
  },
  { re: /(?:近|最近|过去)(?:的)?半年/, range: (_m, t) => rolling(t, 6, 'month') },
  // calendar units relative to today
  { re: /\b(?:the\s+)?day\s+before\s+yesterday\b|(?<!大)前天/, range: (_m, t) => calendarUnit(t, 'day', -2) },
  { re: /\btoday\b|今天|今日/, range: (_m, t) => calendarUnit(t, 'day', 0), relative: () => ({ unit: 'day', offset: 0 }) },
  { re: /\byesterday\b|昨天|昨日/, range: (_m, t) => calendarUnit(t, 'day', -1), relative: () => ({ unit: 'day', offset: -1 }) },
  {
    re: /\b(?:this|current)\s+(week|month|quarter|year)\b/,
    range: (m, t) => calendarUnit(t, unitOf(m[1]!), 0),
    relative: (m) => ({ unit: unitOf(m[1]!), offset: 0 }),
  },
  {
    re: /\bthe\s+(week|month|quarter|year)\s+before\s+last\b/,
    range: (m, t) => calendarUnit(t, unitOf(m[1]!), -2),
  },
  {
    re: /\b(?:last|previous|prior)\s+(week|month|quarter|year)\b/,
    range: (m, t) => calendarUnit(t, unitOf(m[1]!), -1),
    relative: (m) => ({ unit: unitOf(m[1]!), offset: -1 }),
  },
  {
    re: /(?:本|这个?|当)(周|星期|月|季度|年度)|(今)年/,
    range: (m, t) => calendarUnit(t, unitOf(m[1] ?? '年'), 0),
    relative: (m) => ({ unit: unitOf(m[1] ?? '年'), offset: 0 }),
  },
  { re: /上上个?(周|星期|月|季度)/, range: (m, t) => calendarUnit(t, unitOf(m[1]!), -2) },
  {
    re: /(?:上个?|上一个?)(周|星期|月|季度)|(去)年/,
    range: (m, t) => calendarUnit(t, unitOf(m[1] ?? '年'), -1),
    relative: (m) => ({ unit: unitOf(m[1] ?? '年'), offset: -1 }),
  },
  { re: /前年/, range: (_m, t) => calendarUnit(t, 'year', -2) },
  // a quarter, month or year on its own
  { re: /\bq([1-4])\b|第?([一二三四])季度/, range: (m, t) => latestQuarter(t, ZH_QUARTER[m[1] ?? m[2]!]!) },
  // "may" is also a verb ("may I see…"): only as a month after a preposition.
  { re: new RegExp(`(?:\\b(in|during|of|since|for)\\s+)?\\b${MONTH}\\b`), range: (m, t) => (m[2] === 'may' && !m[1] ? undefined : latestMonth(t, monthIndex(m[2]!))) },
  {
    re: new RegExp(`(?<![个近过前上下本这每当])${ZH_N}月(?:份)?`),
    range: (m, t) => {
      const month = n(m[1]);
      return validMonth(month) ? latestMonth(t, month) : undefined;
    },
  },
  { re: new RegExp(`(?:\\bin\\s+)?\\b${YEAR}(?:年度?)?`), range: (m) => [ymd(Number(m[1]), 1), ymd(Number(m[1]) + 1, 1)] },
  // "recently" with no number: the last 30 days, said back in the reading line.
  { re: /\b(?:recently|lately|of late)\b|近期|最近(?!购买|一次)/, range: (_m, t) => rolling(t, 30, 'day') },
];

export interface PeriodMatch {
  period: Period;
  /** Where in the text the period was said, so the parser can set those words aside. */
  index: number;
  length: number;
  /** Set for periods relative to today's calendar unit ("last month": month, -1). */
  relative?: { unit: Unit; offset: number };
}

/** Finds the first period mentioned in `text` (lower-cased, NFKC-normalized). */
export function findPeriod(text: string, today: CalendarDate): PeriodMatch | undefined {
  for (const rule of rules) {
    const re = new RegExp(rule.re.source, rule.re.flags.includes('g') ? rule.re.flags : `${rule.re.flags}g`);
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (m[0] === '') {
        re.lastIndex++;
        continue;
      }
      const range = rule.range(m, today);
      if (!range) continue;
      const label = m[0].trim().replace(/^(in|over|for|within|during|on)\s+/, '');
      return { period: { start: iso(range[0]), end: iso(range[1]), label }, index: m.index, length: m[0].length, relative: rule.relative?.(m) };
    }
  }
  return undefined;
}
