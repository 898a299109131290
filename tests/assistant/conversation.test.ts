/**
 * Asking in a thread, comparing periods, and the per-customer metrics, end to end on the demo
 * data against SQL written by hand, on PGlite and PostgreSQL.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createAssistant, type Assistant } from '../../src/assistant/answer.ts';
import type { TableAnswer } from '../../src/assistant/types.ts';
import type { Store } from '../../src/db/client.ts';
import { loadDemo } from '../../src/demo/load.ts';
import { createLogger } from '../../src/log.ts';
import { describeEachStore } from '../helpers/stores.ts';
import { testCipher } from '../helpers/keys.ts';
import { testNow } from '../helpers/lexicon.ts';
import { testConfig } from '../helpers/config.ts';

const local = { id: 'local:tester', local: true };
const config = testConfig;
const yuan = (fen: unknown) => Math.round(Number(fen)) / 100;
const SALES = `order_items oi join orders o on o.id = oi.order_id and o.status = 'paid' join customers c on c.id = o.customer_id`;
const between = (from: string, to: string) => `o.ordered_at >= timestamptz '${from} 00:00:00+08' and o.ordered_at < timestamptz '${to} 00:00:00+08'`;

describeEachStore('conversation', (kind) => {
  let store: Store;
  let drop: () => Promise<void>;
  let assistant: Assistant;
  beforeAll(async () => {
    ({ store, drop } = await kind.open());
    await loadDemo(store, testCipher, { customers: 400, seed: 3, until: testNow });
    assistant = createAssistant({ store, config, log: createLogger('silent'), clock: () => testNow });
  });
  afterAll(() => drop());

  const hand = (text: string) => store.rows<Record<string, unknown>>(sql.raw(text));
  const ask = async (question: string, threadId?: string): Promise<TableAnswer> => {
    const answer = await assistant.answer(question, local, { threadId });
    if (answer.kind !== 'table') throw new Error(`expected a table for ${question}, got ${JSON.stringify(answer)}`);
    return answer;
  };

  it('edits the thread’s last query on a follow-up, and leaves other threads alone', async () => {
    const first = await ask('revenue by platform in 2025', 't1');
    expect(first.query).toMatchObject({ intent: 'breakdown', dimensions: ['platform'], filters: [] });

    const beijing = await ask('and in Beijing?', 't1');
    expect(beijing.query).toMatchObject({ intent: 'breakdown', metrics: ['revenue'], dimensions: ['platform'], filters: [{ dimension: 'city', values: ['Beijing'] }] });
    const expected = await hand(`select o.platform, sum(oi.line_total_base_minor) as fen from ${SALES} where c.city = 'Beijing' and ${between('2025-01-01', '2026-01-01')} group by 1 order by 2 desc, 1`);
    expect(beijing.rows.map((r) => r[1])).toEqual(expected.map((r) => yuan(r.fen)));

    // Another figure of the same question; the thread goes on from it.
    const orders = await ask('what about orders?', 't1');
    expect(orders.query).toMatchObject({ intent: 'breakdown', metrics: ['orders'], dimensions: ['platform'], filters: [{ dimension: 'city', values: ['Beijing'] }] });
    const counted = await hand(`select o.platform, count(distinct o.id)::int as n from ${SALES} where c.city = 'Beijing' and ${between('2025-01-01', '2026-01-01')} group by 1 order by 2 desc, 1`);
    expect(orders.rows.map((r) => r[1])).toEqual(counted.map((r) => r.n));
    await ask('and revenue', 't1');

    const monthly = await ask('按月拆分', 't1');
    expect(monthly.query).toMatchObject({ intent: 'trend', dimensions: ['platform', 'month'], filters: [{ dimension: 'city', values: ['Beijing'] }] });

    const tmall = await ask('only Tmall', 't1');
    expect(tmall.query?.filters).toEqual([{ dimension: 'city', values: ['Beijing'] }, { dimension: 'platform', values: ['tmall'] }]);

    const lastYear = await ask('same for last year', 't1');
    expect(lastYear.query?.period).toMatchObject({ start: '2024-01-01', end: '2025-01-01' });

    // Another thread has its own history: "and in Beijing?" means nothing there.
    expect((await assistant.answer('and in Beijing?', local, { threadId: 't2' })).kind).not.toBe('table');
  });

  it('compares this year with last year per channel, with the change', async () => {
    const answer = await ask('revenue by channel 2025 vs 2024');
    expect(answer.query?.compare).toMatchObject({ kind: 'custom', period: { start: '2024-01-01', end: '2025-01-01' } });
    expect(answer.columns.map((c) => c.id)).toEqual(['channel', 'revenue', 'revenue_previous', 'revenue_change']);
    const byChannel = async (from: string, to: string) =>
      Object.fromEntries((await hand(`select case o.platform when 'shopify' then 'Own store' else 'Marketplaces' end as ch, sum(oi.line_total_base_minor) as fen
        from ${SALES} where ${between(from, to)} group by 1`)).map((r) => [r.ch, yuan(r.fen)]));
    const now = await byChannel('2025-01-01', '2026-01-01');
    const then = await byChannel('2024-01-01', '2025-01-01');
    for (const [channel, revenue, previous, change] of answer.rows) {
      expect(revenue).toBe(now[channel as string]);
      expect(previous).toBe(then[channel as string]);
      expect(change).toBeCloseTo(((revenue as number) - (previous as number)) / (previous as number), 10);
    }
  });

  it('counts refunds and cancellations, and the refund rate, from every order whatever its status', async () => {
    const ALL = `order_items oi join orders o on o.id = oi.order_id`;
    const rate = await ask('refund rate by platform in 2025');
    const expected = await hand(`select o.platform, (count(distinct o.id) filter (where o.status = 'refunded'))::float8
        / count(distinct o.id) filter (where o.status in ('paid', 'refunded')) as rate
      from ${ALL} where ${between('2025-01-01', '2026-01-01')} group by 1`);
    expect(expected.length).toBeGreaterThan(1);
    expect(new Map(rate.rows.map((r) => [r[0], r[1]]))).toEqual(new Map(expected.map((r) => [({ tmall: 'Tmall', jd: 'JD.com', shopify: 'Shopify store' } as Record<string, string>)[r.platform as string], r.rate])));
    const [counts] = await hand(`select count(distinct o.id) filter (where o.status = 'refunded')::int as refunded, count(distinct o.id) filter (where o.status = 'cancelled')::int as cancelled
      from ${ALL} where ${between('2025-01-01', '2026-01-01')}`);
    expect(counts!.refunded).toBeGreaterThan(0);
    expect((await ask('how many refunds in 2025')).rows).toEqual([[counts!.refunded]]);
    expect((await ask('2025年取消的订单数')).rows).toEqual([[counts!.cancelled]]);
  });

  it('compares month by month with the same months of the year before', async () => {
    // 2026 is still running on 2026-11-28, so both years are read to 28 November.
    const answer = await ask('revenue by month 2026 vs 2025');
    expect(answer.query).toMatchObject({ intent: 'compare', dimensions: ['month'] });
    const monthly = async (from: string, to: string) =>
      new Map((await hand(`select to_char(o.ordered_at at time zone 'Asia/Shanghai', 'MM') as m, sum(oi.line_total_base_minor) as fen
        from ${SALES} where ${between(from, to)} group by 1`)).map((r) => [r.m as string, yuan(r.fen)]));
    const [now, then] = [await monthly('2026-01-01', '2026-11-29'), await monthly('2025-01-01', '2025-11-29')];
    expect(answer.rows.length).toBe(now.size);
    for (const [month, revenue, previous] of answer.rows) {
      expect(revenue).toBe(now.get((month as string).slice(5)));
      expect(previous).toBe(then.get((month as string).slice(5)) ?? null);
    }
    expect(answer.rows.filter((r) => r[2] !== null).length).toBeGreaterThan(6);
  });

  it('compares a month still running with the same days of the month before, and says so', async () => {
    // "Today" is 2026-11-28: 28 days of November against the first 28 of October, not all 31.
    const answer = await ask('revenue this month vs last month');
    expect(answer.query?.compare?.period).toMatchObject({ start: '2026-10-01', end: '2026-11-01' });
    const [now] = await hand(`select sum(oi.line_total_base_minor) as fen from ${SALES} where ${between('2026-11-01', '2026-11-29')}`);
    const [then] = await hand(`select sum(oi.line_total_base_minor) as fen from ${SALES} where ${between('2026-10-01', '2026-10-29')}`);
    expect(answer.rows[0]!.slice(0, 2)).toEqual([yuan(now!.fen), yuan(then!.fen)]);
    expect(answer.reading.versus).toBe('vs last month (2026-10-01 – 2026-10-28)');
    expect(answer.notes).toContain('The period is not over yet, so both periods are compared over their first 28 days.');
    // A finished period is compared whole.
    const whole = await ask('revenue october vs september');
    expect(whole.notes.some((n) => n.includes('not over'))).toBe(false);
  });

  it('ranks by the change when asked which grew or fell the most, over every city, not the biggest ten', async () => {
    const byCity = async (from: string, to: string) =>
      new Map((await hand(`select c.city, sum(oi.line_total_base_minor) as fen from ${SALES} where c.city is not null and ${between(from, to)} group by 1`)).map((r) => [r.city as string, yuan(r.fen)]));
    const now = await byCity('2025-01-01', '2026-01-01');
    const then = await byCity('2024-01-01', '2025-01-01');
    const changes = [...now].filter(([city]) => then.get(city)).map(([city, v]) => ({ city, change: (v - then.get(city)!) / then.get(city)! }));
    expect(changes.length).toBeGreaterThan(3);
    const grew = await ask('which 3 cities grew the most in 2025 vs 2024');
    expect(grew.query?.sort).toEqual({ metric: 'revenue', direction: 'desc', change: true });
    expect(grew.rows.map((r) => r[0])).toEqual([...changes].sort((a, b) => b.change - a.change).slice(0, 3).map((c) => c.city));
    expect(grew.reading.ranking).toBe('top 3 by City, largest increase first');
    const fell = await ask('which 3 cities declined the most in 2025 vs 2024');
    expect(fell.rows.map((r) => r[0])).toEqual([...changes].sort((a, b) => a.change - b.change).slice(0, 3).map((c) => c.city));
    // Ranked by value, each city still carries its own previous figure, wherever it ranked then.
    const top = await ask('top 3 cities by revenue in 2025 vs 2024');
    for (const [city, , previous] of top.rows) expect(previous).toBe(then.get(city as string));
  });

  it('computes the repeat-purchase rate per city as hand-written SQL does', async () => {
    const expected = await hand(`select city, avg((n >= 2)::int)::float8 as rate from (
      select c.city, o.customer_id, count(distinct o.id) as n from ${SALES} where ${between('2025-01-01', '2026-01-01')} group by 1, 2) t
      group by 1 order by 2 desc, 1`);
    const answer = await ask('repeat purchase rate by city in 2025');
    expect(answer.rows).toEqual(expected.map((r) => [r.city, r.rate]));
  });

  it('measures churn from each customer’s last order, as of today', async () => {
    const [row] = await hand(`select avg((last < timestamptz '${testNow.toISOString()}' - interval '180 days')::int)::float8 as share from (
      select o.customer_id, max(o.ordered_at) as last from ${SALES} where o.ordered_at < timestamptz '${testNow.toISOString()}' group by 1) t`);
    expect((await ask('churn rate')).rows).toEqual([[row!.share]]);
  });

  it('says how each figure is computed, in the asker’s language', async () => {
    const answer = await ask('上个月各渠道的销售额');
    expect(answer.reading.definitions).toEqual(['销售额：已付款订单行金额合计（本位币）。 金额单位：CNY。']);
  });

  it('lets an admin correct a misreading, and marks answers that run a verified query', async () => {
    // Read as written, "best cities" ranks cities by revenue; the team means active customers.
    const before = await ask('best cities');
    expect(before.verified).toBe(false);
    const verified = await assistant.verify('best cities', local, 'top 10 cities by active customers');
    expect(verified).toMatchObject({ kind: 'table', verified: true, query: { metrics: ['active_customers'], dimensions: ['city'] } });
    expect((await ask('Best  Cities')).query?.metrics).toEqual(['active_customers']);
    // Another phrasing that runs the same query carries the mark too.
    expect((await ask('top 10 cities by active customers')).verified).toBe(true);
    // Only admins verify.
    expect(await assistant.verify('best cities', { id: 'U0VIEWER', local: false })).toMatchObject({ kind: 'refusal', code: 'access_denied' });
  });
});
