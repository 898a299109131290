/**
 * The compiler turns a plan into one parameterized statement. These tests pin the exact SQL and
 * parameter array, because "no text from a user ever becomes SQL text" is only true if values
 * always travel as parameters.
 */
import { describe, expect, it } from 'vitest';
import { build, plan, renderSql, validate, type QuerySpec } from '../../src/query/index.ts';

const scope = { lang: 'en' as const, timeZone: 'Asia/Shanghai', rowCap: 1000, now: new Date('2026-11-28T04:00:00Z') };

function compile(spec: QuerySpec) {
  const { problems, resolution } = validate(spec);
  expect(problems).toEqual([]);
  return renderSql(build(plan(spec, resolution), scope));
}

const base = { dimensions: [], filters: [], period: null, sort: null, limit: null, compare: null } satisfies Partial<QuerySpec>;

describe('build', () => {
  it('counts customers straight from the customers table', () => {
    expect(compile({ ...base, intent: 'metric', metrics: ['customers'] })).toEqual({
      sql: 'with answer as materialized (select (count(*))::float8 as "customers" from "customers") select * from answer limit $1',
      params: [1001],
    });
  });

  it('compiles revenue by city over a period with paid orders only and the time zone as a parameter', () => {
    const { sql, params } = compile({
      ...base,
      intent: 'breakdown',
      metrics: ['revenue'],
      dimensions: ['city'],
      period: { start: '2025-01-01', end: '2026-01-01', label: '2025' },
    });
    expect(sql).toBe(
      'with answer as materialized (select "customers"."city" as "city", (sum("order_items"."line_total_base_minor"))::float8 as "revenue", ' +
        'count(distinct "orders"."customer_id")::float8 as "group_customers" ' +
        'from "order_items" join "orders" on "orders"."id" = "order_items"."order_id" ' +
        'join "customers" on "customers"."id" = "orders"."customer_id" ' +
        `where "orders"."status" = 'paid' and "orders"."ordered_at" >= ($1::timestamp at time zone $2) and "orders"."ordered_at" < ($3::timestamp at time zone $4) ` +
        'group by 1) select * from answer order by 2 desc nulls last, 1 asc nulls last limit $5',
    );
    expect(params).toEqual(['2025-01-01', 'Asia/Shanghai', '2026-01-01', 'Asia/Shanghai', 1001]);
  });

  it('keeps a hostile filter value a parameter, never SQL text', () => {
    const evil = "Shanghai'); drop table customers; --";
    const { sql, params } = compile({ ...base, intent: 'metric', metrics: ['orders'], filters: [{ dimension: 'city', values: [evil] }] });
    expect(sql).not.toContain('drop table');
    expect(sql).toContain('"customers"."city" in ($1)');
    expect(params).toContain(evil);
  });

  it('ranks the top N products by revenue, grouping by product id so equal titles stay apart', () => {
    const { sql, params } = compile({ ...base, intent: 'top', metrics: ['revenue'], dimensions: ['product'], sort: { metric: 'revenue', direction: 'desc' }, limit: 5 });
    expect(sql).toContain('join "products" on "products"."id" = "order_items"."product_id"');
    expect(sql).toContain('group by 1, "products"."id") select * from answer order by 2 desc nulls last, 1 asc nulls last limit $1');
    expect(params).toEqual([5]);
  });

  it('ranks months by their figure, not by date, so "the 3 best months" are not the first three', () => {
    const { sql } = compile({ ...base, intent: 'top', metrics: ['revenue'], dimensions: ['month'], sort: { metric: 'revenue', direction: 'desc' }, limit: 3 });
    expect(sql).toMatch(/select \* from answer order by 2 desc nulls last, 1 asc nulls last limit \$\d+$/);
  });

  it('filters a parent category to include its children', () => {
    const { sql, params } = compile({ ...base, intent: 'metric', metrics: ['revenue'], filters: [{ dimension: 'category', values: ['Beauty'] }] });
    expect(sql).toContain('left join "categories" "parent_category" on "parent_category"."id" = "categories"."parent_id"');
    expect(sql).toContain('("categories"."name" in ($1) or "parent_category"."name" in ($2))');
    expect(params).toEqual(['Beauty', 'Beauty', 1001]);
  });

  it('labels months in the store time zone and lists a trend oldest first', () => {
    const { sql, params } = compile({ ...base, intent: 'trend', metrics: ['orders'], dimensions: ['month'] });
    expect(sql).toContain('to_char(date_trunc($1, "orders"."ordered_at" at time zone $2), $3) as "month"');
    expect(sql).toContain('order by 1 asc nulls last');
    expect(params).toEqual(['month', 'Asia/Shanghai', 'YYYY-MM', 1001]);
  });

  it('counts buyers instead of all customers when the question needs order data', () => {
    const { sql } = compile({ ...base, intent: 'breakdown', metrics: ['customers'], dimensions: ['category'] });
    expect(sql).toContain('count(distinct "orders"."customer_id")');
  });

  it('never asks for more than one row over the cap', () => {
    const { params } = compile({ ...base, intent: 'top', metrics: ['orders'], dimensions: ['city'], sort: { metric: 'orders', direction: 'desc' }, limit: 1000 });
    expect(params.at(-1)).toBe(1000);
  });
});

describe('validate', () => {
  it('lists every problem at once', () => {
    const { problems } = validate({
      ...base,
      intent: 'trend',
      metrics: ['new_customers', 'revenue'],
      dimensions: ['city', 'city'],
      filters: [{ dimension: 'month', values: ['2025-01'] }],
      period: { start: '2026-01-01', end: '2025-01-01', label: 'backwards' },
    });
    expect(problems.map((p) => p.key)).toEqual([
      'problems.mixed_sources',
      'problems.duplicate_dimension',
      'problems.filter_on_time',
      'problems.period_order',
      'problems.trend_needs_time',
    ]);
  });

  it('refuses a breakdown the source cannot give', () => {
    const { problems } = validate({ ...base, intent: 'breakdown', metrics: ['new_customers'], dimensions: ['category'] });
    expect(problems).toEqual([{ key: 'problems.not_on_source', params: { metric: 'new_customers', dimension: 'category' } }]);
  });
});
