/**
 * Stage 5 for order lines (see load.ts). A chunk's lines are grouped into orders by their platform
 * order id: an order's customer, status and currency are its first line's, its time the earliest
 * line's, its totals the sums. An order the store already holds from another batch (an
 * overlapping export) is left as it is, orders being immutable facts, and its lines count as
 * merged. An order this batch began in an earlier chunk (its lines were apart in the file) gets
 * the new lines, and its totals and time follow them.
 */
import { sql } from 'drizzle-orm';
import type { StoreTransaction } from '../db/client.ts';
import { copyChunks, type CopyValue } from '../db/copy.ts';
import { allocateIds } from '../db/ids.ts';
import { CHUNK_ROWS, FactLoader } from './load.ts';
import type { MergeResult } from './merge.ts';
import type { NormalOrderLine } from './normalize.ts';
import { knownPlatformIds, type PlatformIdCaches } from './platform-ids.ts';
import type { WriteQueue } from './write-queue.ts';

const orderColumns = ['id', 'customer_id', 'platform', 'platform_order_id', 'ordered_at', 'status', 'currency', 'total_minor', 'total_base_minor', 'batch_id'];
const itemColumns = ['order_id', 'product_id', 'quantity', 'unit_price_base_minor', 'line_total_base_minor'];

const sum = (lines: readonly NormalOrderLine[], of: (l: NormalOrderLine) => number) => lines.reduce((total, l) => total + of(l), 0);
const earliest = (lines: readonly NormalOrderLine[]) => new Date(Math.min(...lines.map((l) => l.orderedAt.getTime())));

/** First-seen order of keys, each with its values: `Map` keeps insertion order. */
function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

/** For each key, the value `keep` prefers among its lines' defined values (undefined when none): what a shell record is given. */
function valuesBy(lines: readonly NormalOrderLine[], key: (l: NormalOrderLine) => string, value: (l: NormalOrderLine) => string | undefined, keep: (had: string, next: string) => string): Map<string, string | undefined> {
  const values = new Map<string, string | undefined>();
  for (const l of lines) {
    const had = values.get(key(l));
    const next = value(l);
    values.set(key(l), had === undefined ? next : next === undefined ? had : keep(had, next));
  }
  return values;
}

export class OrderLoader extends FactLoader<NormalOrderLine> {
  private readonly known: PlatformIdCaches;
  private readonly counts = { customers: 0, products: 0, orders: 0, orderItems: 0, merged: 0 };

  constructor(tx: StoreTransaction, queue: WriteQueue, private readonly platform: string, private readonly batchId: number) {
    super(tx, queue);
    this.known = knownPlatformIds(tx, platform);
  }

  protected result(): MergeResult {
    const { customers, products, orders, orderItems, merged } = this.counts;
    return { created: { customers, identities: customers, products, aliases: products, orders, orderItems }, rowsLoaded: orderItems, rowsMerged: merged };
  }

  protected async write(lines: readonly NormalOrderLine[]): Promise<void> {
    const { tx, platform, batchId, counts } = this;
    // A shell customer takes the smallest country its lines give (any would do, but repeatably); a shell product the first title.
    const customers = await this.known.customers.ids(valuesBy(lines, (l) => l.platformCustomerId, (l) => l.country, (a, b) => (b < a ? b : a)));
    const products = await this.known.products.ids(valuesBy(lines, (l) => l.platformProductId, (l) => l.title, (first) => first));
    counts.customers += customers.created;
    counts.products += products.created;

    const orders = groupBy(lines, (l) => l.platformOrderId);
    const stored = await tx.rows<{ pid: string; id: unknown; batch_id: unknown }>(sql`
      select w.pid, o.id, o.batch_id from jsonb_array_elements_text(${JSON.stringify([...orders.keys()])}::jsonb) as w(pid)
      -- One key at a time, as in platform-ids.ts: this batch's orders have no statistics yet.
      cross join lateral (select id, batch_id from orders o where o.platform = ${platform} and o.platform_order_id = w.pid limit 1) o`);
    const storedOf = new Map(stored.map((o) => [o.pid, o]));
    const fresh = [...orders.keys()].filter((pid) => !storedOf.has(pid));
    const ids = await allocateIds(tx, 'orders', fresh.length);
    const orderId = new Map<string, unknown>(fresh.map((pid, i) => [pid, ids[i]]));

    const appended: { id: unknown; total: number; totalBase: number; at: Date }[] = [];
    for (const [pid, group] of orders) {
      const order = storedOf.get(pid);
      if (order === undefined) continue;
      if (Number(order.batch_id) !== batchId) counts.merged += group.length;
      else {
        orderId.set(pid, order.id);
        appended.push({ id: order.id, total: sum(group, (l) => l.lineTotalMinor), totalBase: sum(group, (l) => l.lineTotalBaseMinor), at: earliest(group) });
      }
    }

    const newOrders = fresh.map((pid): CopyValue[] => {
      const group = orders.get(pid)!;
      const first = group[0]!;
      return [orderId.get(pid) as CopyValue, customers.ids.get(first.platformCustomerId) as CopyValue, platform, pid, earliest(group), first.status, first.currency,
        sum(group, (l) => l.lineTotalMinor), sum(group, (l) => l.lineTotalBaseMinor), batchId];
    });
    if (newOrders.length > 0) await tx.copyIn('orders', orderColumns, copyChunks(newOrders, CHUNK_ROWS));
    if (appended.length > 0) {
      await tx.rows(sql`
        update orders o set total_minor = o.total_minor + a.total, total_base_minor = o.total_base_minor + a.total_base, ordered_at = least(o.ordered_at, a.at)
        from jsonb_to_recordset(${JSON.stringify(appended.map((a) => ({ id: Number(a.id), total: a.total, total_base: a.totalBase, at: a.at.toISOString() })))}::jsonb)
          as a(id bigint, total bigint, total_base bigint, at timestamptz)
        where o.id = a.id`);
    }

    const items = lines.flatMap((l): CopyValue[][] => {
      const id = orderId.get(l.platformOrderId);
      return id === undefined ? [] : [[id as CopyValue, products.ids.get(l.platformProductId) as CopyValue, l.quantity, l.unitPriceBaseMinor, l.lineTotalBaseMinor]];
    });
    if (items.length > 0) await tx.copyIn('order_items', itemColumns, copyChunks(items, CHUNK_ROWS));
    counts.orders += fresh.length;
    counts.orderItems += items.length;
  }
}
