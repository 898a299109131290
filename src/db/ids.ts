/**
 * Ids taken from a table's identity sequence before its rows are written, so a batch can link
 * rows to new records before they exist: staged rows in one set-based merge, COPYed lines to
 * their orders.
 */
import { sql } from 'drizzle-orm';
import type { StoreTransaction } from './client.ts';

export async function allocateIds(db: Pick<StoreTransaction, 'rows'>, table: 'customers' | 'products' | 'orders', n: number): Promise<number[]> {
  if (n === 0) return [];
  // The ids come back as a range when nobody else took ids meanwhile (the usual case): one row, not
  // n. Returning every id cost tmall's 100k orders file 2.5 s of round trips and parsing.
  const [range] = await db.rows<{ first: unknown; last: unknown; ids: unknown[] | null }>(sql`
    with taken as (select nextval(pg_get_serial_sequence(${table}, 'id')) as id from generate_series(1, ${n}))
    select min(id) as first, max(id) as last, case when max(id) - min(id) + 1 <> count(*) then array_agg(id order by id) end as ids from taken`);
  if (range!.ids) return range!.ids.map(Number);
  const first = Number(range!.first);
  return Array.from({ length: n }, (_, i) => first + i);
}

/**
 * Ids taken from a table's sequence a block at a time and handed out as chunks need them, so a
 * chunk rarely waits on the database for its ids. Ids of a block left unused are a gap in the
 * sequence, like those of a rolled-back insert.
 */
export class IdPool {
  private ids: number[] = [];

  constructor(
    private readonly db: Pick<StoreTransaction, 'rows'>,
    private readonly table: 'customers' | 'products' | 'orders',
    private readonly block = 20_000,
  ) {}

  /** `n` ids, or undefined when fewer are at hand (`fill` first). */
  take(n: number): number[] | undefined {
    return this.ids.length < n ? undefined : this.ids.splice(0, n);
  }

  /** Makes at least `n` ids at hand. */
  async fill(n: number): Promise<void> {
    if (this.ids.length < n) this.ids = this.ids.concat(await allocateIds(this.db, this.table, Math.max(n - this.ids.length, this.block)));
  }
}
