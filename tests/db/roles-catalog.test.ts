/**
 * Problem: the reader role is granted columns, not queries; if the catalog ever named a personal
 * column, answers would either leak it (where the role is not set up) or fail. Required
 * behaviour, enforced in code as well as by the role: no metric, dimension or source of the
 * semantic catalog names a personal column, and no query built from any DSL object references
 * one; every one of those queries runs under the reader role.
 */
import { sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/client.ts';
import { createDbRoles, isPersonalColumn, sqlReferences } from '../../src/db/roles.ts';
import { build, Intent, plan, renderSql, validate, type QuerySpec } from '../../src/query/index.ts';
import { answerTables, execute } from '../../src/query/execute.ts';
import { dimensionIds, dimensions, metricIds, metrics, sources } from '../../src/semantic/index.ts';
import type { DimensionDef, MetricDef } from '../../src/semantic/types.ts';
import { describeEachStore } from '../helpers/stores.ts';
import { q } from '../helpers/query.ts';

const personalIn = (columns: Iterable<string>) =>
  [...columns].filter((c) => {
    const [table = '', column = ''] = c.split('.');
    return isPersonalColumn(table, column);
  });

/** Every SQL fragment the catalog can contribute to a statement, in both languages. */
function catalogFragments(): SQL[] {
  const asOf = sql`now()`;
  const fromMetrics = (Object.values(metrics) as MetricDef[]).flatMap((m) =>
    m.perCustomer ? [m.aggregate, m.perCustomer.inner(asOf), m.perCustomer.outer(sql`x`)] : [m.aggregate],
  );
  const fromDimensions = (Object.values(dimensions) as DimensionDef[]).flatMap((d) =>
    Object.values(d.on).flatMap((b) => (b ? [b.value({ lang: 'en', timeZone: 'UTC' }), b.value({ lang: 'zh', timeZone: 'UTC' }), ...(b.key ? [b.key] : []), ...(b.filter ? [b.filter(['x'])] : [])] : [])),
  );
  const fromSources = Object.values(sources).flatMap((s) => [s.from, sql`${s.timeColumn}`, ...(s.where ? [s.where] : []), ...Object.values(s.joins).map((j) => j!.sql)]);
  return [...fromMetrics, ...fromDimensions, ...fromSources];
}

const period = { start: '2025-01-01', end: '2026-01-01', label: '2025' };

/** One DSL object per intent × metric × (no dimension, each dimension), filtered by each dimension in turn. */
function everyQuery(): QuerySpec[] {
  const specs: QuerySpec[] = [];
  for (const intent of Intent.options) {
    for (const metric of metricIds) {
      for (const dimension of [undefined, ...dimensionIds]) {
        const dims = dimension ? [dimension] : [];
        specs.push(q({ intent, metrics: [metric], dimensions: dims, period, limit: intent === 'top' ? 5 : null }));
        specs.push(
          q({
            intent, metrics: [metric], dimensions: dims, period, limit: intent === 'top' ? 5 : null,
            compare: intent === 'compare' ? { kind: 'previous_year', period: { start: '2024-01-01', end: '2025-01-01', label: '2024' } } : null,
            filters: dimension ? [{ dimension, values: ['x'] }] : [],
          }),
        );
      }
    }
  }
  return specs;
}

const scope = { lang: 'en' as const, timeZone: 'Asia/Shanghai', rowCap: 100, now: new Date('2026-11-28T04:00:00Z') };

function builtQueries(): { spec: QuerySpec; statement: SQL }[] {
  return everyQuery().flatMap((spec) => {
    const { problems, resolution } = validate(spec);
    return problems.length > 0 ? [] : [{ spec, statement: build(plan(spec, resolution), scope) }];
  });
}

describe('the semantic catalog', () => {
  it('names no personal column', () => {
    const { columns } = sqlReferences(...catalogFragments());
    expect(columns.size).toBeGreaterThan(20);
    expect(personalIn(columns)).toEqual([]);
  });

  it('reads only the tables the reader role is granted', () => {
    const { columns } = sqlReferences(...catalogFragments());
    expect([...new Set([...columns].map((c) => c.split('.')[0]))].filter((t) => !answerTables().includes(t!))).toEqual([]);
  });

  it('builds no query that references a personal column, whatever the DSL asks', () => {
    const built = builtQueries();
    expect(built.length).toBeGreaterThan(200);
    for (const { spec, statement } of built) {
      expect({ spec, personal: personalIn(sqlReferences(statement).columns) }).toEqual({ spec, personal: [] });
      expect(renderSql(statement).sql).not.toMatch(/_enc"|_idx"/);
    }
  });
});

describeEachStore('every catalog query under the reader role', (kind) => {
  let store: Store;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ store, drop } = await kind.open());
    await createDbRoles(store, { tables: answerTables(), timeoutMs: 5000 });
  });
  afterAll(() => drop());

  it('runs, so none of them needs a column the reader may not read', async () => {
    const failures: string[] = [];
    for (const { spec, statement } of builtQueries()) {
      await execute(store, statement, { timeoutMs: 5000, rowCap: 100 }).catch((err: { cause?: { message?: string } }) => failures.push(`${JSON.stringify(spec)}: ${err.cause?.message}`));
    }
    expect(failures).toEqual([]);
  });
});
