/**
 * Ids taken from a table's identity sequence before its rows are written, so a batch can link
 * rows to new records before they exist: staged rows in one set-based merge, COPYed lines to
 * their orders.
 */
import { sql } from 'drizzle-orm';
import type { StoreTransaction } from './client.ts';

export async function allocateIds(db: Pick<StoreTransaction, 'rows'>, table: 'customers' | 'products' | 'orders', n: number): Promise<number[]> {
  if (n === 0) return [];
  const rows = await db.rows<{ id: unknown }>(sql`select nextval(pg_get_serial_sequence(${table}, 'id')) as id from generate_series(1, ${n})`);
  return rows.map((r) => Number(r.id));
}
