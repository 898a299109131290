/**
 * The missed-run scan must count exactly the ticks node-cron itself would have fired, in the
 * schedule's zone, including across daylight-saving changes and half-hour offsets; its hour-by-hour
 * shortcut is checked against a plain minute-by-minute walk over the same task.
 */
import { createTask } from 'node-cron';
import { afterAll, describe, expect, it } from 'vitest';
import { PrecisError } from '../../src/errors.ts';
import { checkCron, missedTicks } from '../../src/schedule/cron.ts';

const tasks: { destroy(): void | Promise<void> }[] = [];
afterAll(async () => {
  for (const task of tasks) await task.destroy();
});

function taskIn(cron: string, timeZone: string) {
  const task = createTask(cron, () => undefined, { timezone: timeZone });
  tasks.push(task);
  return task;
}

/** Every minute in (after, until] that node-cron's own matcher accepts. */
function bruteForce(cron: string, timeZone: string, after: Date, until: Date): Date[] {
  const task = taskIn(cron, timeZone);
  const out: Date[] = [];
  for (let at = Math.floor(after.getTime() / 60_000) * 60_000 + 60_000; at <= until.getTime(); at += 60_000) if (task.match(new Date(at))) out.push(new Date(at));
  return out;
}

describe('missedTicks', () => {
  const cases: [string, string, string, string][] = [
    ['0 9 * * 1', 'Asia/Shanghai', '2026-11-01T00:00:00Z', '2026-11-29T00:00:00Z'],
    ['30 2 * * *', 'Europe/Berlin', '2026-03-25T00:00:00Z', '2026-04-02T00:00:00Z'], // 02:30 does not exist on 29 March
    ['30 1 * * *', 'America/New_York', '2026-10-30T00:00:00Z', '2026-11-03T00:00:00Z'], // 01:30 happens twice on 1 November
    ['15,45 */3 * * *', 'Asia/Kolkata', '2026-06-01T00:00:00Z', '2026-06-04T00:00:00Z'], // +05:30
    ['0 0 1 * 1', 'UTC', '2026-05-20T00:00:00Z', '2026-06-20T00:00:00Z'], // day-of-month AND day-of-week, as node-cron reads it
    ['*/20 * * * *', 'Australia/Lord_Howe', '2026-04-04T10:00:00Z', '2026-04-05T20:00:00Z'], // a half-hour DST shift
  ];
  for (const [cron, zone, from, to] of cases) {
    it(`finds the same ticks as a minute-by-minute walk: "${cron}" in ${zone}`, () => {
      const expected = bruteForce(cron, zone, new Date(from), new Date(to));
      const got = missedTicks(taskIn(cron, zone), zone, new Date(from), new Date(to));
      expect(expected.length).toBeGreaterThan(0);
      expect(got).toEqual({ count: expected.length, first: expected[0], last: expected.at(-1) });
    });
  }

  it('counts a weekly schedule’s Mondays at 09:00 Shanghai time, after the last run and up to now', () => {
    const got = missedTicks(taskIn('0 9 * * 1', 'Asia/Shanghai'), 'Asia/Shanghai', new Date('2026-11-09T01:00:00Z'), new Date('2026-11-25T00:00:00Z'));
    expect(got).toEqual({ count: 2, first: new Date('2026-11-16T01:00:00Z'), last: new Date('2026-11-23T01:00:00Z') });
  });

  it('reads day-of-month and day-of-week together, as node-cron fires them: only a Monday the 1st', () => {
    const got = missedTicks(taskIn('0 0 1 * 1', 'UTC'), 'UTC', new Date('2026-05-20T00:00:00Z'), new Date('2026-06-20T00:00:00Z'));
    expect(got).toEqual({ count: 1, first: new Date('2026-06-01T00:00:00Z'), last: new Date('2026-06-01T00:00:00Z') });
  });

  it('finds nothing when no tick fell in the window', () => {
    expect(missedTicks(taskIn('0 9 * * 1', 'Asia/Shanghai'), 'Asia/Shanghai', new Date('2026-11-23T01:00:00Z'), new Date('2026-11-29T00:00:00Z'))).toBeUndefined();
  });
});

describe('checkCron', () => {
  it('tidies spacing', () => expect(checkCron('  0  9 * *   1 ')).toBe('0 9 * * 1'));

  it('says which field is wrong', () => {
    expect(() => checkCron('0 9 * * 8')).toThrow('"0 9 * * 8" is not a cron expression (8 is a invalid expression for week day)');
    expect(() => checkCron('0 9 * * 8')).toThrow(PrecisError);
  });

  it('refuses a seconds field, saying schedules take five fields', () => {
    expect(() => checkCron('0 0 9 * * 1')).toThrow('has a seconds field; schedules take five fields');
  });

  it('refuses too few fields', () => {
    expect(() => checkCron('0 9 *')).toThrow('is not a cron expression');
  });
});
