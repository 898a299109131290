/**
 * Robust anomaly scores for volumes: a value against its history by median and median absolute
 * deviation, so one earlier spike does not hide the next. Also the local-day windows the daily
 * volume checks count in (the last full day and the same weekday of earlier weeks).
 */
import { zonedToUtc } from '../ingest/values.ts';

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/**
 * 0.6745 · (x − median) / MAD. When more than half the history is identical (MAD 0), the mean
 * absolute deviation stands in (×1.2533, its normal-consistency factor); a value unlike a
 * perfectly flat history scores ±99, a value equal to it 0.
 *
 * @example robustZ(30, [100, 104, 98, 101, 97, 103]) // ≈ -19.0
 */
export function robustZ(value: number, history: readonly number[]): number {
  if (history.length === 0) return 0;
  const m = median(history);
  const mad = median(history.map((h) => Math.abs(h - m)));
  if (mad > 0) return (0.6745 * (value - m)) / mad;
  const meanAd = history.reduce((sum, h) => sum + Math.abs(h - m), 0) / history.length;
  if (meanAd > 0) return (value - m) / (1.2533 * meanAd);
  return value === m ? 0 : Math.sign(value - m) * 99;
}

/** Start of the local calendar day containing `at` in `timeZone`, as an instant. */
export function localDayStart(at: Date, timeZone: string): Date {
  const [y, m, d] = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at).split('-').map(Number) as [number, number, number];
  return zonedToUtc(y, m, d, 0, 0, 0, timeZone);
}

/**
 * The last full local day before `now`, then the same weekday 1…`weeks` weeks earlier: each as
 * [start, end). Weekly seasonality: a Monday is compared with Mondays.
 */
export function weekdayWindows(now: Date, timeZone: string, weeks: number): { start: Date; end: Date }[] {
  const today = localDayStart(now, timeZone);
  const windows: { start: Date; end: Date }[] = [];
  for (let k = 0; k <= weeks; k++) {
    // Local midnights found from noon, so a DST change inside the span cannot shift the day.
    const end = localDayStart(new Date(today.getTime() - k * 7 * 86_400_000 + 12 * 3_600_000), timeZone);
    const start = localDayStart(new Date(end.getTime() - 12 * 3_600_000), timeZone);
    windows.push({ start, end });
  }
  return windows;
}
