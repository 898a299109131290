/**
 * Ids taken from a table's identity sequence before its rows are written, so a batch can link
 * staged rows to new records in one set-based merge.
 */
import { sql } from 'drizzle-orm';
import type { Store } from './client.ts';

export async function allocateIds(store: Store, table: 'customers' | 'products', n: number): Promise<number[]> {
  if (n === 0) return [];
  const rows = await store.rows<{ id: unknown }>(sql`select nextval(pg_get_serial_sequence(${table}, 'id')) as id from generate_series(1, ${n})`);
  return rows.map((r) => Number(r.id));
}
