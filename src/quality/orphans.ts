/**
 * The exact count of a `references` check (rows whose key has no parent row) without probing
 * the parent once per child row, for key columns that lead an index. Cheapest first:
 *
 * - Walk the key's distinct values in index order (a loose index scan: one index descent per
 *   distinct key), look each one up in the parent, and count the child rows of the keys that
 *   have none. Order lines → products: a few hundred descents instead of 4M hash probes
 *   (measured 6 ms against ~450 ms of CPU for the hash join inside the pass).
 * - Past `walkLimit` distinct keys (orders → customers), look at the parent's integer ids: when
 *   as many rows as the span from the smallest to the largest id, every id in between exists
 *   (ids are unique), so the orphans are the child keys outside that span — two ranges at the
 *   ends of the key's index. Golden records are never deleted (erasure keeps the row), so the
 *   ids stay dense unless a sequence skipped values.
 * - Otherwise merge the key index with the parent's primary key (a merge anti-join over two
 *   index-only scans): measured 0.5–0.7 s of CPU on the 1M store against 0.9 s for the hash
 *   join, which also read every order row.
 *
 * Keys without an index stay in the table's pass (a hash join there, see pass.ts). Identifiers
 * come from the validated catalog; the limit and the bounds are parameters.
 */
import { sql } from 'drizzle-orm';
import type { Store } from '../db/client.ts';
import type { PassCheck, TableName } from './checks.ts';
import { columnFacts } from './columns.ts';

export type ReferencesCheck = Extract<PassCheck, { kind: 'references' }>;

/** Distinct keys walked before the merge is cheaper than more descents (each ~5 µs, a merge ~0.3 µs a row). */
export const WALK_LIMIT = 1000;

/**
 * The planner prices a hash join of the whole child table below the merge, though it reads every
 * row; these settings, local to the statement's transaction, leave it the merge of the two indexes.
 * Serial: a parallel merge would read the whole parent index once per worker (measured 3×).
 */
const MERGE_ONLY = ['enable_hashjoin = off', 'enable_nestloop = off', 'enable_seqscan = off', 'enable_bitmapscan = off', 'enable_sort = off', 'max_parallel_workers_per_gather = 0'] as const;

/**
 * @example
 *   await countOrphans(store, 'order_items', productReferences); // 1: one line names a product that is not there
 */
export async function countOrphans(store: Store, table: TableName, check: ReferencesCheck, walkLimit = WALK_LIMIT): Promise<number> {
  const child = sql.identifier(table);
  const key = sql.identifier(check.column);
  const parent = sql.identifier(check.parent);
  const [walked] = await store.rows<{ keys: unknown; orphans: unknown }>(sql`
    with recursive keys (v, n) as (
      (select ${key}, 1 from ${child} where ${key} is not null order by ${key} limit 1)
      union all
      select (select ${key} from ${child} where ${key} > keys.v order by ${key} limit 1), keys.n + 1 from keys where keys.v is not null and keys.n <= ${walkLimit}
    )
    select (select count(v) from keys) as keys,
      (select count(*) from ${child} c where c.${key} in (select v from keys where v is not null and not exists (select 1 from ${parent} p where p.id = keys.v))) as orphans`);
  if (Number(walked?.keys ?? 0) <= walkLimit) return Number(walked?.orphans ?? 0);
  const outside = columnFacts(check.parent, 'id').isInteger ? await orphansOutsideDenseIds(store, table, check) : null;
  if (outside !== null) return outside;
  const [merged] = await store.db.transaction(async (tx) => {
    for (const setting of MERGE_ONLY) await tx.execute(sql.raw(`set local ${setting}`));
    return store.rows<{ n: unknown }>(sql`select count(*) as n from ${child} c where c.${key} is not null and not exists (select 1 from ${parent} p where p.id = c.${key})`, tx);
  });
  return Number(merged?.n ?? 0);
}

/**
 * Child keys outside the parent's ids, when those ids leave no gap; null when they do. One
 * snapshot for both statements, so a parent row deleted in between cannot hide its orphans.
 */
async function orphansOutsideDenseIds(store: Store, table: TableName, check: ReferencesCheck): Promise<number | null> {
  const key = sql.identifier(check.column);
  return store.db.transaction(
    async (tx) => {
      const [ids] = await store.rows<{ n: unknown; lo: unknown; hi: unknown }>(sql`select count(*) as n, min(id) as lo, max(id) as hi from ${sql.identifier(check.parent)}`, tx);
      const n = BigInt(String(ids?.n ?? 0));
      const outside =
        n === 0n
          ? sql`${key} is not null`
          : BigInt(String(ids!.hi)) - BigInt(String(ids!.lo)) + 1n === n
            ? sql`(${key} < ${String(ids!.lo)} or ${key} > ${String(ids!.hi)})`
            : null;
      if (!outside) return null;
      const [counted] = await store.rows<{ n: unknown }>(sql`select count(*) as n from ${sql.identifier(table)} where ${outside}`, tx);
      return Number(counted?.n ?? 0);
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}
