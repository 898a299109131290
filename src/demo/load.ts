/**
 * `precis demo load`: generates the demo data set and bulk-loads it with COPY, parents before
 * children. Personal fields are encrypted here, on the way in, so a clear email, phone, name or
 * address never reaches the database, not even inside the COPY text. Only the demo's own tables
 * are written; audit_log, roles, precis_meta and the ingest bookkeeping are never touched.
 *
 * Not one transaction (COPY streams on its own connection): if a load fails half way, run it
 * again with `replace`.
 */
import { getTableColumns, getTableName, sql } from 'drizzle-orm';
import type { Store } from '../db/client.ts';
import { copyChunks, type CopyValue } from '../db/copy.ts';
import { categories, customerIdentities, customers, events, orderItems, orders, productAliases, products } from '../db/schema/index.ts';
import { PrecisError } from '../errors.ts';
import type { DataCipher } from '../privacy/crypto.ts';
import { generateDemo, type DemoCustomer, type DemoData, type DemoOptions } from './generate.ts';

/** The tables the demo fills, in foreign-key order. */
const demoTables = [categories, products, productAliases, customers, customerIdentities, orders, orderItems, events] as const;
type DemoTable = (typeof demoTables)[number];
export type DemoTableName = DemoTable['_']['name'];

export interface DemoLoadOptions extends DemoOptions {
  /** Empty the demo tables first instead of refusing a store that already has customers. */
  replace?: boolean;
}

/** Sent after each table: `rows` went into `table`, which makes `done` of `total` tables. */
export interface DemoProgress {
  table: DemoTableName;
  rows: number;
  done: number;
  total: number;
}

export interface DemoSummary {
  /** Rows loaded, per table. */
  rows: Record<DemoTableName, number>;
}

export function totalRows(summary: DemoSummary): number {
  return Object.values(summary.rows).reduce((sum, n) => sum + n, 0);
}

/**
 * Generates the demo data set for `options` and loads it into `store`.
 *
 * @example
 * const summary = await loadDemo(store, cipher, { customers: 5000, seed: 1, until: new Date() });
 * summary.rows.orders; // ≈ 25,000
 */
export async function loadDemo(
  store: Store,
  cipher: DataCipher,
  options: DemoLoadOptions,
  onProgress?: (p: DemoProgress) => void,
): Promise<DemoSummary> {
  // Generate first: nothing is deleted until there is something to put in its place.
  const rowsByTable = storedRows(generateDemo(options), cipher);
  if (options.replace) await emptyDemoTables(store);
  else await refuseIfCustomersExist(store);

  const loaded = {} as Record<DemoTableName, number>;
  for (const [index, table] of demoTables.entries()) {
    const name = getTableName(table) as DemoTableName;
    const rows = rowsByTable[name];
    const columns = Object.entries(getTableColumns(table));
    const cells = rows.map((row) => columns.map(([key]) => (row as Record<string, CopyValue>)[key]));
    await store.copyIn(name, columns.map(([, column]) => column.name), copyChunks(cells));
    loaded[name] = rows.length;
    onProgress?.({ table: name, rows: rows.length, done: index + 1, total: demoTables.length });
  }
  await resetIdentitySequences(store);
  return { rows: loaded };
}

/** Each table's rows exactly as stored; the type checks every row against its table. */
function storedRows(data: DemoData, cipher: DataCipher) {
  return {
    categories: data.categories,
    products: data.products,
    product_aliases: data.productAliases,
    customers: data.customers.map((customer) => encryptPersonal(customer, cipher)),
    customer_identities: data.customerIdentities,
    orders: data.orders,
    order_items: data.orderItems,
    events: data.events,
  } satisfies { [T in DemoTable as T['_']['name']]: readonly T['$inferSelect'][] };
}

/** Swaps the clear personal fields for ciphertext and blind indexes; the clear values are dropped. */
function encryptPersonal({ personal, ...columns }: DemoCustomer, cipher: DataCipher): typeof customers.$inferSelect {
  return {
    ...columns,
    emailEnc: cipher.encrypt(personal.email),
    emailIdx: cipher.blindIndex('email', personal.email),
    phoneEnc: cipher.encrypt(personal.phone),
    phoneIdx: cipher.blindIndex('phone', personal.phone),
    nameEnc: cipher.encrypt(personal.name),
    addressEnc: cipher.encrypt(personal.address),
  };
}

async function refuseIfCustomersExist(store: Store): Promise<void> {
  const [row] = await store.rows<{ present: boolean }>(sql`select exists (select 1 from ${customers}) as present`);
  if (row?.present) {
    throw new PrecisError('input_invalid', {
      detail:
        'The store already has customers, so the demo data was not loaded. ' +
        'Use --replace to delete all customers, orders, products and events and load the demo data in their place.',
    });
  }
}

async function emptyDemoTables(store: Store): Promise<void> {
  // CASCADE also empties tables that point at these (derived features, say); RESTART IDENTITY
  // numbers the new rows from 1 again.
  await store.rows(sql`truncate table ${sql.join([...demoTables], sql`, `)} restart identity cascade`);
}

/** COPY wrote explicit ids, which identity sequences do not see: move each past its table's largest id. */
async function resetIdentitySequences(store: Store): Promise<void> {
  for (const table of demoTables) {
    await store.rows(
      sql`select setval(pg_get_serial_sequence(${getTableName(table)}, 'id'), (select coalesce(max(id), 0) + 1 from ${table}), false)`,
    );
  }
}
