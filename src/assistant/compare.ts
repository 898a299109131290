/**
 * Period comparison ("this month vs last month", "同比"): the same plan run for both periods,
 * joined on the dimension values. Each metric gets its previous value and the relative change.
 */
import { t, type Lang } from '../messages/index.ts';
import { addDays, addMonths, daysBetween, fromIso, iso, monthsBetween, startOfWeek, ymd } from '../nl/calendar.ts';
import type { Period, QuerySpec, Sort } from '../query/dsl.ts';
import { dimensionDef, dimensionIds, type DimensionId } from '../semantic/index.ts';
import type { TimeGrain } from '../semantic/types.ts';
import type { Cell, Column } from './types.ts';

const pad = (n: number) => String(n).padStart(2, '0');

/** The first day of a time label as the store writes it (see timeGrainFormat): "2026-03", "2026-W09", "2026-Q1". */
function bucketStart(grain: TimeGrain, label: string): Date | undefined {
  const m = /^(\d{4})(?:-(?:W(\d{2})|Q(\d)|(\d{2}))(?:-(\d{2}))?)?$/.exec(label);
  if (!m) return undefined;
  const year = Number(m[1]);
  if (grain === 'week' && m[2]) {
    // ISO week 1 is the week with 4 January in it.
    return addDays(startOfWeek(ymd(year, 1, 4)), 7 * (Number(m[2]) - 1));
  }
  if (grain === 'quarter' && m[3]) return ymd(year, 3 * (Number(m[3]) - 1) + 1);
  return ymd(year, m[4] ? Number(m[4]) : 1, m[5] ? Number(m[5]) : 1);
}

function bucketLabel(grain: TimeGrain, d: Date): string {
  const [y, mo] = [d.getUTCFullYear(), d.getUTCMonth() + 1];
  if (grain === 'day') return iso(d);
  if (grain === 'month') return `${y}-${pad(mo)}`;
  if (grain === 'quarter') return `${y}-Q${Math.ceil(mo / 3)}`;
  if (grain === 'year') return String(y);
  // An ISO week belongs to the year its Thursday is in.
  const thursday = addDays(startOfWeek(d), 3);
  const week = 1 + Math.floor(daysBetween(ymd(thursday.getUTCFullYear(), 1, 1), thursday) / 7);
  return `${thursday.getUTCFullYear()}-W${pad(week)}`;
}

/**
 * "Revenue by month, this year vs last year": the compared period's months are other months, so
 * before the join each earlier time label is moved by the distance between the two periods'
 * starts (whole months when both start on the 1st, else days): March 2025 meets March 2026.
 */
export function alignComparedTimes(columns: Column[], previous: Cell[][], current: Period, compared: Period): Cell[][] {
  const [from, to] = [fromIso(compared.start), fromIso(current.start)];
  const months = monthsBetween(from, to);
  const days = daysBetween(from, to);
  const grains = columns.map((c) => (c.role === 'dimension' && (dimensionIds as string[]).includes(c.id) ? dimensionDef(c.id as DimensionId).grain : undefined));
  if (grains.every((g) => g === undefined)) return previous;
  return previous.map((row) => row.map((cell, i) => {
    const grain = grains[i];
    const start = grain && typeof cell === 'string' ? bucketStart(grain, cell) : undefined;
    if (!grain || !start) return cell;
    const coarse = grain === 'month' || grain === 'quarter' || grain === 'year';
    return bucketLabel(grain, coarse && months !== undefined ? addMonths(start, months) : addDays(start, days));
  }));
}

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

/**
 * A period still running ("this month" on the 29th) against a whole earlier one would set 29
 * days against 31 and report a fall that is only the calendar. Both are cut to the days of the
 * current period begun by `today` (today included), so growth compares like with like.
 * Undefined when the current period is over or not begun.
 */
export function toDateSpans(current: Period, previous: Period, today: string): { current: Period; previous: Period; days: number } | undefined {
  const tomorrow = iso(addDays(fromIso(today), 1));
  if (current.end <= tomorrow || current.start > today) return undefined;
  const days = daysBetween(fromIso(current.start), fromIso(tomorrow));
  const previousEnd = iso(addDays(fromIso(previous.start), days));
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
