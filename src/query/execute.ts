/**
 * Runs a built statement the only way answers may run: inside a READ ONLY transaction, with a
 * statement timeout, cut at the row cap, and, once `precis db roles` has set it up, as the
 * `precis_reader` database role, which cannot read a personal column or write anything. A write
 * smuggled into a statement fails here; so does a read of a personal column.
 *
 * The role is taken for the one transaction (SET LOCAL ROLE through set_config) on the same
 * pooled connection, rather than through a second pool that logs in as the reader: no second
 * password to keep, no second set of connections, the same code on PGlite (one connection, where
 * CREATE ROLE and SET ROLE work too), and the switch cannot outlive the transaction.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Store } from '../db/client.ts';
import { checkReaderRole, dbRoles, roleReady, sqlReferences } from '../db/roles.ts';
import { isStatementTimeout, PrecisError } from '../errors.ts';
import { metricIds, sources } from '../semantic/index.ts';
import { build } from './build.ts';
import { Intent } from './dsl.ts';
import { plan } from './plan.ts';
import { validate } from './validate.ts';

export interface ExecuteLimits {
  timeoutMs: number;
  rowCap: number;
}

export interface Execution {
  rows: Record<string, unknown>[];
  /** More rows existed than the cap allowed. */
  truncated: boolean;
}

/**
 * The tables answers read: those the semantic catalog's sources name in FROM and JOIN, and those
 * the statement of each intent names beyond them (a promotion reads item similarities). Taken
 * from the built statements themselves, so the reader role's grants follow the compiler.
 */
export function answerTables(): string[] {
  tables ??= [
    ...sqlReferences(
      ...Object.values(sources).flatMap((s) => [s.from, s.where, ...Object.values(s.joins).map((j) => j?.sql)]),
      ...Intent.options.flatMap((intent) => {
        const spec = { intent, metrics: [metricIds[0]], dimensions: [], filters: [], period: null, sort: null, limit: null, compare: null };
        const { problems, resolution } = validate(spec);
        return problems.length > 0 ? [] : [build(plan(spec, resolution), { lang: 'en', timeZone: 'UTC', rowCap: 1, now: new Date(0) })];
      }),
    ).tables,
  ].sort();
  return tables;
}
let tables: string[] | undefined;

/** Whether answers can run as the reader role on this store (checked once a minute). */
export const readerReady = (store: Store): Promise<boolean> => roleReady(store, dbRoles.reader, () => checkReaderRole(store, answerTables()));

export async function execute(store: Store, statement: SQL, limits: ExecuteLimits): Promise<Execution> {
  const asReader = await readerReady(store);
  try {
    const rows = await store.db.transaction(async (tx) => {
      await tx.execute(sql`set transaction read only`);
      const timeout = sql`set_config('statement_timeout', ${String(limits.timeoutMs)}, true)`;
      await tx.execute(asReader ? sql`select ${timeout}, set_config('role', ${dbRoles.reader}, true)` : sql`select ${timeout}`);
      return store.rows(statement, tx);
    });
    return { rows: rows.slice(0, limits.rowCap), truncated: rows.length > limits.rowCap };
  } catch (err) {
    if (isStatementTimeout(err)) {
      throw new PrecisError('query_timeout', { seconds: Math.round(limits.timeoutMs / 100) / 10 }, { cause: err });
    }
    throw err;
  }
}
