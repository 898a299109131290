/**
 * The catalog is checked when it loads (every problem listed at once), and the volume scores
 * behave as a person reading them expects: a steady history scores near zero, a collapse far out,
 * and a Monday is compared with Mondays even across a daylight-saving change.
 */
import { describe, expect, it } from 'vitest';
import { loadCatalog, qualityChecks } from '../../src/quality/checks.ts';
import { robustZ, weekdayWindows } from '../../src/quality/robust.ts';

describe('quality check catalog', () => {
  it('loads the built-in catalog, every dimension covered', () => {
    const dims = new Set(qualityChecks().map((c) => c.dimension));
    expect([...dims].sort()).toEqual(['completeness', 'consistency', 'timeliness', 'uniqueness', 'validity']);
  });

  it('refuses unknown columns, duplicate ids and bad thresholds, naming each', () => {
    const base = { table: 'orders', dimension: 'validity', threshold: { unit: 'count', direction: 'at_most', limit: 0 } };
    expect(() =>
      loadCatalog([
        { ...base, id: 'orders.currancy.format', kind: 'format', column: 'currancy', format: 'currency_code' },
        { ...base, id: 'orders.currency.allowed', kind: 'allowed', column: 'currency', values: ['CNY'] },
        { ...base, id: 'orders.currency.allowed', kind: 'allowed', column: 'currency', values: ['CNY'] },
        { ...base, id: 'orders.total.sum', kind: 'sum_matches', column: 'total_base_minor', child: 'order_items', childKey: 'order', childColumn: 'line_total_base_minor' },
        { ...base, id: 'orders.x.neg', kind: 'range', column: 'total_minor', rule: 'positive', threshold: { unit: 'percent', direction: 'at_most', limit: -1 } },
      ]),
    ).toThrow(
      [
        'The quality check catalog is invalid:',
        'orders.currancy.format: orders has no column currancy',
        'orders.currency.allowed: declared twice',
        'orders.total.sum: order_items has no column order',
        'check 4: threshold.limit: Too small: expected number to be >=0',
      ].join('\n'),
    );
  });
});

describe('robust volume scores', () => {
  it('scores a steady history near zero and a collapse far out', () => {
    expect(robustZ(101, [100, 104, 98, 101, 97, 103])).toBeCloseTo(0.1349, 4);
    expect(robustZ(30, [100, 104, 98, 101, 97, 103])).toBeCloseTo((0.6745 * (30 - 100.5)) / 2.5, 6);
  });

  it('falls back to the mean deviation when most of the history is identical, and to ±99 when all of it is', () => {
    expect(robustZ(20, [10, 10, 10, 10, 14])).toBeCloseTo(10 / (1.2533 * 0.8), 6);
    expect(robustZ(10, [10, 10, 10])).toBe(0);
    expect(robustZ(11, [10, 10, 10])).toBe(99);
  });

  it('compares the last full local day with the same weekday, across a daylight-saving change', () => {
    // Wednesday 2026-03-11 in New York; DST began on Sunday 8 March.
    const [day, weekBefore] = weekdayWindows(new Date('2026-03-11T15:00:00Z'), 'America/New_York', 1);
    expect(day).toEqual({ start: new Date('2026-03-10T04:00:00Z'), end: new Date('2026-03-11T04:00:00Z') });
    expect(weekBefore).toEqual({ start: new Date('2026-03-03T05:00:00Z'), end: new Date('2026-03-04T05:00:00Z') });
  });
});
