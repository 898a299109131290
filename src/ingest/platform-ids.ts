/**
 * A fact (an order line, an event) names its customer and product by the platform's ids; the
 * store links it by its own. A facts batch reads its platform's ids in when it starts
 * (PlatformIdMap); an id no customers or products file introduced becomes a shell, in one
 * statement per chunk: a shell customer with the country the lines give, a shell product titled
 * as the lines title it.
 *
 * That statement looks stored ids up again first (another batch may have added them since), one
 * key at a time (a LATERAL subquery with LIMIT 1), so both columns of the unique key are the index
 * condition whatever the statistics say: a platform's rows written earlier in the same batch have
 * none yet, and a join was planned as a scan of all of them per chunk.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { StoreTransaction } from '../db/client.ts';

export interface PlatformIds {
  /** Platform id → store id (as the driver returns it). */
  ids: Map<string, unknown>;
  /** Shells created. */
  created: number;
}

type Row = { pid: string; id: unknown; shell: boolean };

/**
 * The statement both kinds share. `wanted` holds the chunk's (pid, detail); `known` the stored ids;
 * `numbered` a new id for each missing pid, from `table`'s sequence; `shells` is the caller's,
 * written from `numbered`, and returns (pid, id).
 */
async function idsWithShells(tx: StoreTransaction, details: ReadonlyMap<string, string | undefined>, table: 'customers' | 'products', stored: SQL, shells: SQL): Promise<PlatformIds> {
  if (details.size === 0) return { ids: new Map(), created: 0 };
  // The ids are untrusted text: one JSON parameter, never spliced into the statement.
  const wanted = JSON.stringify([...details].map(([pid, detail]) => ({ pid, detail: detail ?? null })));
  const rows = await tx.rows<Row>(sql`
    with wanted as (select * from jsonb_to_recordset(${wanted}::jsonb) as w(pid text, detail text)),
    known as materialized (select w.pid, k.id from wanted w cross join lateral (${stored} limit 1) k),
    missing as (select w.* from wanted w where w.pid not in (select pid from known)),
    numbered as materialized (select nextval(pg_get_serial_sequence(${table}, 'id')) as id, m.* from missing m),
    ${shells}
    select pid, id, true as shell from shells
    union all
    select pid, id, false from known`);
  return { ids: new Map(rows.map((r) => [r.pid, r.id])), created: rows.filter((r) => r.shell).length };
}

/** @param countries platform customer id → a country for a shell (undefined when unknown) */
export function customerIds(tx: StoreTransaction, platform: string, countries: ReadonlyMap<string, string | undefined>): Promise<PlatformIds> {
  return idsWithShells(tx, countries, 'customers',
    sql`select customer_id as id from customer_identities ci where ci.platform = ${platform} and ci.platform_customer_id = w.pid`,
    sql`inserted as (insert into customers (id, country, signup_platform) select id, detail, ${platform} from numbered returning id),
    shells as (
      insert into customer_identities (customer_id, platform, platform_customer_id)
      select n.id, ${platform}, n.pid from numbered n join inserted i on i.id = n.id returning platform_customer_id as pid, customer_id as id)`);
}

/** @param titles platform product id → a title for a shell (undefined: titled by its id) */
export function productIds(tx: StoreTransaction, platform: string, titles: ReadonlyMap<string, string | undefined>): Promise<PlatformIds> {
  return idsWithShells(tx, titles, 'products',
    sql`select product_id as id from product_aliases a where a.platform = ${platform} and a.platform_product_id = w.pid`,
    sql`inserted as (insert into products (id, title) select id, coalesce(detail, pid) from numbered returning id),
    shells as (
      insert into product_aliases (product_id, platform, platform_product_id, title)
      select n.id, ${platform}, n.pid, n.detail from numbered n join inserted i on i.id = n.id returning platform_product_id as pid, product_id as id)`);
}

/** Rows per query while a platform's ids are read in. */
const PAGE_ROWS = 20_000;

/** Where each kind's platform ids are kept, and how a missing one becomes a shell. */
const idTables = {
  customers: { table: 'customer_identities', pid: 'platform_customer_id', id: 'customer_id', withShells: customerIds },
  products: { table: 'product_aliases', pid: 'platform_product_id', id: 'product_id', withShells: productIds },
};

/**
 * Every id a platform has in the store, read in when a facts batch starts, so a chunk's ids cost
 * no query: only an id the store lacks goes to the database, to become a shell. Before, each
 * chunk looked its ids up (one index probe each, remembering up to 500,000): 3.1 s of tmall's
 * 25.4 s events file at 100k, the database busy and the next COPY waiting. The map holds one entry
 * per account the platform has, not per row of the file.
 */
export class PlatformIdMap {
  private constructor(
    private readonly known: Map<string, number>,
    private readonly lookup: (details: ReadonlyMap<string, string | undefined>) => Promise<PlatformIds>,
  ) {}

  static async load(tx: StoreTransaction, kind: keyof typeof idTables, platform: string): Promise<PlatformIdMap> {
    const { table, pid, id, withShells } = idTables[kind];
    const known = new Map<string, number>();
    // Keyset pages over the (platform, id) unique index: never more than a page of rows in flight.
    for (let after = ''; ; ) {
      const rows = await tx.rows<{ pid: string; id: unknown }>(sql`
        select ${sql.identifier(pid)} as pid, ${sql.identifier(id)} as id from ${sql.identifier(table)}
        where platform = ${platform} and ${sql.identifier(pid)} > ${after} order by ${sql.identifier(pid)} limit ${PAGE_ROWS}`);
      for (const r of rows) known.set(r.pid, Number(r.id));
      if (rows.length < PAGE_ROWS) break;
      after = rows[rows.length - 1]!.pid;
    }
    return new PlatformIdMap(known, (details) => withShells(tx, platform, details));
  }

  /** The store id of a platform id, if known. */
  get(pid: string): number | undefined {
    return this.known.get(pid);
  }

  /** Makes every platform id in `details` known, creating shells (from their detail) for those the store lacks; returns how many were created. */
  async resolve(details: ReadonlyMap<string, string | undefined>): Promise<number> {
    const { known } = this;
    const missing = new Map([...details].filter(([pid]) => !known.has(pid)));
    if (missing.size === 0) return 0;
    const found = await this.lookup(missing);
    for (const [pid, id] of found.ids) known.set(pid, Number(id));
    return found.created;
  }
}

/** The ids a fact loader resolves for one batch: its platform's customers and products. */
export interface PlatformIdMaps {
  customers: PlatformIdMap;
  products: PlatformIdMap;
}

export async function loadPlatformIds(tx: StoreTransaction, platform: string): Promise<PlatformIdMaps> {
  return { customers: await PlatformIdMap.load(tx, 'customers', platform), products: await PlatformIdMap.load(tx, 'products', platform) };
}
