/**
 * A fact (an order line, an event) names its customer and product by the platform's ids; the
 * store links it by its own. These turn a chunk's platform ids into store ids in one statement
 * each, creating a shell for an id that no customers or products file introduced: a shell
 * customer with the country the lines give, a shell product titled as the lines title it.
 *
 * Stored ids are looked up one key at a time (a LATERAL subquery with LIMIT 1), so both columns of
 * the unique key are the index condition whatever the statistics say: a platform's rows written
 * earlier in the same batch have none yet, and a join was planned as a scan of all of them per chunk.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { StoreTransaction } from '../db/client.ts';

export interface PlatformIds {
  /** Platform id → store id (as the driver returns it; written back through COPY). */
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

/**
 * Remembers the ids a batch has looked up, so a customer met again in a later chunk costs no query:
 * a file names each customer many times (tmall's 100k events file: 1,118,900 events, 64,644
 * accounts). With it, jd's 1M events file, rerun alone, took 307.2 s against 373.5 s in the
 * benchmark run before it. Up to `capacity` ids are kept; past that, ids not kept are looked up again.
 */
export class KnownIds {
  private readonly known = new Map<string, unknown>();

  constructor(
    private readonly lookup: (details: ReadonlyMap<string, string | undefined>) => Promise<PlatformIds>,
    private readonly capacity = 500_000,
  ) {}

  async ids(details: ReadonlyMap<string, string | undefined>): Promise<PlatformIds> {
    const { known } = this;
    const unknown = new Map([...details].filter(([pid]) => !known.has(pid)));
    const found = await this.lookup(unknown);
    for (const [pid, id] of found.ids) if (known.size < this.capacity) known.set(pid, id);
    const ids = new Map([...details.keys()].map((pid) => [pid, known.get(pid) ?? found.ids.get(pid)]));
    return { ids, created: found.created };
  }
}

/** The id caches a fact loader keeps for one batch: its platform's customers and products. */
export interface PlatformIdCaches {
  customers: KnownIds;
  products: KnownIds;
}

export function knownPlatformIds(tx: StoreTransaction, platform: string): PlatformIdCaches {
  return {
    customers: new KnownIds((details) => customerIds(tx, platform, details)),
    products: new KnownIds((details) => productIds(tx, platform, details)),
  };
}
