/**
 * Runs a built statement the only way answers may run: inside a READ ONLY transaction, with a
 * statement timeout, and cut at the row cap. A write smuggled into a statement fails here.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Store } from '../db/client.ts';
import { isStatementTimeout, PrecisError } from '../errors.ts';

export interface ExecuteLimits {
  timeoutMs: number;
  rowCap: number;
}

export interface Execution {
  rows: Record<string, unknown>[];
  /** More rows existed than the cap allowed. */
  truncated: boolean;
}

export async function execute(store: Store, statement: SQL, limits: ExecuteLimits): Promise<Execution> {
  try {
    const rows = await store.db.transaction(async (tx) => {
      await tx.execute(sql`set transaction read only`);
      await tx.execute(sql`select set_config('statement_timeout', ${String(limits.timeoutMs)}, true)`);
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
