/**
 * The answer core, end to end on the demo data: a question in English or Chinese must give the
 * same figures as SQL written by hand, on PGlite and on PostgreSQL. The hand-written SQL below
 * deliberately shares nothing with the compiler.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createAssistant, type Assistant } from '../../src/assistant/answer.ts';
import type { Answer, TableAnswer } from '../../src/assistant/types.ts';
import type { Store } from '../../src/db/client.ts';
import { roles } from '../../src/db/schema/index.ts';
import { loadDemo } from '../../src/demo/load.ts';
import { createLogger } from '../../src/log.ts';
import { platforms } from '../../src/semantic/places.ts';
import { describeEachStore } from '../helpers/stores.ts';
import { testCipher } from '../helpers/keys.ts';
import { testNow } from '../helpers/lexicon.ts';
import { testConfig } from '../helpers/config.ts';

const local = { id: 'local:tester', local: true };
const config = testConfig;
const yuan = (fen: unknown) => Math.round(Number(fen)) / 100;
const platformLabel = (slug: unknown, lang: 'en' | 'zh') => platforms.find((p) => p.id === slug)?.[lang];

/** Paid order lines with their order, customer, product and category: the hand-written base. */
const SALES = `order_items oi join orders o on o.id = oi.order_id and o.status = 'paid'
  join customers c on c.id = o.customer_id join products p on p.id = oi.product_id
  left join categories cat on cat.id = p.category_id`;
const inShanghai = (from: string, to: string) =>
  `o.ordered_at >= timestamptz '${from} 00:00:00+08' and o.ordered_at < timestamptz '${to} 00:00:00+08'`;

describeEachStore('answer', (kind) => {
  let store: Store;
  let drop: () => Promise<void>;
  let assistant: Assistant;

  beforeAll(async () => {
    ({ store, drop } = await kind.open());
    await loadDemo(store, testCipher, { customers: 400, seed: 7, until: testNow });
    assistant = createAssistant({ store, config, log: createLogger('silent'), clock: () => testNow });
  });
  afterAll(() => drop());

  const hand = (text: string) => store.rows<Record<string, unknown>>(sql.raw(text));
  const table = async (question: string): Promise<TableAnswer> => {
    const answer = await assistant.answer(question, local);
    if (answer.kind !== 'table') throw new Error(`expected a table for ${question}, got ${JSON.stringify(answer)}`);
    return answer;
  };

  it('counts customers as SELECT count(*) FROM customers does, in both languages', async () => {
    const [row] = await hand('select count(*)::int as n from customers');
    expect((await table('how many customers do we have?')).rows).toEqual([[row!.n]]);
    expect((await table('我们有多少客户？')).rows).toEqual([[row!.n]]);
  });

  it('counts customers by the platform they signed up on, every customer on one', async () => {
    const expected = await hand('select signup_platform as p, count(*)::int as n from customers group by 1 order by 2 desc, 1');
    expect(expected.some((r) => r.p === null)).toBe(false);
    const answer = await table('customers by platform');
    expect(answer.rows).toEqual(expected.map((r) => [platformLabel(r.p, 'en'), r.n]));
  });

  it('gives revenue by city in 2025 as hand-written SQL does', async () => {
    const expected = await hand(`select c.city, sum(oi.line_total_base_minor) as fen from ${SALES}
      where ${inShanghai('2025-01-01', '2026-01-01')} group by c.city order by 2 desc, 1`);
    const answer = await table('revenue by city in 2025');
    expect(answer.columns.map((c) => c.id)).toEqual(['city', 'revenue']);
    expect(answer.rows).toEqual(expected.map((r) => [r.city, yuan(r.fen)]));
    expect(answer.rows.length).toBeGreaterThan(5);
  });

  it('gives orders by platform over the last 30 days', async () => {
    const expected = await hand(`select o.platform, count(distinct o.id)::int as n from ${SALES}
      where ${inShanghai('2026-10-30', '2026-11-29')} group by 1 order by 2 desc, 1`);
    expect((await table('orders by platform last 30 days')).rows).toEqual(expected.map((r) => [platformLabel(r.platform, 'en'), r.n]));
  });

  it('answers 上个月各平台的销售额 with Chinese platform names', async () => {
    const expected = await hand(`select o.platform, sum(oi.line_total_base_minor) as fen from ${SALES}
      where ${inShanghai('2026-10-01', '2026-11-01')} group by 1 order by 2 desc, 1`);
    const answer = await table('上个月各平台的销售额');
    expect(answer.rows).toEqual(expected.map((r) => [platformLabel(r.platform, 'zh'), yuan(r.fen)]));
    expect(answer.reading.period).toBe('上个月 (2026-10-01 – 2026-10-31)');
  });

  it('lists the top 5 products by revenue this year', async () => {
    const expected = await hand(`select p.title, sum(oi.line_total_base_minor) as fen from ${SALES}
      where ${inShanghai('2026-01-01', '2027-01-01')} group by p.id, p.title order by 2 desc, 1 limit 5`);
    const answer = await table('top 5 products by revenue this year');
    expect(answer.rows).toEqual(expected.map((r) => [r.title, yuan(r.fen)]));
    expect(answer.rows).toHaveLength(5);
  });

  it('counts buying customers per category, and says it did', async () => {
    const expected = await hand(`select cat.name, count(distinct o.customer_id)::int as n from ${SALES} group by cat.id, cat.name order by 2 desc, 1`);
    const answer = await table('customers by category');
    expect(answer.rows).toEqual(expected.map((r) => [r.name, r.n]));
    expect(answer.notes[0]).toMatch(/paid order/);
  });

  it('gives a monthly trend of orders this year, oldest month first', async () => {
    const expected = await hand(`select to_char(o.ordered_at at time zone 'Asia/Shanghai', 'YYYY-MM') as m, count(distinct o.id)::int as n
      from ${SALES} where ${inShanghai('2026-01-01', '2027-01-01')} group by 1 order by 1`);
    const answer = await table('今年每月订单数');
    expect(answer.rows).toEqual(expected.map((r) => [r.m, r.n]));
    expect(answer.rows.length).toBe(11);
  });

  it('filters by a city named in Chinese or English alike', async () => {
    const [row] = await hand(`select sum(oi.line_total_base_minor) as fen from ${SALES} where c.city = 'Shanghai'`);
    expect((await table('revenue in Shanghai')).rows).toEqual([[yuan(row!.fen)]]);
    expect((await table('上海的销售额')).rows).toEqual([[yuan(row!.fen)]]);
  });

  it('computes average order value per platform in 2025', async () => {
    const expected = await hand(`select o.platform, sum(oi.line_total_base_minor)::float8 / count(distinct o.id) as aov from ${SALES}
      where ${inShanghai('2025-01-01', '2026-01-01')} group by 1 order by 2 desc, 1`);
    expect((await table('average order value by platform in 2025')).rows).toEqual(expected.map((r) => [platformLabel(r.platform, 'en'), yuan(r.aov)]));
  });

  it('counts new customers by signup month in 2025', async () => {
    const expected = await hand(`select to_char(signup_at at time zone 'Asia/Shanghai', 'YYYY-MM') as m, count(*)::int as n from customers
      where signup_at >= timestamptz '2025-01-01 00:00:00+08' and signup_at < timestamptz '2026-01-01 00:00:00+08' group by 1 order by 1`);
    expect((await table('new customers by month in 2025')).rows).toEqual(expected.map((r) => [r.m, r.n]));
  });

  it('includes a parent category’s children when filtering by it', async () => {
    const [row] = await hand(`select sum(oi.line_total_base_minor) as fen from ${SALES}
      left join categories parent on parent.id = cat.parent_id where cat.name = 'Beauty' or parent.name = 'Beauty'`);
    expect((await table('beauty revenue')).rows).toEqual([[yuan(row!.fen)]]);
  });

  it('answers a question it cannot read with help, never a stack trace', async () => {
    const answer = await assistant.answer('what is the meaning of life?', local);
    expect(answer).toEqual({ kind: 'help', lang: 'en', notUnderstood: true });
  });

  it('refuses a Slack user without a role and says how to get one', async () => {
    const answer = await assistant.answer('how many customers do we have?', { id: 'U0STRANGER', local: false });
    expect(answer).toMatchObject({ kind: 'refusal', code: 'access_denied' });
    expect((answer as Extract<Answer, { kind: 'refusal' }>).message).toMatch(/Ask an admin/);
  });

  it('answers a Slack user once an admin has granted a role, and not after it expires', async () => {
    await store.db.insert(roles).values({ userId: 'U0MARKETER', role: 'marketer', grantedBy: 'local:tester' });
    expect((await assistant.answer('how many orders', { id: 'U0MARKETER', local: false })).kind).toBe('table');
    await store.db.insert(roles).values({ userId: 'U0EXPIRED', role: 'marketer', grantedBy: 'local:tester', expiresAt: new Date('2026-01-01') });
    expect((await assistant.answer('how many orders', { id: 'U0EXPIRED', local: false })).kind).toBe('refusal');
  });

  it('audits every question with what ran, and masks personal data typed into the question', async () => {
    const lastAudit = async () => {
      const [entry] = await hand(`select actor, action, detail from audit_log order by id desc limit 1`);
      return { entry: entry!, detail: (typeof entry!.detail === 'string' ? JSON.parse(entry!.detail) : entry!.detail) as Record<string, any> };
    };
    await assistant.answer('how many orders did wang.fang@example.cn place?', local);
    const asked = await lastAudit();
    expect(asked.entry.actor).toBe('local:tester');
    expect(asked.detail.question).toBe('how many orders did w***@example.cn place?');
    // People are not looked up by contact details: the question is asked back, nothing runs.
    expect(asked.detail.outcome).toBe('clarify');
    expect(JSON.stringify(asked.entry)).not.toContain('wang.fang');

    await assistant.answer('how many orders?', local);
    const answered = await lastAudit();
    expect(answered.detail.outcome).toBe('answered');
    expect(answered.detail.statement.sql).toMatch(/^with answer as materialized \(select /);
  });

  it('chains audit entries so that each covers the one before', async () => {
    const rows = await hand('select prev_hash, hash from audit_log order by id');
    expect(rows.length).toBeGreaterThan(5);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);
  });

  it('runs answers read-only: the execute stage cannot write', async () => {
    const { execute } = await import('../../src/query/execute.ts');
    const failure = await execute(store, sql`delete from audit_log`, { timeoutMs: 5000, rowCap: 10 }).catch((e: Error) => e);
    // Drizzle wraps the driver's error; the database's own words are in the cause.
    expect((failure as Error).cause).toMatchObject({ message: expect.stringMatching(/read-only transaction/) });
    expect((await hand('select count(*)::int as n from audit_log'))[0]!.n).toBeGreaterThan(0);
  });
});
