/**
 * Order lines the store's constraints would refuse never leave normalize: they are quarantined
 * with a reason instead, so one odd line cannot fail a whole batch at load
 * (order_items_unit_price_check, order_items_quantity_check, orders_currency_check).
 */
import { describe, expect, it } from 'vitest';
import { loadMapping } from '../../src/ingest/mapping.ts';
import { normalizeOrderLine, type NormalizeContext } from '../../src/ingest/normalize.ts';

const line = { order_id: 'o1', product_id: 'p1', ordered_at: '01/03/2026 10:00', customer_id: 'c1', quantity: '1', unit_price: '0.01', currency: 'CNY' };
const context = (baseCurrency: string): NormalizeContext => ({ mapping: loadMapping('jd-order_lines'), baseCurrency, now: new Date('2026-11-29T00:00:00Z') });
const reasons = (row: Record<string, string>, base: string) => {
  const result = normalizeOrderLine(row, context(base));
  return result.ok ? [] : result.reasons;
};

describe('order lines the store would refuse', () => {
  it('keeps a price of one fen in yuan, and quarantines it when the base currency has no unit that small', () => {
    expect(reasons(line, 'CNY')).toEqual([]);
    // 1 fen is 0.2 yen: it would be stored as a price of 0.
    expect(reasons(line, 'JPY')).toEqual(['non_positive:unit_price']);
  });

  it('quarantines a zero quantity and a currency without a rate', () => {
    expect(reasons({ ...line, quantity: '0' }, 'CNY')).toContain('zero_quantity');
    expect(reasons({ ...line, currency: 'XYZ' }, 'CNY').join(' ')).toMatch(/unknown_currency/);
  });
});
