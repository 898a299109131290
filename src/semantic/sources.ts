/**
 * The fact sources questions are answered from. `sales` is paid order lines: revenue is
 * defined once here as the sum of line_total_base_minor over orders with status 'paid'.
 * `orders` is the same lines whatever the status, for refunds and cancellations.
 */
import { sql, type SQL } from 'drizzle-orm';
import { alias, type PgColumn } from 'drizzle-orm/pg-core';
import { categories, customerFeatures, customers, orderItems, orders, products } from '../db/schema/index.ts';
import type { JoinId, SourceId } from './types.ts';

const PARENT_CATEGORY = 'parent_category';
/** The category table a second time, as each category's parent. */
export const parentCategories = alias(categories, PARENT_CATEGORY);

export interface JoinDef {
  requires?: JoinId;
  sql: SQL;
}

export interface SourceDef {
  from: SQL;
  /** Always applied: part of the definition, not something a caller may forget. */
  where?: SQL;
  /** The column periods and time dimensions refer to. */
  timeColumn: PgColumn;
  joins: Partial<Record<JoinId, JoinDef>>;
}

/** Order lines with the joins their dimensions need, of any status. */
const orderLines: SourceDef = {
  from: sql`${orderItems} join ${orders} on ${orders.id} = ${orderItems.orderId}`,
  timeColumn: orders.orderedAt,
  joins: {
    customer: { sql: sql`join ${customers} on ${customers.id} = ${orders.customerId}` },
    product: { sql: sql`join ${products} on ${products.id} = ${orderItems.productId}` },
    category: { requires: 'product', sql: sql`left join ${categories} on ${categories.id} = ${products.categoryId}` },
    parentCategory: {
      requires: 'category',
      sql: sql`left join ${categories} ${sql.identifier(PARENT_CATEGORY)} on ${parentCategories.id} = ${categories.parentId}`,
    },
    features: { sql: sql`left join ${customerFeatures} on ${customerFeatures.customerId} = ${orders.customerId}` },
  },
};

export const sources: Record<SourceId, SourceDef> = {
  customers: {
    from: sql`${customers}`,
    timeColumn: customers.signupAt,
    joins: {
      // Derived per-customer features (RFM segment); left join: customers without a paid order have none.
      features: { sql: sql`left join ${customerFeatures} on ${customerFeatures.customerId} = ${customers.id}` },
    },
  },
  sales: { ...orderLines, where: sql`${orders.status} = 'paid'` },
  orders: orderLines,
};
