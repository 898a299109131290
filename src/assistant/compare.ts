/**
 * Period comparison ("this month vs last month", "同比"): the same plan run for both periods,
 * joined on the dimension values. Each metric gets its previous value and the relative change.
 */
import { t, type Lang } from '../messages/index.ts';
import { addDays, iso } from '../nl/calendar.ts';
import type { Period, QuerySpec, Sort } from '../query/dsl.ts';
import type { Cell, Column } from './types.ts';

/** Rows of the comparison period, joined onto the current rows by their dimension cells. */
export function joinComparison(columns: Column[], current: Cell[][], previous: Cell[][], lang: Lang): { columns: Column[]; rows: Cell[][] } {
  const dimCount = columns.filter((c) => c.role === 'dimension').length;
  const metricColumns = columns.slice(dimCount);
  const keyOf = (row: Cell[]) => JSON.stringify(row.slice(0, dimCount));
  const previousByKey = new Map(previous.map((row) => [keyOf(row), row]));

  const out: Column[] = [...columns.slice(0, dimCount)];
  for (const c of metricColumns) {
    out.push(c, { ...c, id: `${c.id}_previous`, label: t(lang, 'answer.previous', { label: c.label }) }, {
      id: `${c.id}_change`, label: t(lang, 'answer.change', { label: c.label }), role: 'metric', format: 'percent',
    });
  }
  const rows = current.map((row) => {
    const before = previousByKey.get(keyOf(row));
    const cells: Cell[] = row.slice(0, dimCount);
    metricColumns.forEach((_, i) => {
      const now = row[dimCount + i] ?? null;
      const then = before?.[dimCount + i] ?? null;
      const change = typeof now === 'number' && typeof then === 'number' && then !== 0 ? (now - then) / Math.abs(then) : null;
      cells.push(now, then, change);
    });
    return cells;
  });
  return { columns: out, rows };
}

const day = (date: string) => new Date(`${date}T00:00:00Z`);

/**
 * A period still running ("this month" on the 29th) against a whole earlier one would set 29
 * days against 31 and report a fall that is only the calendar. Both are cut to the days of the
 * current period begun by `today` (today included), so growth compares like with like.
 * Undefined when the current period is over or not begun.
 */
export function toDateSpans(current: Period, previous: Period, today: string): { current: Period; previous: Period; days: number } | undefined {
  const tomorrow = iso(addDays(day(today), 1));
  if (current.end <= tomorrow || current.start > today) return undefined;
  const days = Math.round((day(tomorrow).getTime() - day(current.start).getTime()) / 86_400_000);
  const previousEnd = iso(addDays(day(previous.start), days));
  return { current: { ...current, end: tomorrow }, previous: previousEnd < previous.end ? { ...previous, end: previousEnd } : previous, days };
}

/** Whether a comparison ranks by the change ("which city grew the most"); validation keeps `sort.change` to comparisons. */
export const ranksByChange = (query: QuerySpec): boolean => query.sort?.change === true;

/**
 * "Which city grew the most": joined rows ordered by the relative change of the sort's metric,
 * largest rise (or fall, ascending) first, rows with no change to show last, then cut to the
 * limit. Ties keep the statement's order (by value).
 */
export function rankByChange(columns: Column[], rows: Cell[][], sort: Sort, limit: number | null): Cell[][] {
  const at = columns.findIndex((c) => c.id === `${sort.metric}_change`);
  const change = (row: Cell[]) => (typeof row[at] === 'number' ? (row[at] as number) : null);
  const sign = sort.direction === 'asc' ? 1 : -1;
  const ranked = [...rows].sort((a, b) => {
    const x = change(a);
    const y = change(b);
    if (x === null || y === null) return Number(x === null) - Number(y === null);
    return sign * (x - y);
  });
  return limit === null ? ranked : ranked.slice(0, limit);
}
