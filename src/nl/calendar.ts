/**
 * Calendar-date arithmetic for periods. A CalendarDate is a date without a time, in the store's
 * time zone; it is carried as a UTC-midnight Date so arithmetic never crosses a DST edge.
 */

export type CalendarDate = Date;

const DAY_MS = 86_400_000;

/** Today's date in `timeZone`, as seen at instant `now`. */
export function todayIn(now: Date, timeZone: string): CalendarDate {
  const ymd = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  return fromIso(ymd);
}

/** A date as periods write it ("2026-11-01"). */
export const fromIso = (date: string): CalendarDate => new Date(`${date}T00:00:00Z`);

export const ymd = (y: number, m: number, d = 1): CalendarDate => new Date(Date.UTC(y, m - 1, d));
export const iso = (d: CalendarDate): string => d.toISOString().slice(0, 10);
export const addDays = (d: CalendarDate, n: number): CalendarDate => new Date(d.getTime() + n * DAY_MS);
export const daysBetween = (from: CalendarDate, to: CalendarDate): number => Math.round((to.getTime() - from.getTime()) / DAY_MS);
/** Whole months from `from` to `to` when both are the first of a month, else undefined. */
export const monthsBetween = (from: CalendarDate, to: CalendarDate): number | undefined =>
  from.getUTCDate() === 1 && to.getUTCDate() === 1 ? (to.getUTCFullYear() - from.getUTCFullYear()) * 12 + to.getUTCMonth() - from.getUTCMonth() : undefined;
export const addMonths = (d: CalendarDate, n: number): CalendarDate => ymd(d.getUTCFullYear(), d.getUTCMonth() + 1 + n, d.getUTCDate());

export const startOfMonth = (d: CalendarDate) => ymd(d.getUTCFullYear(), d.getUTCMonth() + 1);
export const startOfQuarter = (d: CalendarDate) => ymd(d.getUTCFullYear(), Math.floor(d.getUTCMonth() / 3) * 3 + 1);
export const startOfYear = (d: CalendarDate) => ymd(d.getUTCFullYear(), 1);
/** Weeks start on Monday (ISO 8601), as in China and most of the world's retail calendars. */
export const startOfWeek = (d: CalendarDate) => addDays(d, -((d.getUTCDay() + 6) % 7));
