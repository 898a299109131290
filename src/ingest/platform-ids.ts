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
import { sql } from 'drizzle-orm';
import type { StoreTransaction } from '../db/client.ts';

export interface PlatformIds {
  /** Platform id → store id (as the driver returns it; written back through COPY). */
  ids: Map<string, unknown>;
  /** Shells created. */
  created: number;
}

type Row = { pid: string; id: unknown; shell: boolean };
const idsOf = (rows: readonly Row[]): PlatformIds => ({ ids: new Map(rows.map((r) => [r.pid, r.id])), created: rows.filter((r) => r.shell).length });

/** @param accounts platform customer id → a country for a shell (undefined when unknown) */
export async function customerIds(tx: StoreTransaction, platform: string, accounts: ReadonlyMap<string, string | undefined>): Promise<PlatformIds> {
  if (accounts.size === 0) return { ids: new Map(), created: 0 };
  // The ids are untrusted text: one JSON parameter, never spliced into the statement.
  const wanted = JSON.stringify([...accounts].map(([pid, country]) => ({ pid, country: country ?? null })));
  return idsOf(await tx.rows<Row>(sql`
    with wanted as (select * from jsonb_to_recordset(${wanted}::jsonb) as w(pid text, country text)),
    known as materialized (
      select w.pid, ci.id from wanted w cross join lateral (
        select customer_id as id from customer_identities ci where ci.platform = ${platform} and ci.platform_customer_id = w.pid limit 1) ci),
    missing as (select w.* from wanted w where w.pid not in (select pid from known)),
    numbered as materialized (select nextval(pg_get_serial_sequence('customers', 'id')) as id, m.* from missing m),
    inserted as (insert into customers (id, country, signup_platform) select id, country, ${platform} from numbered returning id),
    shells as (
      insert into customer_identities (customer_id, platform, platform_customer_id)
      select n.id, ${platform}, n.pid from numbered n join inserted i on i.id = n.id returning customer_id, platform_customer_id)
    select platform_customer_id as pid, customer_id as id, true as shell from shells
    union all
    select pid, id, false from known`));
}

/** @param products platform product id → a title for a shell (undefined: titled by its id) */
export async function productIds(tx: StoreTransaction, platform: string, products: ReadonlyMap<string, string | undefined>): Promise<PlatformIds> {
  if (products.size === 0) return { ids: new Map(), created: 0 };
  const wanted = JSON.stringify([...products].map(([pid, title]) => ({ pid, title: title ?? null })));
  return idsOf(await tx.rows<Row>(sql`
    with wanted as (select * from jsonb_to_recordset(${wanted}::jsonb) as w(pid text, title text)),
    known as materialized (
      select w.pid, a.id from wanted w cross join lateral (
        select product_id as id from product_aliases a where a.platform = ${platform} and a.platform_product_id = w.pid limit 1) a),
    missing as (select w.* from wanted w where w.pid not in (select pid from known)),
    numbered as materialized (select nextval(pg_get_serial_sequence('products', 'id')) as id, m.* from missing m),
    inserted as (insert into products (id, title) select id, coalesce(title, pid) from numbered returning id),
    shells as (
      insert into product_aliases (product_id, platform, platform_product_id, title)
      select n.id, ${platform}, n.pid, n.title from numbered n join inserted i on i.id = n.id returning product_id, platform_product_id)
    select platform_product_id as pid, product_id as id, true as shell from shells
    union all
    select pid, id, false from known`));
}
