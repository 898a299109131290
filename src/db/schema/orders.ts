/**
 * Orders and their lines. Money is integer minor units; `*_base_minor` is converted to the
 * configured base currency at ingest. Revenue = sum(order_items.line_total_base_minor) over
 * orders with status 'paid' (defined once, in src/semantic/).
 */
import { sql } from 'drizzle-orm';
import { bigint, char, check, index, integer, pgTable, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { products } from './catalog.ts';
import { customers } from './customers.ts';

export const orderStatuses = ['paid', 'cancelled', 'refunded'] as const;
export type OrderStatus = (typeof orderStatuses)[number];

export const orders = pgTable(
  'orders',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    customerId: bigint('customer_id', { mode: 'number' })
      .notNull()
      .references(() => customers.id),
    platform: text('platform').notNull(),
    platformOrderId: text('platform_order_id').notNull(),
    orderedAt: timestamp('ordered_at', { withTimezone: true }).notNull(),
    status: text('status', { enum: orderStatuses }).notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    totalMinor: bigint('total_minor', { mode: 'number' }).notNull(),
    totalBaseMinor: bigint('total_base_minor', { mode: 'number' }).notNull(),
    /** The ingest batch that loaded the order (lineage); null for orders written otherwise. */
    batchId: bigint('batch_id', { mode: 'number' }),
  },
  (t) => [
    unique('orders_platform_key').on(t.platform, t.platformOrderId),
    index('orders_customer').on(t.customerId),
    index('orders_ordered_at').on(t.orderedAt),
    check('orders_status_check', sql`${t.status} in ('paid', 'cancelled', 'refunded')`),
  ],
);

export const orderItems = pgTable(
  'order_items',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    orderId: bigint('order_id', { mode: 'number' })
      .notNull()
      .references(() => orders.id),
    productId: bigint('product_id', { mode: 'number' })
      .notNull()
      .references(() => products.id),
    quantity: integer('quantity').notNull(),
    unitPriceBaseMinor: bigint('unit_price_base_minor', { mode: 'number' }).notNull(),
    lineTotalBaseMinor: bigint('line_total_base_minor', { mode: 'number' }).notNull(),
  },
  (t) => [index('order_items_order').on(t.orderId), index('order_items_product').on(t.productId)],
);
