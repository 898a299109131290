/**
 * Answers as Slack messages. Slack rejects a whole message when one block breaks a limit, so the
 * limits are asserted on a long answer; the structure is asserted exactly on a small one, since
 * the Slack listeners read the action ids and values back.
 */
import { describe, expect, it } from 'vitest';
import type { ClarifyAnswer, TableAnswer } from '../../src/assistant/types.ts';
import {
  answerBlocks, breakdownDimensions, encodeQueryRef, findQueryRef, queryDigest, readClarifyValue, readQueryRef, slackLimits,
} from '../../src/present/blocks.ts';
import type { QuerySpec } from '../../src/query/dsl.ts';
import { revenueByCity, revenueByCityQuery } from '../helpers/answers.ts';


const plain = (text: string) => ({ type: 'plain_text', text });
const option = ([text, value]: [string, string]) => ({ text: plain(text), value });
const ref = JSON.stringify({ query: revenueByCityQuery });

const actions = (labels: { show: string; breakdown: string; exportThis: string; up: string; down: string }, options: [string, string][]) => ({
  type: 'actions',
  block_id: 'precis_answer',
  elements: [
    { type: 'button', action_id: 'precis_show_query', text: plain(labels.show), value: ref },
    { type: 'static_select', action_id: 'precis_breakdown', placeholder: plain(labels.breakdown), options: options.map(option) },
    { type: 'button', action_id: 'precis_export', text: plain(labels.exportThis), value: ref },
    { type: 'button', action_id: 'precis_feedback_up', text: plain('👍'), value: ref, accessibility_label: labels.up },
    { type: 'button', action_id: 'precis_feedback_down', text: plain('👎'), value: ref, accessibility_label: labels.down },
  ],
});

describe('answerBlocks', () => {
  it('shows a small English table as an aligned code block, the reading as context, and the controls', () => {
    expect(answerBlocks(revenueByCity('en'))).toEqual({
      text: 'Revenue · by City · in 2025 (2025-01-01 – 2025-12-31)',
      blocks: [
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            verbatim: true,
            text: [
              '```',
              'City            Revenue',
              '────────  ─────────────',
              'Shanghai  ¥1,234,567.50',
              'Beijing      ¥98,765.25',
              'Hangzhou      ¥4,321.00',
              '```',
            ].join('\n'),
          },
        },
        {
          type: 'context',
          elements: [
            plain('Revenue · by City · in 2025 (2025-01-01 – 2025-12-31)'),
            plain('Revenue: Sum of paid order lines, in the base currency. Amounts in CNY.'),
          ],
        },
        actions({ show: 'Show query', breakdown: 'Break down by…', exportThis: 'Export this', up: 'Helpful', down: 'Not helpful' }, [
          ['Region', 'region'], ['Country', 'country'], ['Gender', 'gender'], ['Platform', 'platform'], ['Channel', 'channel'],
          ['Age band', 'age_band'], ['Signup cohort', 'signup_cohort'], ['Category', 'category'], ['Product', 'product'],
          ['Brand', 'brand'], ['Segment', 'segment'], ['Day', 'day'], ['Week', 'week'], ['Month', 'month'], ['Quarter', 'quarter'], ['Year', 'year'],
        ]),
      ],
    });
  });

  it('shows the same table to a Chinese asker in Chinese, CJK columns aligned two wide', () => {
    expect(answerBlocks(revenueByCity('zh'))).toEqual({
      text: '销售额 · 按城市 · 2025年 (2025-01-01 – 2025-12-31)',
      blocks: [
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            verbatim: true,
            text: ['```', '城市         销售额', '────  ─────────────', '上海  ¥1,234,567.50', '北京     ¥98,765.25', '杭州      ¥4,321.00', '```'].join('\n'),
          },
        },
        {
          type: 'context',
          elements: [plain('销售额 · 按城市 · 2025年 (2025-01-01 – 2025-12-31)'), plain('销售额：已付款订单行金额合计（本位币）。 金额单位：CNY。')],
        },
        actions({ show: '查看查询', breakdown: '按…拆分', exportThis: '导出这份数据', up: '有帮助', down: '没帮助' }, [
          ['省份', 'region'], ['国家', 'country'], ['性别', 'gender'], ['平台', 'platform'], ['渠道', 'channel'],
          ['年龄段', 'age_band'], ['注册批次', 'signup_cohort'], ['品类', 'category'], ['商品', 'product'],
          ['品牌', 'brand'], ['客户分群', 'segment'], ['日', 'day'], ['周', 'week'], ['月', 'month'], ['季度', 'quarter'], ['年', 'year'],
        ]),
      ],
    });
  });

  it('shows a single figure as a header, with the verified mark and the notes in the context line', () => {
    const answer: TableAnswer = {
      ...revenueByCity('zh'),
      query: { ...revenueByCityQuery, intent: 'metric', dimensions: [] },
      reading: { ...revenueByCity('zh').reading, dimensions: [] },
      columns: [revenueByCity('zh').columns[1]!],
      rows: [[1234567.5]],
      notes: ['最新数据是 2025-12-01 的（30 天前）。'],
      verified: true,
    };
    const { text, blocks } = answerBlocks(answer);
    expect(text).toBe('销售额：¥1,234,567.50 · ✓ 已核验 · 销售额 · 2025年 (2025-01-01 – 2025-12-31)');
    expect(blocks[0]).toEqual({ type: 'header', text: plain('销售额：¥1,234,567.50') });
    expect(blocks[1]).toEqual({
      type: 'context',
      elements: [
        plain('✓ 已核验 · 销售额 · 2025年 (2025-01-01 – 2025-12-31)'),
        plain('销售额：已付款订单行金额合计（本位币）。 金额单位：CNY。'),
        plain('※ 最新数据是 2025-12-01 的（30 天前）。'),
      ],
    });
  });

  it('cuts a 500-row answer to Slack limits, says how many rows are shown and offers the export', () => {
    const base = revenueByCity('en');
    const answer: TableAnswer = { ...base, rows: Array.from({ length: 500 }, (_, i) => [`City number ${i + 1}`, 1000 + i]) };
    for (const maxRows of [undefined, 400]) {
      const { blocks } = answerBlocks(answer, maxRows ? { maxRows } : {});
      expect(blocks.length).toBeLessThanOrEqual(slackLimits.blocks);
      const table = (blocks[0] as { text: { text: string } }).text.text;
      expect(table.length).toBeLessThanOrEqual(slackLimits.sectionText);
      const shown = table.split('\n').filter((l) => l.startsWith('City number ')).length;
      // 50 rows by default; asked for 400, as many as fit in one section: one more line would not.
      expect(shown).toBe(maxRows ? 108 : 50);
      if (maxRows) expect(table.length + '\nCity number 109  ¥1,108.00'.length).toBeGreaterThan(slackLimits.sectionText);
      expect(table).toMatch(/^```\nCity +Revenue\n/);
      expect(table).toContain(`City number ${shown}  `);
      expect(table.endsWith('\n```')).toBe(true);
      const context = blocks.find((b) => b.type === 'context') as { elements: { text: string }[] };
      expect(context.elements.map((e) => e.text)).toContain(`※ Showing ${shown} of 500 rows. Use "Export this" to get all of them.`);
      const buttons = (blocks.at(-1) as { elements: { action_id: string }[] }).elements.map((e) => e.action_id);
      expect(buttons).toContain('precis_export');
    }
  });

  it('says the total is a lower bound when the query itself hit the row cap', () => {
    const answer: TableAnswer = { ...revenueByCity('zh'), truncated: true, rows: Array.from({ length: 60 }, (_, i) => [`城市${i}`, i]) };
    const context = answerBlocks(answer).blocks.find((b) => b.type === 'context') as { elements: { text: string }[] };
    expect(context.elements.at(-1)!.text).toBe('※ 共 60+ 行，这里只显示 50 行；点“导出这份数据”获取全部。');
  });

  it('escapes data so a value cannot mention @channel or close the code block', () => {
    const answer: TableAnswer = { ...revenueByCity('en'), rows: [['<!channel> & co ```', 1]] };
    const table = (answerBlocks(answer).blocks[0] as { text: { text: string } }).text.text;
    expect(table).toContain('&lt;!channel&gt; &amp; co ˋˋˋ');
    expect(table.match(/```/g)).toHaveLength(2);
  });

  it('offers no breakdown or export when nothing matched, but still the query and feedback', () => {
    const { blocks } = answerBlocks({ ...revenueByCity('en'), rows: [] });
    expect(blocks[0]).toEqual({ type: 'section', text: plain('No data matched this question.') });
    expect((blocks.at(-1) as { elements: { action_id: string }[] }).elements.map((e) => e.action_id)).toEqual([
      'precis_show_query', 'precis_feedback_up', 'precis_feedback_down',
    ]);
  });

  it('gives each clarifying option a button carrying its query, or its label when it has none', () => {
    const byMonth: QuerySpec = { ...revenueByCityQuery, intent: 'trend', dimensions: ['month'] };
    const answer: ClarifyAnswer = {
      kind: 'clarify',
      lang: 'en',
      message: '"sales" can be read more than one way. Which did you mean?',
      options: [{ label: 'Revenue by month', query: byMonth }, { label: 'Units sold by month' }],
    };
    const { text, blocks } = answerBlocks(answer);
    expect(text).toBe('"sales" can be read more than one way. Which did you mean?\n  1. Revenue by month\n  2. Units sold by month');
    expect(blocks).toEqual([
      { type: 'section', text: plain('"sales" can be read more than one way. Which did you mean?') },
      { type: 'actions', block_id: 'precis_clarify_0', elements: [{ type: 'button', action_id: 'precis_clarify', text: plain('Revenue by month'), value: JSON.stringify(byMonth) }] },
      { type: 'actions', block_id: 'precis_clarify_1', elements: [{ type: 'button', action_id: 'precis_clarify', text: plain('Units sold by month'), value: 'Units sold by month' }] },
    ]);
    const values = blocks.slice(1).map((b) => (b as { elements: { value: string }[] }).elements[0]!.value);
    expect(values.map(readClarifyValue)).toEqual([{ query: byMonth }, { question: 'Units sold by month' }]);
  });

  it('shows help and refusals as plain sections', () => {
    expect(answerBlocks({ kind: 'refusal', lang: 'en', code: 'role_forbids', message: 'Your role (viewer) may not export.' })).toEqual({
      text: 'Your role (viewer) may not export.',
      blocks: [{ type: 'section', text: plain('Your role (viewer) may not export.') }],
    });
    const help = answerBlocks({ kind: 'help', lang: 'zh', notUnderstood: true });
    expect(help.blocks.every((b) => b.type === 'section' && b.text?.type === 'plain_text' && b.text.text.length <= slackLimits.sectionText)).toBe(true);
    expect((help.blocks[0] as { text: { text: string } }).text.text.split('\n')[0]).toBe(help.text.split('\n')[0]);
  });
});

describe('query references', () => {
  it('carries the query itself while it fits in a button value', () => {
    expect(readQueryRef(encodeQueryRef(revenueByCityQuery))).toEqual({ query: revenueByCityQuery });
  });

  it('carries a digest of the thread query when the query is too long for Slack', () => {
    const long: QuerySpec = { ...revenueByCityQuery, filters: [{ dimension: 'product', values: Array.from({ length: 50 }, (_, i) => `A product with a long title, number ${i}`) }] };
    const value = encodeQueryRef(long);
    expect(value.length).toBeLessThanOrEqual(slackLimits.value);
    expect(readQueryRef(value)).toEqual({ thread: true, digest: queryDigest(long) });
  });

  it('digests a query the same after a jsonb round trip reorders its keys', () => {
    const reordered = JSON.parse(JSON.stringify({ compare: null, limit: null, sort: null, period: { label: 'in 2025', end: '2026-01-01', start: '2025-01-01' }, filters: [], dimensions: ['city'], metrics: ['revenue'], intent: 'breakdown' })) as QuerySpec;
    expect(queryDigest(reordered)).toBe(queryDigest(revenueByCityQuery));
    expect(queryDigest({ ...revenueByCityQuery, dimensions: ['region'] })).not.toBe(queryDigest(revenueByCityQuery));
  });

  it('refuses values that are not ours', () => {
    expect(readQueryRef('{"query":{"intent":"drop table"}}')).toBeUndefined();
    expect(readQueryRef('not json')).toBeUndefined();
  });

  it('finds the query of an answer message from its blocks, as Slack sends them back', () => {
    expect(findQueryRef(answerBlocks(revenueByCity('en')).blocks)).toEqual({ query: revenueByCityQuery });
    expect(findQueryRef([{ type: 'section' }])).toBeUndefined();
  });
});

describe('breakdownDimensions', () => {
  it('offers no second time grain and nothing already asked or pinned to one value', () => {
    const byMonthInTmall: QuerySpec = { ...revenueByCityQuery, intent: 'trend', dimensions: ['month'], filters: [{ dimension: 'platform', values: ['tmall'] }] };
    expect(breakdownDimensions(byMonthInTmall)).toEqual(['city', 'region', 'country', 'gender', 'channel', 'age_band', 'signup_cohort', 'category', 'product', 'brand', 'segment']);
  });

  it('offers nothing once the query has two dimensions', () => {
    expect(breakdownDimensions({ ...revenueByCityQuery, dimensions: ['city', 'month'] })).toEqual([]);
  });
});
