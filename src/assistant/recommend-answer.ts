/**
 * Recommendations as answers: what to offer one customer ("recommend for customer 1042",
 * "给客户1042推荐什么") and "customers who bought X also bought" ("买了玫瑰精华的人还买什么").
 * Neither is a DSL query (no catalog figure behind them), so the answers carry no query; the
 * per-customer list is record-level and is only shown in private places.
 */
import { sql } from 'drizzle-orm';
import { alsoBought, reasonText, recommendFor } from '../analytics/recommend.ts';
import type { Store } from '../db/client.ts';
import { customers } from '../db/schema/index.ts';
import { PrecisError } from '../errors.ts';
import { t, type Lang } from '../messages/index.ts';
import type { Column, TableAnswer } from './types.ts';

const tableOf = (lang: Lang, title: string, definition: string, columns: Column[], rows: TableAnswer['rows'], records: boolean): TableAnswer => ({
  kind: 'table', lang, query: null, records, columns, rows, notes: [], truncated: false, redactedColumns: [], verified: false,
  reading: { metrics: [title], dimensions: [], filters: [], period: t(lang, 'reading.all_time'), definitions: [definition] },
});

export async function customerRecommendations(store: Store, customerId: number, lang: Lang, newOnly: boolean, limit = 10): Promise<TableAnswer> {
  const [known] = await store.rows<{ id: unknown }>(sql`select ${customers.id} as id from ${customers} where ${customers.id} = ${customerId} and ${customers.erasedAt} is null`);
  if (!known) throw new PrecisError('input_invalid', { detail: t(lang, 'recommend.unknown_customer', { id: customerId }) });
  const recs = await recommendFor(store, customerId, { limit, newOnly });
  const columns: Column[] = [
    { id: 'product', label: t(lang, 'recommend.product'), role: 'dimension', format: 'text' },
    { id: 'reason', label: t(lang, 'recommend.reason'), role: 'dimension', format: 'text' },
  ];
  const title = t(lang, newOnly ? 'recommend.title_new' : 'recommend.title', { id: customerId });
  return tableOf(lang, title, t(lang, newOnly ? 'recommend.definition_new' : 'recommend.definition'), columns, recs.map((r) => [r.title, reasonText(r, lang)]), true);
}

/**
 * The product a phrase names: every word of it in the title (case-insensitive; the phrase is a
 * bound parameter), the best-selling such product first.
 */
async function productNamed(store: Store, phrase: string): Promise<{ id: number; title: string } | undefined> {
  const words = phrase.toLowerCase().split(/\s+/).filter((w) => w.length > 0).slice(0, 8);
  if (words.length === 0) return undefined;
  const [row] = await store.rows<{ id: unknown; title: string }>(
    sql`select p.id, p.title from products p left join product_stats s on s.product_id = p.id
        where ${sql.join(words.map((w) => sql`strpos(lower(p.title), ${w}) > 0`), sql` and `)}
        order by coalesce(s.buyers, 0) desc, p.id limit 1`,
  );
  return row ? { id: Number(row.id), title: row.title } : undefined;
}

export async function alsoBoughtAnswer(store: Store, phrase: string, lang: Lang, minGroupSize: number, limit = 10): Promise<TableAnswer> {
  const product = await productNamed(store, phrase);
  if (!product) throw new PrecisError('input_invalid', { detail: t(lang, 'also.unknown_product', { product: phrase }) });
  // Co-buyer counts below the privacy floor would say what a handful of people bought together.
  const neighbours = (await alsoBought(store, product.id, limit)).filter((n) => n.coBuyers >= minGroupSize);
  const columns: Column[] = [
    { id: 'product', label: t(lang, 'recommend.product'), role: 'dimension', format: 'text' },
    { id: 'co_buyers', label: t(lang, 'also.co_buyers'), role: 'metric', format: 'count' },
    { id: 'lift', label: t(lang, 'also.lift'), role: 'metric', format: 'number' },
  ];
  const rows = neighbours.map((n) => [n.title, n.coBuyers, Math.round(n.lift * 100) / 100]);
  return tableOf(lang, t(lang, 'also.title', { product: product.title }), t(lang, 'also.definition'), columns, rows, false);
}
