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
import { IdPool } from '../db/ids.ts';
import { RowHashSet } from './dedupe.ts';
import { CHUNK_ROWS, FactLoader, type ChunkWrite } from './load.ts';
import type { MergeResult } from './merge.ts';
import type { NormalOrderLine } from './normalize.ts';
import { loadPlatformIds, type PlatformIdMaps } from './platform-ids.ts';
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

/** Orders of a chunk the store holds already (platform order id → its id and batch). */
type StoredOrders = Map<string, { id: unknown; batch_id: unknown }>;

export class OrderLoader extends FactLoader<NormalOrderLine, StoredOrders> {
  /** Read in by the first chunk's `resolve`, inside the batch's transaction. */
  private known: PlatformIdMaps | undefined;
  /** Whether other batches left orders of this platform (an overlapping export): asked by the first chunk. */
  private othersStored: boolean | undefined;
  /** The orders this batch has written (hashes of their platform ids): a split order's later lines find it here. */
  private readonly written = new RowHashSet();
  private readonly orderIds: IdPool;
  private readonly counts = { customers: 0, products: 0, orders: 0, orderItems: 0, merged: 0 };

  constructor(tx: StoreTransaction, queue: WriteQueue, private readonly platform: string, private readonly batchId: number) {
    super(tx, queue);
    this.orderIds = new IdPool(tx, 'orders');
  }

  protected result(): MergeResult {
    const { customers, products, orders, orderItems, merged } = this.counts;
    return { created: { customers, identities: customers, products, aliases: products, orders, orderItems }, rowsLoaded: orderItems, rowsMerged: merged };
  }

  /** An order's lines in a row stay in one chunk: an order split across chunks needs a lookup and an update (42 of tmall's 82 chunks at 100k did). */
  protected override together(previous: NormalOrderLine, next: NormalOrderLine): boolean {
    return previous.platformOrderId === next.platformOrderId;
  }

  /**
   * Without `stored`, a chunk is ready only when none of its orders may be in the store: no other
   * batch left orders of this platform, and this batch wrote none of them (a hash can collide, so
   * a hit is the store's to decide).
   */
  protected ready(lines: readonly NormalOrderLine[], stored: StoredOrders | undefined): ChunkWrite | undefined {
    const { known, platform, batchId, counts, written } = this;
    if (!known || this.othersStored === undefined) return undefined;
    if (lines.some((l) => known.customers.get(l.platformCustomerId) === undefined || known.products.get(l.platformProductId) === undefined)) return undefined;
    const orders = groupBy(lines, (l) => l.platformOrderId);
    if (!stored) {
      if (this.othersStored || [...orders.keys()].some((pid) => written.has(pid))) return undefined;
      stored = new Map();
    }
    const fresh = [...orders.keys()].filter((pid) => !stored.has(pid));
    const ids = this.orderIds.take(fresh.length);
    if (!ids) return undefined;
    const orderId = new Map<string, unknown>(fresh.map((pid, i) => [pid, ids[i]]));
    for (const pid of fresh) written.add(pid);

    const appended: { id: unknown; total: number; totalBase: number; at: Date }[] = [];
    for (const [pid, group] of orders) {
      const order = stored.get(pid);
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
      return [orderId.get(pid) as CopyValue, known.customers.get(first.platformCustomerId), platform, pid, earliest(group), first.status, first.currency,
        sum(group, (l) => l.lineTotalMinor), sum(group, (l) => l.lineTotalBaseMinor), batchId];
    });
    const items = lines.flatMap((l): CopyValue[][] => {
      const id = orderId.get(l.platformOrderId);
      return id === undefined ? [] : [[id as CopyValue, known.products.get(l.platformProductId), l.quantity, l.unitPriceBaseMinor, l.lineTotalBaseMinor]];
    });
    const orderText = [...copyChunks(newOrders, CHUNK_ROWS)];
    const itemText = [...copyChunks(items, CHUNK_ROWS)];
    counts.orders += fresh.length;
    counts.orderItems += items.length;

    return async () => {
      const { tx } = this;
      if (newOrders.length > 0) await tx.copyIn('orders', orderColumns, orderText);
      if (appended.length > 0) {
        await tx.rows(sql`
          update orders o set total_minor = o.total_minor + a.total, total_base_minor = o.total_base_minor + a.total_base, ordered_at = least(o.ordered_at, a.at)
          from jsonb_to_recordset(${JSON.stringify(appended.map((a) => ({ id: Number(a.id), total: a.total, total_base: a.totalBase, at: a.at.toISOString() })))}::jsonb)
            as a(id bigint, total bigint, total_base bigint, at timestamptz)
          where o.id = a.id`);
      }
      if (items.length > 0) await tx.copyIn('order_items', itemColumns, itemText);
      // Ids for the chunks to come, while the connection is free: a chunk short of them waits its turn to ask.
      await this.orderIds.fill(2 * CHUNK_ROWS);
    };
  }

  /**
   * What `ready` lacks: the platform's ids (read in once), shells for ids the store lacks (a shell
   * customer takes the smallest country its lines give, any would do but repeatably; a shell
   * product the first title), order ids, and the chunk's orders the store may hold.
   */
  protected async resolve(lines: readonly NormalOrderLine[]): Promise<StoredOrders> {
    const { tx, platform, batchId, counts, written } = this;
    const known = (this.known ??= await loadPlatformIds(tx, platform));
    this.othersStored ??= (await tx.rows<{ found: boolean }>(sql`select exists (select 1 from orders where platform = ${platform} and batch_id <> ${batchId}) as found`))[0]!.found;
    counts.customers += await known.customers.resolve(valuesBy(lines, (l) => l.platformCustomerId, (l) => l.country, (a, b) => (b < a ? b : a)));
    counts.products += await known.products.resolve(valuesBy(lines, (l) => l.platformProductId, (l) => l.title, (first) => first));
    const pids = [...new Set(lines.map((l) => l.platformOrderId))];
    await this.orderIds.fill(pids.length);

    const maybe = this.othersStored ? pids : pids.filter((pid) => written.has(pid));
    if (maybe.length === 0) return new Map();
    const rows = await tx.rows<{ pid: string; id: unknown; batch_id: unknown }>(sql`
      select w.pid, o.id, o.batch_id from jsonb_array_elements_text(${JSON.stringify(maybe)}::jsonb) as w(pid)
      -- One key at a time, as in platform-ids.ts: this batch's orders have no statistics yet.
      cross join lateral (select id, batch_id from orders o where o.platform = ${platform} and o.platform_order_id = w.pid limit 1) o`);
    return new Map(rows.map((o) => [o.pid, o]));
  }
}
