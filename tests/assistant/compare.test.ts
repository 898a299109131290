/**
 * Period comparisons, the parts that need no store: a running period is read to date, and the
 * earlier period's time labels are moved onto the current period's before rows are joined.
 */
import { describe, expect, it } from 'vitest';
import { alignComparedTimes, toDateSpans } from '../../src/assistant/compare.ts';
import type { Column } from '../../src/assistant/types.ts';

const period = (start: string, end: string) => ({ start, end, label: `${start}…` });
const byTime = (id: string): Column[] => [{ id, label: id, role: 'dimension', format: 'text' }, { id: 'revenue', label: 'Revenue', role: 'metric', format: 'currency' }];

describe('comparing periods', () => {
  it('reads a running period and the one it is compared with over the same days', () => {
    // On 28 November: 28 days of November, and the first 28 of October (not all 31).
    expect(toDateSpans(period('2026-11-01', '2026-12-01'), period('2026-10-01', '2026-11-01'), '2026-11-28')).toEqual({
      current: { ...period('2026-11-01', '2026-11-29'), label: '2026-11-01…' },
      previous: { ...period('2026-10-01', '2026-10-29'), label: '2026-10-01…' },
      days: 28,
    });
    // A period that is over, or has not begun, is compared whole.
    expect(toDateSpans(period('2026-10-01', '2026-11-01'), period('2026-09-01', '2026-10-01'), '2026-11-28')).toBeUndefined();
    expect(toDateSpans(period('2026-12-01', '2027-01-01'), period('2026-11-01', '2026-12-01'), '2026-11-28')).toBeUndefined();
  });

  it('moves the earlier months, weeks, quarters and days onto the current ones', () => {
    const lastYear = period('2025-01-01', '2026-01-01');
    const thisYear = period('2026-01-01', '2027-01-01');
    expect(alignComparedTimes(byTime('month'), [['2025-03', 5], ['2025-12', 7]], thisYear, lastYear)).toEqual([['2026-03', 5], ['2026-12', 7]]);
    expect(alignComparedTimes(byTime('quarter'), [['2025-Q4', 1]], thisYear, lastYear)).toEqual([['2026-Q4', 1]]);
    // ISO 2025 began on Monday 30 December 2024 and ISO 2026 on Monday 29 December 2025, 364 days later.
    expect(alignComparedTimes(byTime('week'), [['2025-W01', 1], ['2025-W10', 2]], period('2025-12-29', '2026-12-28'), period('2024-12-30', '2025-12-29'))).toEqual([['2026-W01', 1], ['2026-W10', 2]]);
    expect(alignComparedTimes(byTime('day'), [['2026-10-31', 3]], period('2026-11-01', '2026-12-01'), period('2026-10-01', '2026-11-01'))).toEqual([['2026-12-01', 3]]);
    // Other dimensions are left as they are.
    expect(alignComparedTimes(byTime('city'), [['Shanghai', 3]], thisYear, lastYear)).toEqual([['Shanghai', 3]]);
  });
});
