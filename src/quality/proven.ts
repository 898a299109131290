/**
 * Row-level checks the table's own validated constraints already answer. A NOT NULL column has
 * no nulls and a CHECK constraint (orders_status_check) leaves no row outside its list, so such
 * a check's count is 0 without reading a row. The schema states as constraints what ingest
 * guarantees anyway (event types, order currencies, quantities ≠ 0, prices > 0, country codes,
 * genders; migrations 0017–0018), so on a store loaded by Precis those checks cost nothing. Whether a constraint rules out every offending row
 * is not guessed from its text: PostgreSQL's planner proves it (with constraint_exclusion on, a
 * WHERE clause the constraints contradict plans as a Result with a false one-time filter), and
 * the planner only uses validated constraints (a NOT VALID one proves nothing). Anything it
 * cannot prove is measured in the pass as before.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Store } from '../db/client.ts';
import type { TableName } from './checks.ts';

interface PlanNode {
  'Node Type'?: string;
  'One-Time Filter'?: string;
}

/**
 * The ids whose offending-row predicate no row of `table` can satisfy. Planning only: nothing is
 * read. Predicates refer to the table as `t`.
 *
 * @example
 *   await provenClean(store, 'orders', [{ id: 'orders.status.allowed', bad: sql`t.status not in ('paid', …)` }]);
 *   // Set { 'orders.status.allowed' } — orders_status_check allows nothing else
 */
export async function provenClean(store: Store, table: TableName, predicates: readonly { id: string; bad: SQL }[]): Promise<Set<string>> {
  if (predicates.length === 0) return new Set();
  return store.db.transaction(async (tx) => {
    await tx.execute(sql`set local constraint_exclusion = on`);
    const proven = new Set<string>();
    for (const { id, bad } of predicates) {
      const [row] = await store.rows<{ 'QUERY PLAN': unknown }>(sql`explain (format json) select 1 from ${sql.identifier(table)} t where ${bad}`, tx);
      const json = row?.['QUERY PLAN'];
      const [plan] = (typeof json === 'string' ? JSON.parse(json) : json) as [{ Plan: PlanNode }];
      if (plan.Plan['Node Type'] === 'Result' && plan.Plan['One-Time Filter'] === 'false') proven.add(id);
    }
    return proven;
  });
}
