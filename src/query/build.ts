/**
 * Step 3 of 3: materializes a plan as one parameterized Drizzle SQL statement. Every identifier
 * comes from the catalog; every value (filter values, dates, time zone) is a bound parameter.
 * The asker's scope is an argument here, like a security context, never a filter the caller
 * has to remember.
 */
import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Lang } from '../messages/index.ts';
import { dimensions, metrics, sources, timeGrainFormat, type DimensionId, type JoinId } from '../semantic/index.ts';
import { isMetric, type Plan } from './plan.ts';

export interface BuildScope {
  lang: Lang;
  timeZone: string;
  /** Hard cap on rows; the query asks for one more so the caller can tell it was cut. */
  rowCap: number;
}

const joinOrder: JoinId[] = ['customer', 'product', 'category', 'parentCategory'];

function dimensionValue(plan: Plan, id: DimensionId, scope: BuildScope): { value: SQL; key?: SQL } {
  const def = dimensions[id];
  if (def.kind === 'time') {
    const local = sql`${sources[plan.source].timeColumn} at time zone ${scope.timeZone}`;
    return { value: sql`to_char(date_trunc(${def.grain}, ${local}), ${timeGrainFormat[def.grain!]})` };
  }
  const binding = def.on[plan.source as keyof typeof def.on]!;
  return { value: binding.value(scope.lang), key: binding.key };
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
    const def = dimensions[id];
    if (def.kind === 'attribute') for (const j of def.on[plan.source as keyof typeof def.on]?.joins ?? []) add(j);
  }
  return joinOrder.filter((j) => wanted.has(j)).map((j) => source.joins[j]!.sql);
}

function conditions(plan: Plan, scope: BuildScope): SQL[] {
  const source = sources[plan.source];
  const where: SQL[] = source.where ? [source.where] : [];
  if (plan.period) {
    const t = source.timeColumn;
    where.push(sql`${t} >= (${plan.period.start}::timestamp at time zone ${scope.timeZone})`);
    where.push(sql`${t} < (${plan.period.end}::timestamp at time zone ${scope.timeZone})`);
  }
  for (const f of plan.filters) {
    const binding = dimensions[f.dimension].on[plan.source as never] as { value: (l: Lang) => SQL; filter?: (v: readonly string[]) => SQL };
    where.push(binding.filter ? binding.filter(f.values) : sql`${binding.value('en')} in ${f.values}`);
  }
  return where;
}

/** The statement for a plan; its columns are named after the catalog ids, dimensions first. */
export function build(plan: Plan, scope: BuildScope): SQL {
  const dims = plan.dimensions.map((id) => ({ id, ...dimensionValue(plan, id, scope) }));
  const columns = [
    ...dims.map((d) => sql`${d.value} as ${sql.identifier(d.id)}`),
    ...plan.metrics.map((m) => sql`(${metrics[m].aggregate})::float8 as ${sql.identifier(m)}`),
  ];
  const parts: SQL[] = [sql`select ${sql.join(columns, sql`, `)} from ${sources[plan.source].from}`, ...requiredJoins(plan)];

  const where = conditions(plan, scope);
  if (where.length > 0) parts.push(sql`where ${sql.join(where, sql` and `)}`);

  if (dims.length > 0) {
    // Positional GROUP BY: the dimension expressions carry parameters, and Postgres matches
    // GROUP BY expressions by parameter number, not value.
    const groups = [...dims.map((_, i) => sql.raw(String(i + 1))), ...dims.flatMap((d) => (d.key ? [d.key] : []))];
    parts.push(sql`group by ${sql.join(groups, sql`, `)}`);
  }
  if (plan.order.length > 0) {
    const position = (id: string) => (isMetric(id) ? dims.length + plan.metrics.indexOf(id) + 1 : plan.dimensions.indexOf(id as DimensionId) + 1);
    const keys = plan.order.map((o) => sql.raw(`${position(o.by)} ${o.direction} nulls last`));
    parts.push(sql`order by ${sql.join(keys, sql`, `)}`);
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
