/**
 * Follow-ups in a thread edit the thread's last query — and only when every word of the message
 * is an edit the query can carry. A word it cannot carry ("not", "gift cards", "over 30", "不包括")
 * makes the message a question of its own, so it is asked back rather than answered as the
 * opposite or as something broader.
 */
import { describe, expect, it } from 'vitest';
import { todayIn } from '../../src/nl/calendar.ts';
import { applyFollowUp } from '../../src/nl/followup.ts';
import { understand } from '../../src/nl/understand.ts';
import { QuerySpec } from '../../src/query/dsl.ts';
import { testLexicon, testNow } from '../helpers/lexicon.ts';

const previous = QuerySpec.parse({
  intent: 'breakdown', metrics: ['revenue'], dimensions: ['city'], filters: [], period: { start: '2026-10-01', end: '2026-11-01', label: 'last month' }, sort: null, limit: null, compare: null,
});
const edit = (message: string) => applyFollowUp(message, previous, { today: todayIn(testNow, 'Asia/Shanghai'), lexicon: testLexicon });

describe('follow-ups in a thread', () => {
  it('edits the last query: a filter, a period, a breakdown, a ranking', () => {
    expect(edit('and in Beijing?')).toMatchObject({ filters: [{ dimension: 'city', values: ['Beijing'] }], period: { label: 'last month' } });
    expect(edit('那上海呢？')).toMatchObject({ filters: [{ dimension: 'city', values: ['Shanghai'] }] });
    expect(edit('just for tmall please')).toMatchObject({ filters: [{ dimension: 'platform', values: ['tmall'] }] });
    expect(edit('same thing for jd')).toMatchObject({ filters: [{ dimension: 'platform', values: ['jd'] }] });
    expect(edit('换成上个季度')).toMatchObject({ period: { start: '2026-07-01', end: '2026-10-01' } });
    expect(edit('按月拆分')).toMatchObject({ intent: 'trend', dimensions: ['city', 'month'] });
    expect(edit('top 5')).toMatchObject({ intent: 'top', limit: 5 });
    // After a count, "how many" goes on asking about it.
    const orders = QuerySpec.parse({ ...previous, metrics: ['orders'] });
    expect(applyFollowUp('how many in Beijing?', orders, { today: todayIn(testNow, 'Asia/Shanghai'), lexicon: testLexicon })).toMatchObject({ metrics: ['orders'], filters: [{ dimension: 'city', values: ['Beijing'] }] });
  });

  it('asks the last question of another figure, compares it with a period, and re-ranks it', () => {
    expect(edit('what about orders?')).toMatchObject({ intent: 'breakdown', metrics: ['orders'], dimensions: ['city'], period: { label: 'last month' } });
    expect(edit('那订单数呢')).toMatchObject({ metrics: ['orders'], dimensions: ['city'] });
    expect(edit('what about refunds in Beijing')).toMatchObject({ metrics: ['refunded_orders'], dimensions: ['city'], filters: [{ dimension: 'city', values: ['Beijing'] }] });
    expect(edit('北京的退款呢')).toMatchObject({ metrics: ['refunded_orders'], filters: [{ dimension: 'city', values: ['Beijing'] }] });
    expect(edit('same for orders')).toMatchObject({ metrics: ['orders'], dimensions: ['city'], period: { label: 'last month' } });
    // A figure named without asking of the last answer is a question of its own ("看看" opens a new one).
    expect(edit('revenue this year')).toBeUndefined();
    expect(edit('看一下今年每月的订单')).toBeUndefined();
    // "和去年同期比": the same month a year earlier, against the month asked about.
    expect(edit('和去年同期比')).toMatchObject({
      intent: 'compare', period: { start: '2026-10-01', end: '2026-11-01' }, compare: { kind: 'previous_year', period: { start: '2025-10-01', end: '2025-11-01', label: '去年同期' } },
    });
    expect(edit('环比呢')).toMatchObject({ intent: 'compare', dimensions: ['city'], period: { label: 'last month' }, compare: { kind: 'previous_period', period: { start: '2026-09-01', end: '2026-10-01' } } });
    expect(edit('yoy')).toMatchObject({ intent: 'compare', compare: { kind: 'previous_year', period: { start: '2025-10-01', end: '2025-11-01' } } });
    // "same month" is the last answer's month again, not a breakdown by month.
    expect(edit('what about last year same month')).toMatchObject({ intent: 'breakdown', dimensions: ['city'], period: { start: '2025-10-01', end: '2025-11-01' }, compare: null });
    expect(edit('compare with september')).toMatchObject({ intent: 'compare', period: { label: 'last month' }, compare: { kind: 'custom', period: { start: '2026-09-01', end: '2026-10-01' } } });
    const compared = QuerySpec.parse({ ...previous, intent: 'compare', compare: { kind: 'custom', period: { start: '2026-09-01', end: '2026-10-01', label: 'september' } } });
    expect(applyFollowUp('top 5', compared, { today: todayIn(testNow, 'Asia/Shanghai'), lexicon: testLexicon })).toMatchObject({ intent: 'compare', limit: 5, sort: { metric: 'revenue', direction: 'desc' } });
    // Ranked by the change against September; "this month" drops the comparison, and the ranking by change with it.
    const grew = QuerySpec.parse({ ...compared, sort: { metric: 'revenue', direction: 'desc', change: true }, limit: 3 });
    expect(applyFollowUp('this month', grew, { today: todayIn(testNow, 'Asia/Shanghai'), lexicon: testLexicon })).toMatchObject({ intent: 'top', compare: null, sort: { metric: 'revenue', direction: 'desc' } });
    expect(applyFollowUp('this month', grew, { today: todayIn(testNow, 'Asia/Shanghai'), lexicon: testLexicon })?.sort).not.toHaveProperty('change');
    const ranked = QuerySpec.parse({ ...previous, intent: 'top', metrics: ['units'], sort: { metric: 'units', direction: 'desc' }, limit: 5 });
    expect(applyFollowUp('按销售额', ranked, { today: todayIn(testNow, 'Asia/Shanghai'), lexicon: testLexicon })).toMatchObject({ intent: 'top', metrics: ['revenue'], sort: { metric: 'revenue', direction: 'desc' }, limit: 5 });
  });

  it('answers a question about a segment as one, even in a thread about something else', () => {
    const context = { now: testNow, timeZone: 'Asia/Shanghai', lexicon: testLexicon, previous };
    expect(understand('how is the loyal segment doing', context)).toEqual({ kind: 'segment_summary', segments: ['loyal'] });
    expect(understand('compare champions and loyal', context)).toEqual({ kind: 'segment_summary', segments: ['champions', 'loyal'] });
  });

  it('is no edit when a word would be lost: an exclusion, a condition, a figure it does not have', () => {
    for (const message of ['and not in Beijing?', 'excluding tmall', '不包括天猫', 'what about gift cards in Beijing', '北京的礼品卡呢', 'and for women over 30', 'what about unpaid ones in Shanghai', 'how many in Beijing?', '北京有多少']) {
      expect(edit(message), message).toBeUndefined();
    }
  });

  it('narrows a customer list, but reads a count after it as a question of its own', () => {
    const list = QuerySpec.parse({ ...previous, intent: 'list', metrics: ['customers'], dimensions: [], limit: 5 });
    const after = (message: string) => applyFollowUp(message, list, { today: todayIn(testNow, 'Asia/Shanghai'), lexicon: testLexicon });
    expect(after('only champions')).toMatchObject({ intent: 'list', filters: [{ dimension: 'segment', values: ['champions'] }], limit: 5 });
    // A count that names what to count, or a comparison, is a question of its own.
    for (const message of ['how many champions do we have', '有多少重要价值客户', '同比']) expect(after(message), message).toBeUndefined();
    // A bare count asks how many customers the list holds.
    for (const message of ['how many are there?', '有多少']) {
      expect(after(message), message).toMatchObject({ intent: 'metric', metrics: ['customers'], dimensions: [], filters: list.filters, period: list.period, limit: null });
    }
  });
});
