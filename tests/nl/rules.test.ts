/**
 * The rules parser reads questions in English and Chinese into the query DSL. Each row is a
 * question a marketer would type and the exact query it must become; "today" is fixed to
 * Saturday 2026-11-28 in Shanghai.
 */
import { describe, expect, it } from 'vitest';
import type { QuerySpec } from '../../src/query/dsl.ts';
import { understand } from '../../src/nl/understand.ts';
import { testLexicon, testNow } from '../helpers/lexicon.ts';

const ask = (question: string) => understand(question, { now: testNow, timeZone: 'Asia/Shanghai', lexicon: testLexicon });

const q = (partial: Partial<QuerySpec> & Pick<QuerySpec, 'intent' | 'metrics'>): QuerySpec => ({
  dimensions: [],
  filters: [],
  period: null,
  sort: null,
  limit: null,
  compare: null,
  ...partial,
});

const cases: [string, QuerySpec][] = [
  ['how many customers do we have?', q({ intent: 'metric', metrics: ['customers'] })],
  ['我们有多少客户？', q({ intent: 'metric', metrics: ['customers'] })],
  [
    'revenue by city last 30 days',
    q({ intent: 'breakdown', metrics: ['revenue'], dimensions: ['city'], period: { start: '2026-10-30', end: '2026-11-29', label: 'last 30 days' } }),
  ],
  [
    '近30天各城市的订单数',
    q({ intent: 'breakdown', metrics: ['orders'], dimensions: ['city'], period: { start: '2026-10-30', end: '2026-11-29', label: '近30天' } }),
  ],
  ['orders by platform in 2025', q({ intent: 'breakdown', metrics: ['orders'], dimensions: ['platform'], period: { start: '2025-01-01', end: '2026-01-01', label: '2025' } })],
  [
    'top 10 products by revenue this year',
    q({ intent: 'top', metrics: ['revenue'], dimensions: ['product'], period: { start: '2026-01-01', end: '2027-01-01', label: 'this year' }, sort: { metric: 'revenue', direction: 'desc' }, limit: 10 }),
  ],
  [
    '今年销售额前5的商品',
    q({ intent: 'top', metrics: ['revenue'], dimensions: ['product'], period: { start: '2026-01-01', end: '2027-01-01', label: '今年' }, sort: { metric: 'revenue', direction: 'desc' }, limit: 5 }),
  ],
  [
    'customers by category last month',
    q({ intent: 'breakdown', metrics: ['customers'], dimensions: ['category'], period: { start: '2026-10-01', end: '2026-11-01', label: 'last month' } }),
  ],
  [
    '上个月各平台的销售额',
    q({ intent: 'breakdown', metrics: ['revenue'], dimensions: ['platform'], period: { start: '2026-10-01', end: '2026-11-01', label: '上个月' } }),
  ],
  [
    'revenue in Shanghai on Tmall in Q3 2025',
    q({
      intent: 'metric',
      metrics: ['revenue'],
      filters: [{ dimension: 'city', values: ['Shanghai'] }, { dimension: 'platform', values: ['tmall'] }],
      period: { start: '2025-07-01', end: '2025-10-01', label: 'q3 2025' },
    }),
  ],
  [
    '上海天猫2025年第三季度的销售额',
    q({
      intent: 'metric',
      metrics: ['revenue'],
      filters: [{ dimension: 'city', values: ['Shanghai'] }, { dimension: 'platform', values: ['tmall'] }],
      period: { start: '2025-07-01', end: '2025-10-01', label: '2025年第三季度' },
    }),
  ],
  ['monthly revenue this year', q({ intent: 'trend', metrics: ['revenue'], dimensions: ['month'], period: { start: '2026-01-01', end: '2027-01-01', label: 'this year' } })],
  ['2025年每月订单数', q({ intent: 'trend', metrics: ['orders'], dimensions: ['month'], period: { start: '2025-01-01', end: '2026-01-01', label: '2025年' } })],
  ['top five cities by orders', q({ intent: 'top', metrics: ['orders'], dimensions: ['city'], sort: { metric: 'orders', direction: 'desc' }, limit: 5 })],
  [
    'best-selling products last week',
    q({ intent: 'top', metrics: ['units'], dimensions: ['product'], period: { start: '2026-11-16', end: '2026-11-23', label: 'last week' }, sort: { metric: 'units', direction: 'desc' }, limit: 10 }),
  ],
  ['客户最多的3个城市', q({ intent: 'top', metrics: ['customers'], dimensions: ['city'], sort: { metric: 'customers', direction: 'desc' }, limit: 3 })],
  ['skincare revenue by brand', q({ intent: 'breakdown', metrics: ['revenue'], dimensions: ['brand'], filters: [{ dimension: 'category', values: ['Skincare'] }] })],
  ['ＴＯＰ　３ 商品 销售额', q({ intent: 'top', metrics: ['revenue'], dimensions: ['product'], sort: { metric: 'revenue', direction: 'desc' }, limit: 3 })],
  ['revenue since March', q({ intent: 'metric', metrics: ['revenue'], period: { start: '2026-03-01', end: '2026-11-29', label: 'since march' } })],
  ['average order value by gender in the last two weeks', q({ intent: 'breakdown', metrics: ['aov'], dimensions: ['gender'], period: { start: '2026-11-15', end: '2026-11-29', label: 'the last two weeks' } })],
  ['new customers by month in 2025', q({ intent: 'trend', metrics: ['new_customers'], dimensions: ['month'], period: { start: '2025-01-01', end: '2026-01-01', label: '2025' } })],
];

describe('rules parser', () => {
  it.each(cases)('reads %j', (question, expected) => {
    const result = ask(question);
    expect(result).toMatchObject({ kind: 'query', query: expected });
  });

  it('answers help with help, in either language', () => {
    expect(ask('help')).toEqual({ kind: 'help' });
    expect(ask('帮助')).toEqual({ kind: 'help' });
  });

  it('does not pretend to understand a question outside the catalog', () => {
    expect(ask("what's the weather like in Beijing?")).toEqual({ kind: 'unknown' });
    expect(ask('给我讲个笑话')).toEqual({ kind: 'unknown' });
  });

  it('keeps a city named inside another word out of the filters', () => {
    // "market" is a synonym of country; "marketing" must not trigger it.
    const result = ask('revenue from marketing consent customers');
    expect(result.kind === 'query' && result.query.dimensions).toEqual([]);
  });

  it('is less sure when a ranking had to assume its metric', () => {
    const assumed = ask('top 5 cities');
    const named = ask('top 5 cities by revenue');
    expect(assumed.kind === 'query' && named.kind === 'query' && assumed.confidence < named.confidence).toBe(true);
  });
});
