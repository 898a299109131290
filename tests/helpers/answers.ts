/** Small table answers, as the core returns them, for the presenters' tests. */
import type { Column, TableAnswer } from '../../src/assistant/types.ts';
import type { QuerySpec } from '../../src/query/dsl.ts';

export const lastYear = { start: '2025-01-01', end: '2026-01-01', label: 'in 2025' };

export const revenueByCityQuery: QuerySpec = {
  intent: 'breakdown', metrics: ['revenue'], dimensions: ['city'], filters: [], period: lastYear, sort: null, limit: null, compare: null,
};

export const revenue = (label: string): Column => ({ id: 'revenue', label, role: 'metric', format: 'currency', currency: 'CNY' });

export function revenueByCity(lang: 'en' | 'zh'): TableAnswer {
  const en = lang === 'en';
  return {
    kind: 'table',
    lang,
    query: revenueByCityQuery,
    reading: {
      metrics: [en ? 'Revenue' : '销售额'],
      dimensions: [en ? 'City' : '城市'],
      filters: [],
      period: en ? 'in 2025 (2025-01-01 – 2025-12-31)' : '2025年 (2025-01-01 – 2025-12-31)',
      definitions: [en ? 'Revenue: Sum of paid order lines, in the base currency. Amounts in CNY.' : '销售额：已付款订单行金额合计（本位币）。 金额单位：CNY。'],
    },
    columns: [{ id: 'city', label: en ? 'City' : '城市', role: 'dimension', format: 'text' }, revenue(en ? 'Revenue' : '销售额')],
    rows: [
      [en ? 'Shanghai' : '上海', 1234567.5],
      [en ? 'Beijing' : '北京', 98765.25],
      [en ? 'Hangzhou' : '杭州', 4321],
    ],
    notes: [],
    truncated: false,
    redactedColumns: [],
    verified: false,
  };
}
