/**
 * A large table none of whose checks reads a row (every one answered by a validated constraint
 * or an index, as for the events) is not scanned just to be counted: the rows it considered are
 * the planner's estimate, marked as such, while what offends is still counted exactly. Here the
 * size limit is lowered so a few rows stand for millions.
 */
import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { customers, events, products } from '../../src/db/schema/index.ts';
import { isPassCheck, qualityChecks } from '../../src/quality/checks.ts';
import { runTablePass } from '../../src/quality/pass.ts';
import { describeEachStore } from '../helpers/stores.ts';
import { NOW, TIME_ZONE } from './fixture.ts';

const DAY = 86_400_000;

describeEachStore('a large table no check reads', (kind) => {
  it('is sized from the planner statistics, marked as such, while its offending rows are counted exactly', async () => {
    const { store, drop } = await kind.open();
    try {
      await store.db.insert(customers).values({ id: 1, city: 'Shanghai' });
      await store.db.insert(products).values({ id: 1, title: 'Serum', listPriceMinor: 10_000, currency: 'CNY' });
      const event = (daysAgo: number) => ({ customerId: 1, productId: 1, type: 'view' as const, occurredAt: new Date(NOW.getTime() - daysAgo * DAY), platform: 'tmall' });
      await store.db.insert(events).values(Array.from({ length: 40 }, (_, k) => event(k + 1)));
      await store.db.execute(sql`analyze events`);
      // Written after the statistics: nine more rows, one of them dated in the future.
      await store.db.insert(events).values([...Array.from({ length: 9 }, (_, k) => event(k + 1)), event(-3)]);

      const checks = qualityChecks().filter(isPassCheck).filter((c) => c.table === 'events');
      const sized = await runTablePass(store, 'events', checks, { now: NOW, timeZone: TIME_ZONE, countRowsUpTo: 20 });
      expect(sized.measured.get('events.occurred_at.not_future')).toEqual({ violations: 1, considered: 40, value: 1, estimated: true });
      expect(sized.measured.get('events.type.allowed')).toEqual({ violations: 0, considered: 40, value: 0, estimated: true });
      // The weekly history is counted in the time index, never estimated.
      expect(sized.measured.get('events.occurred_at.daily_volume')?.estimated).toBeUndefined();

      const counted = await runTablePass(store, 'events', checks, { now: NOW, timeZone: TIME_ZONE, countRowsUpTo: 1_000 });
      expect(counted.measured.get('events.occurred_at.not_future')).toEqual({ violations: 1, considered: 50, value: 1 });
    } finally {
      await drop();
    }
  }, 60_000);

  it('still counts the rows when a figure is a share of them, or the rows less the values an index holds', async () => {
    const { store, drop } = await kind.open();
    try {
      await store.db.insert(customers).values(Array.from({ length: 30 }, (_, k) => ({ id: k + 1, emailIdx: k < 10 ? null : `e-${k}` })));
      await store.db.execute(sql`analyze customers`);
      await store.db.insert(customers).values(Array.from({ length: 5 }, (_, k) => ({ id: 31 + k })));
      // Only the blind index's checks: both answered by its walk, which cannot count the rows without a value.
      const checks = qualityChecks().filter(isPassCheck).filter((c) => c.id === 'customers.email_idx.not_null' || c.id === 'customers.email_idx.duplicates');
      const pass = await runTablePass(store, 'customers', checks, { now: NOW, timeZone: TIME_ZONE, countRowsUpTo: 0 });
      expect(pass.measured.get('customers.email_idx.not_null')).toEqual({ violations: 15, considered: 35, value: (100 * 15) / 35 });
    } finally {
      await drop();
    }
  }, 60_000);
});
