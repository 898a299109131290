/**
 * A small store with planted defects, each counted by hand in `planted` below, so the quality
 * tests can assert exact figures per check. Blind indexes are fake tokens ("e-12"), not hashes
 * of anyone; no personal field is set at all.
 *
 * The run happens at NOW (Wednesday 2026-11-25 12:00 in Shanghai): the last full local day is
 * Tuesday 24 November, and the weekly history is the eight Tuesdays before it.
 */
import { sql } from 'drizzle-orm';
import type { Store } from '../../src/db/client.ts';
import { categories, customers, events, ingestBatches, orderItems, orders, productAliases, products } from '../../src/db/schema/index.ts';

export const NOW = new Date('2026-11-25T04:00:00Z');
export const TIME_ZONE = 'Asia/Shanghai';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Tuesday 24 November, 10:00 in Shanghai. */
const LAST_DAY = new Date('2026-11-24T02:00:00Z');
/** Friday 20 November, 10:00 in Shanghai: outside every Tuesday window. */
const OTHER_DAY = new Date('2026-11-20T02:00:00Z');

/** What each check must find in the fixture: [status, violations, considered]. */
export const planted: Record<string, ['pass' | 'fail' | 'skipped', number, number]> = {
  'customers.city.not_null': ['pass', 3, 120],
  'customers.country.not_null': ['pass', 2, 120],
  'customers.email_idx.not_null': ['pass', 10, 120],
  'customers.signup_at.not_null': ['pass', 2, 120],
  'customers.country.format': ['fail', 2, 118],
  'customers.gender.allowed': ['fail', 1, 119],
  'customers.signup_at.not_future': ['fail', 1, 118],
  'customers.email_idx.duplicates': ['fail', 2, 110],
  'customers.phone_idx.duplicates': ['pass', 1, 120],
  'products.category_id.not_null': ['fail', 2, 12],
  'products.list_price_minor.positive': ['fail', 1, 12],
  'products.currency.format': ['fail', 1, 12],
  'product_aliases.price.spread': ['fail', 1, 11],
  'product_aliases.category_label.unmapped': ['fail', 2, 24],
  'orders.customer_id.references': ['fail', 1, 51],
  'orders.currency.format': ['fail', 1, 51],
  'orders.currency.allowed': ['fail', 2, 51],
  'orders.status.allowed': ['pass', 0, 51],
  'orders.ordered_at.not_future': ['fail', 1, 51],
  'orders.total_base_minor.sum_of_lines': ['fail', 2, 51],
  'orders.ordered_at.freshness': ['pass', 0, 51],
  'orders.ordered_at.daily_volume': ['pass', 5, 8],
  'order_items.product_id.references': ['fail', 1, 52],
  'order_items.quantity.non_zero': ['fail', 1, 52],
  'order_items.unit_price_base_minor.positive': ['fail', 2, 52],
  'events.type.allowed': ['fail', 1, 83],
  'events.occurred_at.not_future': ['fail', 1, 83],
  'events.occurred_at.freshness': ['pass', 0, 83],
  'events.occurred_at.daily_volume': ['fail', 1, 8],
  'ingest_batches.email.format': ['fail', 30, 200],
  'ingest_batches.phone.format': ['pass', 4, 200],
  'ingest_batches.rows.quarantine_rate': ['fail', 30, 200],
  'ingest_batches.rows.volume': ['fail', 1, 4],
  'ingest_batches.header.schema_drift': ['fail', 2, 1],
};

/** Rows that break foreign keys cannot be written with the keys enforced; as after a bulk load with them off. */
export async function withoutForeignKeys(store: Store, write: (tx: Parameters<Parameters<Store['db']['transaction']>[0]>[0]) => Promise<unknown>): Promise<void> {
  await store.db.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    await write(tx);
  });
}

/**
 * Writes rows a CHECK constraint forbids, as they were written before the constraint existed: it
 * comes back NOT VALID over them, which must not be taken as proof that none are left.
 */
async function beforeConstraints(store: Store, table: string, names: readonly string[], write: () => Promise<unknown>): Promise<void> {
  const definitions = await store.rows<{ name: string; definition: string }>(
    sql`select conname as name, pg_get_constraintdef(oid) as definition from pg_constraint where conrelid = ${table}::regclass and conname in (${sql.join(names.map((n) => sql`${n}`), sql`, `)})`,
  );
  if (definitions.length !== names.length) throw new Error(`${table} lacks one of ${names.join(', ')}`);
  for (const { name } of definitions) await store.db.execute(sql`alter table ${sql.identifier(table)} drop constraint ${sql.identifier(name)}`);
  await write();
  for (const { name, definition } of definitions) await store.db.execute(sql`alter table ${sql.identifier(table)} add constraint ${sql.identifier(name)} ${sql.raw(definition)} not valid`);
}

export async function plantDefects(store: Store): Promise<void> {
  const db = store.db;
  await db.insert(categories).values({ id: 1, name: 'Skincare', nameZh: '护肤' });

  await db.insert(customers).values(
    Array.from({ length: 120 }, (_, k) => {
      const i = k + 1;
      return {
        id: i,
        city: i <= 3 ? null : 'Shanghai',
        country: i === 4 || i === 5 ? null : 'CN',
        gender: i === 9 ? null : i % 2 ? ('female' as const) : ('male' as const),
        signupAt: i === 10 ? new Date(NOW.getTime() + 5 * DAY) : i === 11 || i === 12 ? null : new Date('2025-01-01T00:00:00Z'),
        emailIdx: i <= 10 ? null : i <= 13 ? 'e-dup' : `e-${i}`,
        phoneIdx: i === 14 || i === 15 ? 'p-dup' : `p-${i}`,
      };
    }),
  );
  await beforeConstraints(store, 'customers', ['customers_country_check', 'customers_gender_check'], async () => {
    await db.execute(sql`update customers set country = case id when 6 then 'China' else 'zhang.wei@example.cn' end where id in (6, 7)`);
    await db.execute(sql`update customers set gender = 'x' where id = 8`);
  });

  await db.insert(products).values(
    Array.from({ length: 12 }, (_, k) => {
      const i = k + 1;
      return { id: i, title: `Serum ${i}`, categoryId: i >= 11 ? null : 1, listPriceMinor: i === 10 ? 0 : 10_000, currency: i === 9 ? 'usd' : 'CNY' };
    }),
  );
  await db.insert(productAliases).values(
    Array.from({ length: 12 }, (_, k) => {
      const i = k + 1;
      const price = i === 10 ? 0 : 10_000;
      return [
        { productId: i, platform: 'tmall', platformProductId: `t${i}`, title: `Serum ${i}`, categoryLabel: 'Skincare', priceMinor: price },
        { productId: i, platform: 'jd', platformProductId: `j${i}`, title: `Serum ${i}`, categoryLabel: i >= 11 ? 'Mystery stuff' : 'Skincare', priceMinor: i === 1 ? 2 * price : price },
      ];
    }).flat(),
  );

  // 5 orders on the last full day and on each of the eight Tuesdays before: a steady week.
  const steady = Array.from({ length: 9 }, (_, week) => Array.from({ length: 5 }, (_, n) => new Date(LAST_DAY.getTime() - week * 7 * DAY + n * HOUR))).flat();
  const order = (id: number, at: Date, over: Partial<typeof orders.$inferInsert> = {}) => ({
    id, customerId: 20 + (id % 100), platform: 'tmall', platformOrderId: `o${id}`, orderedAt: at, status: 'paid' as const, currency: 'CNY', totalMinor: 1000, totalBaseMinor: 1000, ...over,
  });
  await db.insert(orders).values([
    ...steady.map((at, k) => order(k + 1, at, k === 0 ? { totalBaseMinor: 1500 } : {})), // order 1: total ≠ its line
    order(48, new Date(NOW.getTime() + DAY)), // in the future
    order(49, OTHER_DAY, { totalBaseMinor: 500 }), // a total with no lines at all
    order(50, OTHER_DAY, { totalBaseMinor: -5 }), // its three lines below are line defects (summing to -5)
  ]);
  const line = (orderId: number, over: Partial<typeof orderItems.$inferInsert> = {}) => ({
    orderId, productId: 1 + (orderId % 9), quantity: 1, unitPriceBaseMinor: 1000, lineTotalBaseMinor: 1000, ...over,
  });
  await beforeConstraints(store, 'orders', ['orders_currency_check'], () =>
    db.insert(orders).values([
      order(46, OTHER_DAY, { currency: 'XX1' }), // malformed and not allowed
      order(47, OTHER_DAY, { currency: 'ABC' }), // well-formed, but no such currency here
    ]),
  );
  await db.insert(orderItems).values(Array.from({ length: 48 }, (_, k) => line(k + 1)));
  await beforeConstraints(store, 'order_items', ['order_items_quantity_check', 'order_items_unit_price_check'], () =>
    db.insert(orderItems).values([
      line(50, { quantity: 0, unitPriceBaseMinor: 100, lineTotalBaseMinor: 0 }),
      line(50, { unitPriceBaseMinor: 0, lineTotalBaseMinor: 0 }),
      line(50, { unitPriceBaseMinor: -5, lineTotalBaseMinor: -5 }),
    ]),
  );
  await withoutForeignKeys(store, async (tx) => {
    await tx.insert(orders).values(order(51, OTHER_DAY, { customerId: 99_999, totalBaseMinor: 100 }));
    await tx.insert(orderItems).values(line(51, { productId: 99_999, unitPriceBaseMinor: 100, lineTotalBaseMinor: 100 }));
  });

  // Events: one on the last full day against ten on each earlier Tuesday — a collapse.
  const event = (at: Date, type = 'view') => ({ customerId: 30, productId: 2, type: type as 'view', occurredAt: at, platform: 'tmall' });
  await db.insert(events).values([
    event(LAST_DAY),
    ...Array.from({ length: 8 }, (_, w) => Array.from({ length: 10 }, (_, n) => event(new Date(LAST_DAY.getTime() - (w + 1) * 7 * DAY + n * HOUR)))).flat(),
    event(new Date(NOW.getTime() + 3 * DAY)),
  ]);
  await beforeConstraints(store, 'events', ['events_type_check'], () => db.insert(events).values(event(OTHER_DAY, 'click')));

  // The batch ledger: tmall customers arrived four times at ~1,000 rows, now 200 with a renamed column.
  const batch = (n: number, over: Partial<typeof ingestBatches.$inferInsert>) => ({
    platform: 'tmall', source: `customers-${n}.csv`, kind: 'customers', mapping: 'tmall-customers', checksum: `c${n}`, status: 'loaded' as const,
    header: ['id', 'email', 'mobile'], rowsRead: 1000, rowsQuarantined: 10, summary: { fieldIssues: { 'invalid_email:email': 5 } }, ...over,
  });
  await db.insert(ingestBatches).values([
    batch(1, { rowsRead: 1000 }),
    batch(2, { rowsRead: 1010 }),
    batch(3, { rowsRead: 990 }),
    batch(4, { rowsRead: 1005 }),
    batch(5, { rowsRead: 200, rowsQuarantined: 30, header: ['id', 'email', 'phone'], summary: { fieldIssues: { 'invalid_email:email': 30, 'invalid_phone:phone': 4 } } }),
    { platform: 'jd', source: 'orders.csv', kind: 'order_lines', mapping: 'jd-order_lines', checksum: 'j1', status: 'loaded', header: ['order', 'sku'], rowsRead: 500, rowsQuarantined: 5, summary: { fieldIssues: {} } },
  ]);
}
