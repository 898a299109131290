/**
 * Orders and their lines. Money is integer minor units; `*_base_minor` is converted to the
 * configured base currency at ingest. Revenue = sum(order_items.line_total_base_minor) over
 * orders with status 'paid' (defined once, in src/semantic/).
 */
import { sql } from 'drizzle-orm';
import { bigint, char, check, index, integer, pgTable, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { products } from './catalog.ts';
import { literalList } from './constraints.ts';
import { customers } from './customers.ts';

export const orderStatuses = ['paid', 'cancelled', 'refunded'] as const;
/** The currencies ingest has a rate for (src/ingest/values.ts `ratesToCny` must name exactly these). */
export const currencies = ['CNY', 'USD', 'GBP', 'EUR', 'HKD', 'JPY', 'SGD', 'AUD', 'CAD', 'MYR', 'KRW', 'TWD'] as const;
export type Currency = (typeof currencies)[number];
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
    check('orders_status_check', sql`${t.status} in (${literalList(orderStatuses)})`),
    // Normalize quarantines a currency without a rate, so none is ever stored; the constraint
    // lets the quality suite prove orders.currency.* without reading the orders (quality/proven.ts).
    check('orders_currency_check', sql`${t.currency} in (${literalList(currencies)})`),
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
  (t) => [
    index('order_items_order').on(t.orderId),
    index('order_items_product').on(t.productId),
    // Normalize quarantines a zero quantity and a price that is not positive (in the base
    // currency too); the constraints let the quality suite prove both checks (quality/proven.ts).
    check('order_items_quantity_check', sql`${t.quantity} <> 0`),
    check('order_items_unit_price_check', sql`${t.unitPriceBaseMinor} > 0`),
  ],
);
