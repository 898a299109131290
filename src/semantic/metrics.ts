/**
 * Metrics: each defined once, with its labels and synonyms in English and Chinese. The parser's
 * lexicon, the DSL's enum, the compiler and the help text all read this record.
 */
import { sql } from 'drizzle-orm';
import { orderItems, orders } from '../db/schema/index.ts';
import type { MetricDef } from './types.ts';

export const metrics = {
  customers: {
    label: { en: 'Customers', zh: '客户数' },
    synonyms: { en: ['customers', 'customer count', 'number of customers', 'clients', 'shoppers'], zh: ['客户', '客户数', '顾客', '用户数', '会员数'] },
    description: { en: 'All customers in the store.', zh: '库中全部客户。' },
    source: 'customers',
    aggregate: sql`count(*)`,
    format: 'count',
    onSales: 'buyers',
  },
  buyers: {
    label: { en: 'Customers who bought', zh: '购买客户数' },
    synonyms: { en: ['buyers', 'purchasers', 'paying customers', 'customers who bought'], zh: ['购买客户', '下单客户', '买家', '付费客户'] },
    description: { en: 'Distinct customers with a paid order.', zh: '有已付款订单的去重客户数。' },
    source: 'sales',
    aggregate: sql`count(distinct ${orders.customerId})`,
    format: 'count',
  },
  new_customers: {
    label: { en: 'New customers', zh: '新客户数' },
    synonyms: { en: ['new customers', 'signups', 'sign-ups', 'new signups'], zh: ['新客户', '新客', '新增客户', '新注册', '注册用户'] },
    description: { en: 'Customers who signed up in the period.', zh: '在该时间段内注册的客户。' },
    source: 'customers',
    aggregate: sql`count(*)`,
    format: 'count',
  },
  orders: {
    label: { en: 'Orders', zh: '订单数' },
    synonyms: { en: ['orders', 'order count', 'number of orders', 'purchases'], zh: ['订单', '订单数', '订单量', '单量'] },
    description: { en: 'Paid orders.', zh: '已付款订单数。' },
    source: 'sales',
    aggregate: sql`count(distinct ${orders.id})`,
    format: 'count',
  },
  revenue: {
    label: { en: 'Revenue', zh: '销售额' },
    synonyms: { en: ['revenue', 'sales', 'gmv', 'turnover', 'income', 'takings'], zh: ['销售额', '营业额', '收入', '成交额', 'gmv', '销售收入', '营收'] },
    description: { en: 'Sum of paid order lines, in the base currency.', zh: '已付款订单行金额合计（本位币）。' },
    source: 'sales',
    aggregate: sql`sum(${orderItems.lineTotalBaseMinor})`,
    format: 'currency',
  },
  aov: {
    label: { en: 'Average order value', zh: '客单价' },
    synonyms: { en: ['average order value', 'aov', 'avg order value', 'basket size', 'average basket'], zh: ['客单价', '平均订单金额', '平均客单价', '笔单价'] },
    description: { en: 'Revenue divided by paid orders.', zh: '销售额除以已付款订单数。' },
    source: 'sales',
    aggregate: sql`sum(${orderItems.lineTotalBaseMinor})::float8 / nullif(count(distinct ${orders.id}), 0)`,
    format: 'currency',
  },
  units: {
    label: { en: 'Units sold', zh: '销量' },
    synonyms: { en: ['units sold', 'units', 'items sold', 'quantity sold', 'quantity'], zh: ['销量', '件数', '销售件数', '卖出件数'] },
    description: { en: 'Units on paid order lines.', zh: '已付款订单行的商品件数。' },
    source: 'sales',
    aggregate: sql`sum(${orderItems.quantity})`,
    format: 'number',
  },
} satisfies Record<string, MetricDef>;

export type MetricId = keyof typeof metrics;
export const metricIds = Object.keys(metrics) as [MetricId, ...MetricId[]];
