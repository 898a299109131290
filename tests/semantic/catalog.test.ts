import { describe, expect, it } from 'vitest';
import { checkCatalog } from '../../src/semantic/check.ts';
import { dimensions, metrics } from '../../src/semantic/index.ts';

describe('semantic catalog', () => {
  it('is consistent: no synonym claimed twice, every reference resolves', () => {
    expect(checkCatalog(metrics, dimensions)).toEqual([]);
  });

  it('names no personal field anywhere, so no question can select one', () => {
    const personal = /email|phone|name_enc|address|birth|_enc|_idx/;
    for (const [id, d] of Object.entries(dimensions)) {
      expect(id).not.toMatch(personal);
      expect([...d.synonyms.en, ...d.synonyms.zh].join(' ')).not.toMatch(/email|phone|address|电话|邮箱|地址/);
    }
  });

  it('reports a synonym claimed by two entries and an unknown substitute', () => {
    const broken = {
      ...metrics,
      orders: { ...metrics.orders, synonyms: { en: ['sales'], zh: [] } },
      customers: { ...metrics.customers, onSales: 'nope' },
    };
    expect(checkCatalog(broken, dimensions)).toEqual([
      'metric customers: onSales names unknown metric "nope"',
      'synonym "sales" (en) is claimed by both metric orders and metric revenue',
    ]);
  });
});
