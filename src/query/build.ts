/**
 * Step 3 of 3: materializes a plan as one parameterized Drizzle SQL statement. Every identifier
 * comes from the catalog; every value (filter values, dates, time zone) is a bound parameter.
 * The asker's scope is an argument here, like a security context, never a filter the caller
 * has to remember. Metrics computed per customer (repeat rate, recency, churn) get a two-level
 * statement: per group and customer first, then per group.
 */
import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Lang } from '../messages/index.ts';
import { bindingOf, dimensionDef, metricDef, sources, timeGrainFormat, type DimensionId, type JoinId } from '../semantic/index.ts';
import { customerFeatures, customers, itemSimilarities, orderItems, orders, products } from '../db/schema/index.ts';
import { isMetric, type Plan } from './plan.ts';

export interface BuildScope {
  lang: Lang;
  timeZone: string;
  /** Hard cap on rows; the query asks for one more so the caller can tell it was cut. */
  rowCap: number;
  /** "Today" for recency and churn when the question names no period. */
  now: Date;
}

const joinOrder: JoinId[] = ['customer', 'product', 'category', 'parentCategory', 'features'];

function dimensionValue(plan: Plan, id: DimensionId, scope: BuildScope): { value: SQL; key?: SQL } {
  const def = dimensionDef(id);
  if (def.kind === 'time') {
    const local = sql`${sources[plan.source].timeColumn} at time zone ${scope.timeZone}`;
    return { value: sql`to_char(date_trunc(${def.grain}, ${local}), ${timeGrainFormat[def.grain!]})` };
  }
  const binding = bindingOf(id, plan.source)!;
  return { value: binding.value({ lang: scope.lang, timeZone: scope.timeZone }), key: binding.key };
}

function requiredJoins(plan: Plan): SQL[] {
  const source = sources[plan.source];
  const wanted = new Set<JoinId>();
  const add = (j: JoinId) => {
    wanted.add(j);
    const requires = source.joins[j]?.requires;
    if (requires) add(requires);
  };
  for (const id of [...plan.dimensions, ...plan.filters.map((f) => f.dimension)]) {
    for (const j of bindingOf(id, plan.source)?.joins ?? []) add(j);
  }
  return joinOrder.filter((j) => wanted.has(j)).map((j) => source.joins[j]!.sql);
}

const startOf = (date: string, scope: BuildScope) => sql`(${date}::timestamp at time zone ${scope.timeZone})`;

/** The instant recency is measured at: the period's end, or now. */
const asOfInstant = (plan: Plan, scope: BuildScope): SQL => (plan.period ? startOf(plan.period.end, scope) : sql`${scope.now.toISOString()}::timestamptz`);

function conditions(plan: Plan, scope: BuildScope, historyOnly: boolean): SQL[] {
  const source = sources[plan.source];
  const where: SQL[] = source.where ? [source.where] : [];
  const t = source.timeColumn;
  // Recency and churn read all history up to the end of the period.
  if (plan.period && !historyOnly) where.push(sql`${t} >= ${startOf(plan.period.start, scope)}`);
  if (plan.period) where.push(sql`${t} < ${startOf(plan.period.end, scope)}`);
  else if (historyOnly) where.push(sql`${t} < ${asOfInstant(plan, scope)}`);
  for (const f of plan.filters) {
    const binding = bindingOf(f.dimension, plan.source)!;
    where.push(binding.filter ? binding.filter(f.values) : sql`${binding.value({ lang: 'en', timeZone: scope.timeZone })} in ${f.values}`);
  }
  return where;
}

const positional = (n: number) => sql.raw(String(n));

/**
 * Hidden column: how many customers stand behind each row, so the caller can hold back groups
 * too small to be anonymous. Not a catalog column; never shown.
 */
export const GROUP_CUSTOMERS = 'group_customers';

/** The customers a plan's filters and period select: the audience of a list or a promotion. */
export function customerSet(plan: Plan, scope: BuildScope): SQL {
  const id = plan.source === 'customers' ? customers.id : orders.customerId;
  const where = conditions(plan, scope, false);
  return sql.join([sql`select ${id} from ${sources[plan.source].from}`, ...requiredJoins(plan), ...(where.length > 0 ? [sql`where ${sql.join(where, sql` and `)}`] : [])], sql` `);
}

/** Rows a list shows by default, and at most. */
export const LIST_LIMIT = { default: 20, max: 200 } as const;

/** Whether a list ranks by what was spent in the plan's period (its orders), rather than in a lifetime. */
export const listsPeriodSpend = (plan: Plan): boolean => plan.source === 'sales' && plan.period !== null;

/**
 * `list`: one row per customer of the set, biggest spenders first. The id is the store's own
 * (pseudonymous) number; no personal column is read. Erased customers are left out. With a
 * period of orders ("top customers this year"), orders and spend are the period's, and rank.
 */
function buildList(plan: Plan, scope: BuildScope): SQL {
  const f = customerFeatures;
  const limit = Math.min(plan.limit ?? LIST_LIMIT.default, LIST_LIMIT.max, scope.rowCap);
  if (listsPeriodSpend(plan)) {
    const where = conditions(plan, scope, false);
    const spend = sql.join(
      [
        sql`select ${orders.customerId} as customer_id, count(distinct ${orders.id}) as orders, sum(${orderItems.lineTotalBaseMinor}) as revenue from ${sources.sales.from}`,
        ...requiredJoins(plan),
        sql`where ${sql.join(where, sql` and `)} group by 1`,
      ],
      sql` `,
    );
    return sql`select ${customers.id}::text as customer, ${customers.city} as city, ${f.segment} as segment,
        s.orders::float8 as orders, s.revenue::float8 as revenue,
        to_char(${f.lastOrderAt} at time zone ${scope.timeZone}, 'YYYY-MM-DD') as last_order
      from (${spend}) s join ${customers} on ${customers.id} = s.customer_id left join ${f} on ${f.customerId} = ${customers.id}
      where ${customers.erasedAt} is null
      order by s.revenue desc, ${customers.id}
      limit ${limit}`;
  }
  return sql`select ${customers.id}::text as customer, ${customers.city} as city, ${f.segment} as segment,
      ${f.frequency}::float8 as orders, ${f.monetaryMinor}::float8 as revenue,
      to_char(${f.lastOrderAt} at time zone ${scope.timeZone}, 'YYYY-MM-DD') as last_order
    from ${customers} left join ${f} on ${f.customerId} = ${customers.id}
    where ${customers.erasedAt} is null and ${customers.id} in (${customerSet(plan, scope)})
    order by ${f.monetaryMinor} desc nulls last, ${customers.id}
    limit ${limit}`;
}

/**
 * `promote`: what to offer the set. A product is a candidate for a customer when it is a stored
 * neighbour (item_similarities) of something they bought and they have not bought it; its reach
 * is how many customers of the set it is a candidate for, its strength the summed best similarity.
 * The hidden group column carries the reach, so the privacy floor applies as in any breakdown.
 */
function buildPromotion(plan: Plan, scope: BuildScope): SQL {
  const s = itemSimilarities;
  return sql`with audience as (${customerSet(plan, scope)}),
    bought as (
      select distinct ${orders.customerId} as customer_id, ${orderItems.productId} as product_id
      from ${orders} join ${orderItems} on ${orderItems.orderId} = ${orders.id}
      where ${orders.status} = 'paid' and ${orders.customerId} in (select * from audience)
    ),
    candidates as (
      select b.customer_id, ${s.similarProductId} as product_id, max(${s.score}) as score
      from bought b join ${s} on ${s.productId} = b.product_id
      where not exists (select 1 from bought x where x.customer_id = b.customer_id and x.product_id = ${s.similarProductId})
      group by 1, 2
    )
    select ${products.title} as product, count(*)::float8 as reach, sum(c.score)::float8 as strength,
      count(*)::float8 as ${sql.identifier(GROUP_CUSTOMERS)}
    from candidates c join ${products} on ${products.id} = c.product_id
    group by ${products.id}, ${products.title}
    order by sum(c.score) desc, ${products.id}
    limit ${Math.min(plan.limit ?? 10, scope.rowCap + 1)}`;
}

/** How many distinct customers a plan's filters and period select (the audience a promotion reaches). */
export function buildAudienceSize(plan: Plan, scope: BuildScope): SQL {
  return sql`select count(distinct a.id)::float8 as audience from (${customerSet(plan, scope)}) a(id)`;
}

/** The statement for a plan; its columns are named after the catalog ids, dimensions first. */
export function build(plan: Plan, scope: BuildScope): SQL {
  if (plan.intent === 'list') return buildList(plan, scope);
  if (plan.intent === 'promote') return buildPromotion(plan, scope);
  const dims = plan.dimensions.map((id) => ({ id, ...dimensionValue(plan, id, scope) }));
  const perCustomer = plan.metrics.some((m) => metricDef(m).perCustomer);
  // Groups by a customer attribute carry their customer count, for the privacy floor.
  const byAttribute = plan.dimensions.some((d) => dimensionDef(d).kind === 'attribute');
  const historyOnly = plan.metrics.some((m) => metricDef(m).perCustomer?.history);
  const from = [sql`from ${sources[plan.source].from}`, ...requiredJoins(plan)];
  const where = conditions(plan, scope, historyOnly);
  const whereSql = where.length > 0 ? [sql`where ${sql.join(where, sql` and `)}`] : [];
  const dimGroups = [...dims.map((_, i) => positional(i + 1)), ...dims.flatMap((d) => (d.key ? [d.key] : []))];

  const parts: SQL[] = [];
  if (!perCustomer) {
    const columns = [
      ...dims.map((d) => sql`${d.value} as ${sql.identifier(d.id)}`),
      ...plan.metrics.map((m) => sql`(${metricDef(m).aggregate})::float8 as ${sql.identifier(m)}`),
      ...(byAttribute ? [sql`${plan.source === 'customers' ? sql`count(*)` : sql`count(distinct ${orders.customerId})`}::float8 as ${sql.identifier(GROUP_CUSTOMERS)}`] : []),
    ];
    parts.push(sql`select ${sql.join(columns, sql`, `)}`, ...from, ...whereSql);
    // Positional GROUP BY: the dimension expressions carry parameters, and Postgres matches
    // GROUP BY expressions by parameter number, not value.
    if (dims.length > 0) parts.push(sql`group by ${sql.join(dimGroups, sql`, `)}`);
  } else {
    const asOf = asOfInstant(plan, scope);
    const innerColumns = [
      ...dims.map((d) => sql`${d.value} as ${sql.identifier(d.id)}`),
      sql`${orders.customerId} as customer`,
      ...plan.metrics.map((m) => sql`${metricDef(m).perCustomer!.inner(asOf)} as ${sql.identifier(m)}`),
    ];
    const inner = sql.join(
      [sql`select ${sql.join(innerColumns, sql`, `)}`, ...from, ...whereSql, sql`group by ${sql.join([...dimGroups, sql`${orders.customerId}`], sql`, `)}`],
      sql` `,
    );
    const outerColumns = [
      ...dims.map((d) => sql`per_customer.${sql.identifier(d.id)}`),
      ...plan.metrics.map((m) => sql`(${metricDef(m).perCustomer!.outer(sql`per_customer.${sql.identifier(m)}`)})::float8 as ${sql.identifier(m)}`),
      ...(byAttribute ? [sql`count(*)::float8 as ${sql.identifier(GROUP_CUSTOMERS)}`] : []),
    ];
    parts.push(sql`select ${sql.join(outerColumns, sql`, `)} from (${inner}) per_customer`);
    if (dims.length > 0) parts.push(sql`group by ${sql.join(dims.map((_, i) => positional(i + 1)), sql`, `)}`);
  }
  // The aggregate is planned for all its groups (a materialized CTE), and only then ordered and
  // cut: a LIMIT on the aggregate itself makes the planner expect to stop early and, with group
  // counts it cannot estimate (a month label), pick a nested-loop plan several times slower.
  const outer: SQL[] = [sql`with answer as materialized (${sql.join(parts, sql` `)}) select * from answer`];
  if (plan.order.length > 0) {
    const position = (id: string) => (isMetric(id) ? dims.length + plan.metrics.indexOf(id) + 1 : plan.dimensions.indexOf(id as DimensionId) + 1);
    outer.push(sql`order by ${sql.join(plan.order.map((o) => sql.raw(`${position(o.by)} ${o.direction} nulls last`)), sql`, `)}`);
  }
  outer.push(sql`limit ${Math.min(plan.limit ?? scope.rowCap + 1, scope.rowCap + 1)}`);
  return sql.join(outer, sql` `);
}

const dialect = new PgDialect();

/** The statement as text plus its parameters: for "show query", the audit log and tests. */
export function renderSql(statement: SQL): { sql: string; params: unknown[] } {
  const { sql: text, params } = dialect.sqlToQuery(statement);
  return { sql: text, params };
}
