/**
 * Cron expressions as node-cron reads them, and the ticks a schedule passed while no scheduler
 * ran. Both lean on node-cron itself (validateDetailed, parse, a task's match) rather than a
 * second cron library, so "missed" means exactly the ticks node-cron would have fired: node-cron
 * requires day-of-month AND day-of-week to match, where most cron libraries accept either.
 */
import { parse, validateDetailed, type ScheduledTask } from 'node-cron';
import { PrecisError } from '../errors.ts';

/**
 * The expression, tidied, or a usage error saying which field is wrong. Seconds are refused:
 * a tick is one minute (the run key is kept to the minute), and reports need no finer grain.
 *
 * @example checkCron(' 0  9 * * 1') // '0 9 * * 1'
 */
export function checkCron(expression: string): string {
  const tidy = expression.trim().replace(/\s+/g, ' ');
  const fields = tidy.split(' ');
  if (fields.length === 6) throw new PrecisError('usage', { detail: `"${tidy}" has a seconds field; schedules take five fields: minute hour day-of-month month day-of-week, e.g. "0 9 * * 1".` });
  const checked = validateDetailed(tidy);
  if (!checked.valid || (fields.length !== 5 && !tidy.startsWith('@'))) {
    const why = checked.errors.map((e) => e.message).join('; ') || 'five fields are needed: minute hour day-of-month month day-of-week';
    throw new PrecisError('usage', { detail: `"${tidy}" is not a cron expression (${why}), e.g. "0 9 * * 1" is Mondays at 09:00.` });
  }
  return tidy;
}

export interface MissedTicks {
  count: number;
  first: Date;
  last: Date;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Minute of the hour on a wall clock in `timeZone` at `at` (the zone's offset, modulo an hour). */
function localMinute(format: Intl.DateTimeFormat, at: number): number {
  return Number(format.formatToParts(new Date(at)).find((p) => p.type === 'minute')?.value ?? 0);
}

/**
 * The ticks of `task` (created in `timeZone`) in (`after`, `until`], or undefined when none.
 * Walks hour by hour and asks node-cron only about the minutes that can match in that hour, so a
 * weekly schedule costs one check per hour rather than sixty. Whole-hour offset changes (most
 * DST) keep the minute mapping; an hour in which it moves (a half-hour shift) is checked minute by
 * minute.
 */
export function missedTicks(task: ScheduledTask, timeZone: string, after: Date, until: Date): MissedTicks | undefined {
  const minutes = parse(task.getPattern()).minute;
  const format = new Intl.DateTimeFormat('en-US', { timeZone, minute: 'numeric', hourCycle: 'h23' });
  let count = 0;
  let first: number | undefined;
  let last = 0;
  const start = Math.floor(after.getTime() / MINUTE) * MINUTE + MINUTE;
  const end = until.getTime();
  for (let hour = Math.floor(start / HOUR) * HOUR; hour <= end; hour += HOUR) {
    const shift = localMinute(format, hour);
    const steady = (localMinute(format, hour + HOUR - MINUTE) - shift + 60) % 60 === 59;
    const candidates = steady ? minutes.map((m) => (m - shift + 60) % 60) : Array.from({ length: 60 }, (_, m) => m);
    for (const m of candidates.sort((a, b) => a - b)) {
      const at = hour + m * MINUTE;
      if (at < start || at > end || !task.match(new Date(at))) continue;
      count += 1;
      first ??= at;
      last = at;
    }
  }
  return first === undefined ? undefined : { count, first: new Date(first), last: new Date(last) };
}
