/**
 * The rules parser reads questions in English and Chinese into the query DSL. Each row is a
 * question a marketer would type and the exact query it must become; "today" is fixed to
 * Saturday 2026-11-28 in Shanghai.
 */
import { describe, expect, it } from 'vitest';
import type { QuerySpec } from '../../src/query/dsl.ts';
import { scan } from '../../src/nl/lexicon.ts';
import { parseNumber } from '../../src/nl/numbers.ts';
import { normalizeQuestion, parseRules, type RulesResult } from '../../src/nl/rules.ts';
import { understand } from '../../src/nl/understand.ts';
import { todayIn } from '../../src/nl/calendar.ts';
import { validate } from '../../src/query/validate.ts';
import { testLexicon, testNow } from '../helpers/lexicon.ts';
import { q } from '../helpers/query.ts';

const ask = (question: string) => understand(question, { now: testNow, timeZone: 'Asia/Shanghai', lexicon: testLexicon });


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

  it('keeps a catalog word inside another word out of the reading', () => {
    // "market" is a synonym of country; "marketing" must not trigger it.
    const targets = scan(normalizeQuestion('revenue from marketing consent customers'), testLexicon).map((m) => m.target);
    expect(targets).not.toContainEqual({ kind: 'dimension', id: 'country' });
    // …and a word it cannot read is asked about rather than dropped.
    expect(ask('revenue from marketing consent customers')).toMatchObject({ kind: 'clarify', reason: 'unknown_value', message: 'I don\'t know "marketing". I can show instead:' });
  });

  it('is less sure when a ranking had to assume its metric', () => {
    const assumed = ask('top 5 cities');
    const named = ask('top 5 cities by revenue');
    expect(assumed.kind === 'query' && named.kind === 'query' && assumed.confidence < named.confidence).toBe(true);
  });
});

const today = todayIn(testNow, 'Asia/Shanghai');
const parse = (question: string): RulesResult => parseRules(question, { today, lexicon: testLexicon });
const clarification = (question: string) => {
  const result = parse(question);
  if (result.kind !== 'clarify') throw new Error(`expected a clarification for ${question}, got ${JSON.stringify(result)}`);
  return result;
};

describe('rules parser: periods', () => {
  // Saturday 2026-11-28; weeks start on Monday; periods are half-open.
  const periods: [string, string, string][] = [
    ['orders since March', '2026-03-01', '2026-11-29'],
    ['orders in the last 2 weeks', '2026-11-15', '2026-11-29'],
    ['orders in Q3', '2026-07-01', '2026-10-01'],
    ['orders in Q1 2025', '2025-01-01', '2025-04-01'],
    ['orders in March 2025', '2025-03-01', '2025-04-01'],
    ['orders between Jan and Mar 2025', '2025-01-01', '2025-04-01'],
    ['orders from 2025-01-01 to 2025-03-31', '2025-01-01', '2025-04-01'],
    ['orders in the first half of 2025', '2025-01-01', '2025-07-01'],
    ['orders in q4 last year', '2025-10-01', '2026-01-01'],
    ['orders the past week', '2026-11-22', '2026-11-29'],
    ['orders on Nov 11', '2026-11-11', '2026-11-12'],
    ['上个月的订单', '2026-10-01', '2026-11-01'],
    ['今年的订单', '2026-01-01', '2027-01-01'],
    ['前三个月的订单', '2026-08-29', '2026-11-29'],
    ['今年前三个月的订单', '2026-01-01', '2026-04-01'],
    ['过去一周的订单', '2026-11-22', '2026-11-29'],
    ['上半年的订单', '2026-01-01', '2026-07-01'],
    ['下半年的订单', '2026-07-01', '2027-01-01'],
    ['2025年1月到3月的订单', '2025-01-01', '2025-04-01'],
    ['1-3月的订单', '2026-01-01', '2026-04-01'],
    ['去年第四季度的订单', '2025-10-01', '2026-01-01'],
    ['上上周的订单', '2026-11-09', '2026-11-16'],
    ['双十一的订单', '2026-11-11', '2026-11-12'],
    ['国庆期间的订单', '2026-10-01', '2026-10-08'],
  ];
  it.each(periods)('reads the period of %j', (question, start, end) => {
    const result = parse(question);
    expect(result.kind === 'query' && { start: result.query.period?.start, end: result.query.period?.end }).toEqual({ start, end });
  });

  it('does not take "may" for May unless it follows a preposition', () => {
    expect(parse('may I see revenue')).toMatchObject({ kind: 'query', query: { period: null } });
    expect(parse('revenue in May')).toMatchObject({ kind: 'query', query: { period: { start: '2026-05-01', end: '2026-06-01' } } });
  });
});

describe('rules parser: comparisons', () => {
  it('compares "vs last month" with this month, which the question did not name', () => {
    expect(parse('revenue vs last month')).toMatchObject({
      kind: 'query',
      query: { intent: 'compare', period: { start: '2026-11-01', end: '2026-12-01', label: 'this month' }, compare: { kind: 'custom', period: { start: '2026-10-01' } } },
    });
    expect(parse('客单价比上个月')).toMatchObject({ kind: 'query', query: { period: { label: '本月' }, compare: { period: { label: '上个月' } } } });
  });

  it('reads "去年同期" as a year-over-year comparison, not as last year', () => {
    expect(parse('本月订单数与去年同期相比')).toMatchObject({
      kind: 'query',
      query: { period: { start: '2026-11-01' }, compare: { kind: 'previous_year', period: { start: '2025-11-01', end: '2025-12-01' } } },
    });
  });

  it('asks which period when "同比" or "yoy" comes without one', () => {
    const result = clarification('销售额同比');
    expect(result).toMatchObject({ reason: 'vague', message: '要对比哪个时间段？' });
    expect(result.options.map((o) => o.label)).toEqual(['销售额 · 本月 · 对比 去年同期', '销售额 · 本季度 · 对比 去年同期', '销售额 · 今年 · 对比 去年同期']);
    // By month, only periods of several months are offered.
    expect(clarification('每月销售额同比').options.map((o) => o.label)).toEqual(['销售额 · 按月 · 本季度 · 对比 去年同期', '销售额 · 按月 · 今年 · 对比 去年同期']);
    // Each quarter against the one before is not a comparison of two periods: not read as one.
    expect(parse('每季度订单环比').kind).not.toBe('query');
  });

  it('asks whether growth is against the period before or the year before', () => {
    const result = clarification('revenue growth this month');
    expect(result.reason).toBe('ambiguous');
    expect(result.options.map((o) => o.query.compare?.kind)).toEqual(['previous_period', 'previous_year']);
  });

  it('shows two values of one dimension side by side rather than summed', () => {
    expect(parse('天猫和京东的销售额对比')).toMatchObject({
      kind: 'query',
      query: { intent: 'breakdown', dimensions: ['platform'], filters: [{ dimension: 'platform', values: ['tmall', 'jd'] }], compare: null },
    });
  });
});

describe('rules parser: names it does not know exactly', () => {
  it('takes one typo in a long name, less sure than an exact match', () => {
    for (const question of ['revenue in Shangai', 'revenue in Shanghia']) {
      expect(parse(question)).toMatchObject({ kind: 'query', confidence: 0.75, query: { filters: [{ dimension: 'city', values: ['Shanghai'] }] } });
    }
    expect(parse('skincre revenue')).toMatchObject({ kind: 'query', query: { filters: [{ dimension: 'category', values: ['Skincare'] }] } });
  });

  it('asks about a short name with a typo, offering the closest and the breakdown it belongs to', () => {
    const result = clarification('orders on Tmal');
    expect(result).toMatchObject({ reason: 'unknown_value', message: 'I don\'t know "Tmal". Did you mean:' });
    expect(result.options.map((o) => o.label)).toEqual(['Orders · Tmall', 'Orders · by platform']);
    expect(result.options[0]!.query.filters).toEqual([{ dimension: 'platform', values: ['tmall'] }]);
  });

  it('asks about a Chinese name one character off, in Chinese', () => {
    const result = clarification('杭洲的销售额');
    expect(result).toMatchObject({ reason: 'unknown_value', lang: 'zh', message: '我不认识“杭洲”。你是指：' });
    expect(result.options[0]).toMatchObject({ label: '销售额 · 杭州', query: { filters: [{ dimension: 'city', values: ['Hangzhou'] }] } });
  });

  it('takes the start of one Chinese name ("耳机" of "耳机音响") but not its end ("消费" of "人均消费")', () => {
    expect(parse('耳机的销量')).toMatchObject({ kind: 'query', query: { filters: [{ dimension: 'category', values: ['Audio'] }] } });
    expect(parse('每个年龄段的消费').kind).toBe('clarify');
  });

  it('asks about an unknown brand instead of answering for all brands', () => {
    const result = clarification('revenue for Nike');
    expect(result.reason).toBe('unknown_value');
    expect(result.options.map((o) => o.label)).toContain('Revenue · by brand');
  });

  it('offers the breakdown a concept word points to ("线上" → by channel)', () => {
    expect(clarification('线上销售额').options.map((o) => o.label)).toEqual(['销售额 · 按渠道', '销售额']);
  });

  it('reads gender, channel and segment names as filters', () => {
    expect(parse('female customers')).toMatchObject({ kind: 'query', query: { metrics: ['customers'], filters: [{ dimension: 'gender', values: ['female'] }] } });
    expect(parse('revenue from at-risk customers on marketplaces')).toMatchObject({
      kind: 'query',
      query: { metrics: ['revenue'], filters: [{ dimension: 'segment', values: ['at_risk'] }, { dimension: 'channel', values: ['marketplace'] }] },
    });
    expect(parse('沉睡客户的客单价')).toMatchObject({ kind: 'query', query: { metrics: ['aov'], filters: [{ dimension: 'segment', values: ['dormant'] }] } });
  });

  it('never looks a person up by contact details, never echoes them, and never answers without them', () => {
    for (const question of ['how many orders did wang.fang@example.cn place?', 'revenue of customer 13800138000', '王芳 wang.fang@example.cn的订单']) {
      const asked = clarification(question);
      expect(asked.reason).toBe('unknown_value');
      expect(asked.message).toMatch(/contact details|联系方式/);
      expect(JSON.stringify(asked)).not.toMatch(/wang\.fang|13800138000/);
    }
    // What it offers is the question without the person: every order, which the asker must choose.
    expect(clarification('how many orders did wang.fang@example.cn place?').options.map((o) => o.query)).toMatchObject([{ metrics: ['orders'], filters: [] }]);
  });
});

describe('rules parser: vague and ambiguous questions', () => {
  it('offers figures for a question about the business that names none, in the asker\'s language', () => {
    const en = clarification('show me Shanghai');
    expect(en).toMatchObject({ reason: 'vague', lang: 'en', message: 'What would you like to see?' });
    expect(en.options.map((o) => o.label)).toEqual(['Revenue · Shanghai', 'Orders · Shanghai', 'Customers · Shanghai', 'Average order value · Shanghai']);
    const zh = clarification('最近怎么样');
    expect(zh).toMatchObject({ reason: 'vague', lang: 'zh', message: '你想看哪一项？' });
    expect(zh.options.map((o) => o.query.metrics[0])).toEqual(['revenue', 'orders', 'active_customers', 'aov']);
  });

  it('does not rank people: "top customers" offers rankings it can run', () => {
    const result = clarification('top customers');
    expect(result).toMatchObject({ reason: 'ambiguous', message: 'I cannot rank individual customers. Rank one of these instead?' });
    expect(result.options.map((o) => o.query.dimensions[0])).toEqual(['city', 'platform', 'product', 'region']);
  });

  it('asks whether "best sales" means revenue or units', () => {
    expect(clarification('best sales products').options.map((o) => o.query.metrics)).toEqual([['revenue'], ['units']]);
    expect(clarification('销售最好的品类').options.map((o) => o.query.metrics)).toEqual([['revenue'], ['units']]);
  });

  it('offers only options that validate and run', () => {
    for (const question of ['how are we doing?', 'top 10 customers by revenue', 'revenue yoy', 'orders on Amazon', '上个月天猫表现如何']) {
      for (const option of clarification(question).options) expect(validate(option.query).problems, `${question} → ${option.label}`).toEqual([]);
    }
  });

  it('keeps "unknown" for questions outside the business, even with a city in them', () => {
    for (const question of ['tell me a joke', 'who won the football game yesterday?', '今天天气怎么样', '帮我订一张机票']) expect(parse(question), question).toEqual({ kind: 'unknown' });
  });
});

describe('numbers in words', () => {
  it.each([
    ['five', 5],
    ['twenty-five', 25],
    ['a dozen', 12],
    ['a couple of', 2],
    ['十二', 12],
    ['两', 2],
    ['三十五', 35],
    ['一百', 100],
  ] as const)('reads %j as %i', (text, n) => {
    expect(parseNumber(text)).toBe(n);
  });
});
