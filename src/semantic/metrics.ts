/**
 * Metrics: each defined once, with its labels and synonyms in English and Chinese. The parser's
 * lexicon, the DSL's enum, the compiler and the help text all read this record.
 */
import { sql } from 'drizzle-orm';
import { orderItems, orders } from '../db/schema/index.ts';
import type { MetricDef } from './types.ts';

/** Orders that ended in one status, counted in the period they were placed. */
const ordersWithStatus = (status: 'refunded' | 'cancelled') =>
  ({ source: 'orders', aggregate: sql`count(distinct ${orders.id}) filter (where ${orders.status} = ${status})`, format: 'count' }) as const;

export const metrics = {
  customers: {
    label: { en: 'Customers', zh: '客户数' },
    synonyms: { en: ['customers', 'customer count', 'number of customers', 'clients', 'shoppers', 'custs', 'spenders'], zh: ['客户', '客户数', '顾客', '用户数', '会员数', '多少人'] },
    description: { en: 'All customers in the store.', zh: '库中全部客户。' },
    source: 'customers',
    aggregate: sql`count(*)`,
    format: 'count',
    onSales: 'active_customers',
  },
  active_customers: {
    label: { en: 'Active customers', zh: '活跃客户数' },
    synonyms: {
      en: ['active customers', 'buyers', 'purchasers', 'paying customers', 'customers who bought', 'active buyers'],
      zh: ['活跃客户', '活跃用户', '购买客户', '下单客户', '买家', '付费客户', '购买人数', '下单人数'],
    },
    description: { en: 'Distinct customers with a paid order in the period.', zh: '该时间段内有已付款订单的去重客户数。' },
    source: 'sales',
    aggregate: sql`count(distinct ${orders.customerId})`,
    format: 'count',
  },
  new_customers: {
    label: { en: 'New customers', zh: '新客户数' },
    synonyms: { en: ['new customers', 'signups', 'sign-ups', 'new signups', 'new users', 'new custs', 'customers who signed up', 'customers who joined', 'registrations'], zh: ['新客户', '新客户数', '新客', '新增客户', '新注册', '注册用户', '新用户'] },
    description: { en: 'Customers who signed up in the period.', zh: '在该时间段内注册的客户。' },
    source: 'customers',
    aggregate: sql`count(*)`,
    format: 'count',
  },
  orders: {
    label: { en: 'Orders', zh: '订单数' },
    synonyms: { en: ['orders', 'order count', 'number of orders', 'purchases'], zh: ['订单', '订单数', '订单量', '单量', '单数', '多少单', '几单', '成交单数'] },
    description: { en: 'Paid orders.', zh: '已付款订单数。' },
    source: 'sales',
    aggregate: sql`count(distinct ${orders.id})`,
    format: 'count',
  },
  revenue: {
    label: { en: 'Revenue', zh: '销售额' },
    synonyms: { en: ['revenue', 'rev', 'sales', 'gmv', 'turnover', 'income', 'takings', 'spend', 'spending', 'customer spend', 'earnings', 'earned', 'did we make', 'we made', 'money made'], zh: ['销售额', '营业额', '收入', '成交额', 'gmv', '销售收入', '营收', '销售金额', '成交金额', '卖了多少钱', '消费额', '消费金额', '花了多少钱', '花了多少', '赚了多少', '赚了', '挣了多少'] },
    description: { en: 'Sum of paid order lines, in the base currency.', zh: '已付款订单行金额合计（本位币）。' },
    source: 'sales',
    aggregate: sql`sum(${orderItems.lineTotalBaseMinor})`,
    format: 'currency',
  },
  aov: {
    label: { en: 'Average order value', zh: '客单价' },
    synonyms: { en: ['average order value', 'aov', 'avg order value', 'basket size', 'average basket', 'average basket size', 'average basket value', 'avg basket', 'avg basket size', 'revenue per order', 'sales per order', 'spend per order', 'average order size'], zh: ['客单价', '平均订单金额', '平均客单价', '笔单价', '每单金额', '每单销售额', '单均金额'] },
    description: { en: 'Revenue divided by paid orders.', zh: '销售额除以已付款订单数。' },
    source: 'sales',
    aggregate: sql`sum(${orderItems.lineTotalBaseMinor})::float8 / nullif(count(distinct ${orders.id}), 0)`,
    format: 'currency',
  },
  units: {
    label: { en: 'Units sold', zh: '销量' },
    synonyms: { en: ['units sold', 'units', 'items sold', 'quantity sold', 'quantity', 'sales volume'], zh: ['销量', '件数', '销售件数', '卖出件数', '销售量', '卖了多少件'] },
    description: { en: 'Units on paid order lines.', zh: '已付款订单行的商品件数。' },
    source: 'sales',
    aggregate: sql`sum(${orderItems.quantity})`,
    format: 'number',
  },
  repeat_rate: {
    label: { en: 'Repeat-purchase rate', zh: '复购率' },
    synonyms: { en: ['repeat-purchase rate', 'repeat purchase rate', 'repeat rate', 'repurchase rate', 'retention rate'], zh: ['复购率', '回购率', '重复购买率'] },
    description: { en: 'Share of active customers with two or more paid orders in the period.', zh: '该时间段内下单两次及以上的活跃客户占比。' },
    source: 'sales',
    aggregate: sql`null`,
    format: 'percent',
    perCustomer: { inner: () => sql`count(distinct ${orders.id})`, outer: (n) => sql`avg((${n} >= 2)::int)` },
  },
  avg_days_since_last_order: {
    label: { en: 'Average days since last order', zh: '平均未购天数' },
    synonyms: { en: ['days since last order', 'average days since last order', 'recency', 'days since last purchase', 'avg days since last order', 'avg days since last purchase', 'average days since last purchase'], zh: ['距上次购买天数', '平均未购天数', '最近购买间隔', '未购天数', '多少天没买', '多久没买', '多久没有购买', '平均多少天没买', '平均多久没买'] },
    description: { en: "Average days from each customer's last paid order to the period's end (or today).", zh: '每位客户最近一次已付款订单距期末（或今天）的平均天数。' },
    source: 'sales',
    aggregate: sql`null`,
    format: 'days',
    perCustomer: { inner: (asOf) => sql`extract(epoch from (${asOf} - max(${orders.orderedAt}))) / 86400`, outer: (days) => sql`avg(${days})`, history: true },
  },
  churned_share: {
    label: { en: 'Churned share', zh: '流失率' },
    synonyms: { en: ['churned share', 'churn rate', 'churn', 'lapsed share', 'lapsed customers share'], zh: ['流失率', '流失占比', '流失客户占比'] },
    description: { en: 'Share of customers whose last paid order is more than 180 days before the period end (or today).', zh: '最近一次已付款订单早于期末（或今天）180天以上的客户占比。' },
    source: 'sales',
    aggregate: sql`null`,
    format: 'percent',
    perCustomer: { inner: (asOf) => sql`(max(${orders.orderedAt}) < ${asOf} - interval '180 days')::int`, outer: (lapsed) => sql`avg(${lapsed})`, history: true },
  },
  clv: {
    label: { en: 'Customer lifetime value', zh: '客户终身价值' },
    synonyms: { en: ['customer lifetime value', 'lifetime value', 'clv', 'ltv', 'revenue per customer', 'spend per customer', 'average spend per customer', 'avg spend per customer', 'sales per customer'], zh: ['客户终身价值', '终身价值', '客户价值', '人均消费', '客均收入', '生命周期价值'] },
    description: { en: 'Revenue per active customer (historic lifetime value when no period is given).', zh: '每位活跃客户的销售额（未指定时间段时为历史终身价值）。' },
    source: 'sales',
    aggregate: sql`sum(${orderItems.lineTotalBaseMinor})::float8 / nullif(count(distinct ${orders.customerId}), 0)`,
    format: 'currency',
  },
  refunded_orders: {
    label: { en: 'Refunded orders', zh: '退款订单数' },
    synonyms: { en: ['refunded orders', 'refunds', 'refund count', 'number of refunds', 'returned orders', 'returns'], zh: ['退款订单', '退款订单数', '退款', '退款单', '退款数', '退货订单', '退货', '退单', '退款了多少单', '退了多少单', '退款多少单'] },
    description: { en: 'Orders refunded, counted in the period they were placed.', zh: '已退款的订单数，按下单时间计。' },
    ...ordersWithStatus('refunded'),
  },
  cancelled_orders: {
    label: { en: 'Cancelled orders', zh: '取消订单数' },
    synonyms: { en: ['cancelled orders', 'canceled orders', 'cancellations', 'cancelled', 'canceled'], zh: ['取消订单', '取消的订单', '已取消订单', '取消订单数', '撤单', '取消了多少单', '取消多少单'] },
    description: { en: 'Orders cancelled, counted in the period they were placed.', zh: '已取消的订单数，按下单时间计。' },
    ...ordersWithStatus('cancelled'),
  },
  refund_rate: {
    label: { en: 'Refund rate', zh: '退款率' },
    synonyms: { en: ['refund rate', 'return rate', 'refund share', 'returns rate'], zh: ['退款率', '退货率', '退款比例', '退款占比'] },
    description: { en: 'Refunded orders as a share of paid and refunded orders placed in the period.', zh: '退款订单占（已付款＋已退款）订单的比例，按下单时间计。' },
    source: 'orders',
    aggregate: sql`(count(distinct ${orders.id}) filter (where ${orders.status} = 'refunded'))::float8
      / nullif(count(distinct ${orders.id}) filter (where ${orders.status} in ('paid', 'refunded')), 0)`,
    format: 'percent',
  },
} satisfies Record<string, MetricDef>;

export type MetricId = keyof typeof metrics;
export const metricIds = Object.keys(metrics) as [MetricId, ...MetricId[]];
