/** The 👎 review list: newest first, reasons kept, the query in words, verified queries marked. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { reviewList } from '../../src/assistant/review.ts';
import { markVerified } from '../../src/assistant/verified.ts';
import type { Store } from '../../src/db/client.ts';
import { feedback } from '../../src/db/schema/index.ts';
import { runPrecis } from '../helpers/cli.ts';
import { describeEachStore } from '../helpers/stores.ts';
import { q } from '../helpers/query.ts';

const revenueByCity = q({ intent: 'breakdown', metrics: ['revenue'], dimensions: ['city'] });
const ordersLastMonth = q({ intent: 'metric', metrics: ['orders'], period: { start: '2026-10-01', end: '2026-11-01', label: 'last month' } });
const at = (day: string) => new Date(`${day}T09:00:00Z`);

describeEachStore('feedback review list', (kind) => {
  let store: Store;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    ({ store, drop } = await kind.open());
    await store.db.insert(feedback).values([
      { userId: 'UANN', channel: 'C1', messageTs: '1.1', query: revenueByCity, vote: 'down', reason: 'wrong city totals', createdAt: at('2026-11-20') },
      { userId: 'UBOB', channel: 'C1', messageTs: '1.2', query: ordersLastMonth, vote: 'up', createdAt: at('2026-11-21') },
      { userId: 'UCAT', channel: 'C2', messageTs: '1.3', query: ordersLastMonth, vote: 'down', createdAt: at('2026-11-22') },
      { userId: 'UDAN', channel: 'C2', messageTs: '1.4', query: null, vote: 'down', reason: 'odd picks', createdAt: at('2026-11-23') },
    ]);
    await markVerified(store, 'orders last month', ordersLastMonth, 'local:admin');
  });
  afterAll(() => drop());

  it('lists the 👎 newest first with reasons, words and verified marks, and counts both votes', async () => {
    const list = await reviewList(store, { lang: 'en' });
    expect(list.up).toBe(1);
    expect(list.down).toBe(3);
    expect(list.entries.map((e) => [e.userId, e.reason, e.words, e.verified])).toEqual([
      ['UDAN', 'odd picks', null, false],
      ['UCAT', null, 'Orders · last month', true],
      ['UANN', 'wrong city totals', 'Revenue · by city', false],
    ]);
  });

  it('narrows to a window and shows every vote on request', async () => {
    const list = await reviewList(store, { lang: 'zh', since: at('2026-11-21'), votes: ['up', 'down'] });
    expect(list.entries.map((e) => e.userId)).toEqual(['UDAN', 'UCAT', 'UBOB']);
    expect(list.entries[1]!.words).toBe('订单数 · last month');
    expect(list.down).toBe(2);
  });
});

it('says plainly what is wrong with a bad --limit', async () => {
  const { code, err } = await runPrecis(['feedback', '--limit', 'x'], {});
  expect(code).toBe(2);
  expect(err).toContain('--limit takes a whole number');
});
