/** Numbers and widths as people read them, in the asker's language. */
import type { Lang } from '../messages/index.ts';
import type { Cell, Column } from '../assistant/types.ts';

const locale: Record<Lang, string> = { en: 'en-US', zh: 'zh-CN' };

export function formatCell(cell: Cell, column: Column, lang: Lang): string {
  if (cell === null) return '—';
  if (typeof cell === 'string') return cell;
  if (column.currency) {
    return new Intl.NumberFormat(locale[lang], { style: 'currency', currency: column.currency, currencyDisplay: 'narrowSymbol' }).format(cell);
  }
  if (column.format === 'percent') return new Intl.NumberFormat(locale[lang], { style: 'percent', maximumFractionDigits: 1, signDisplay: column.id.endsWith('_change') ? 'exceptZero' : 'auto' }).format(cell);
  const digits = column.format === 'count' ? 0 : column.format === 'days' ? 1 : 2;
  return new Intl.NumberFormat(locale[lang], { maximumFractionDigits: digits }).format(cell);
}

const WIDE = /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/u;

/** Terminal columns a string takes: CJK characters take two, so Chinese tables line up. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += WIDE.test(ch) || (ch.codePointAt(0) ?? 0) > 0xffff ? 2 : 1;
  return width;
}

export const padEnd = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - displayWidth(text)));
export const padStart = (text: string, width: number) => ' '.repeat(Math.max(0, width - displayWidth(text))) + text;
