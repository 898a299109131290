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
import { orders } from '../db/schema/index.ts';
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

/** The statement for a plan; its columns are named after the catalog ids, dimensions first. */
export function build(plan: Plan, scope: BuildScope): SQL {
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
      ...(byAttribute ? [sql`${plan.source === 'sales' ? sql`count(distinct ${orders.customerId})` : sql`count(*)`}::float8 as ${sql.identifier(GROUP_CUSTOMERS)}`] : []),
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
  if (plan.order.length > 0) {
    const position = (id: string) => (isMetric(id) ? dims.length + plan.metrics.indexOf(id) + 1 : plan.dimensions.indexOf(id as DimensionId) + 1);
    parts.push(sql`order by ${sql.join(plan.order.map((o) => sql.raw(`${position(o.by)} ${o.direction} nulls last`)), sql`, `)}`);
  }
  parts.push(sql`limit ${Math.min(plan.limit ?? scope.rowCap + 1, scope.rowCap + 1)}`);
  return sql.join(parts, sql` `);
}

const dialect = new PgDialect();

/** The statement as text plus its parameters: for "show query", the audit log and tests. */
export function renderSql(statement: SQL): { sql: string; params: unknown[] } {
  const { sql: text, params } = dialect.sqlToQuery(statement);
  return { sql: text, params };
}
