/**
 * The one way to reach the store: PostgreSQL through postgres.js when DATABASE_URL is set,
 * otherwise embedded PGlite in a local folder. Callers get the same Drizzle API plus the few
 * raw operations whose shape differs between the two drivers (row lists, bulk COPY).
 */
import { mkdirSync } from 'node:fs';
import type { SQL } from 'drizzle-orm';
import { PgDialect, type PgDatabase, type PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import type { Transaction } from '@electric-sql/pglite';
import postgres from 'postgres';
import * as schema from './schema/index.ts';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** Anything that can run a statement: the database itself or a transaction of it. */
export type Executor = { execute(query: SQL): PromiseLike<unknown> };

export type StoreTarget = { kind: 'postgres'; url: string } | { kind: 'pglite'; dir?: string };

export interface Store {
  readonly kind: StoreTarget['kind'];
  readonly db: Db;
  /** Where the data lives, for people: never contains a password. */
  readonly description: string;
  /** Runs a query (through `via`, e.g. a transaction, when given) and returns its rows as objects. */
  rows<T = Record<string, unknown>>(query: SQL, via?: Executor): Promise<T[]>;
  /** Bulk-loads rows already in COPY text format (tab-separated, \N for null). */
  copyIn(table: string, columns: readonly string[], chunks: Iterable<string>): Promise<void>;
  /**
   * Runs `work` on one connection inside one transaction, COPY included: committed when it
   * returns, rolled back when it throws or the process dies, so a bulk load is all or nothing.
   */
  transaction<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** What runs inside `Store.transaction`: queries and COPY on the transaction's connection. */
export interface StoreTransaction {
  rows<T = Record<string, unknown>>(query: SQL): Promise<T[]>;
  copyIn(table: string, columns: readonly string[], chunks: Iterable<string>): Promise<void>;
}

export function targetFromConfig(config: { databaseUrl: string | undefined; dataDir: string }): StoreTarget {
  return config.databaseUrl ? { kind: 'postgres', url: config.databaseUrl } : { kind: 'pglite', dir: config.dataDir };
}

/** Normalizes `db.execute()` results: PGlite gives `{ rows }`, postgres.js gives an array. */
function resultRows<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;
const copyFrom = (table: string, columns: readonly string[], source: string) => `COPY ${quoteIdent(table)} (${columns.map(quoteIdent).join(', ')}) FROM ${source}`;
/** Turns a drizzle `sql` template into statement text and parameters, for clients used without drizzle. */
const dialect = new PgDialect();

export async function openStore(target: StoreTarget): Promise<Store> {
  if (target.kind === 'postgres') return openPostgres(target.url);
  return openPglite(target.dir);
}

async function openPostgres(url: string): Promise<Store> {
  const client = postgres(url, { max: 8, onnotice: () => {} });
  const db = drizzlePostgres(client, { schema }) as unknown as Db;
  const parsed = new URL(url);
  return {
    kind: 'postgres',
    db,
    description: `PostgreSQL at ${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`,
    rows: async (query, via: Executor = db) => resultRows(await via.execute(query)),
    copyIn: (table, columns, chunks) => copyThrough(client, table, columns, chunks),
    transaction: (work) =>
      client.begin((tx) =>
        work({
          async rows<T>(query: SQL) {
            const { sql, params } = dialect.sqlToQuery(query);
            return [...(await tx.unsafe(sql, params as postgres.ParameterOrJSON<never>[]))] as T[];
          },
          copyIn: (table, columns, chunks) => copyThrough(tx, table, columns, chunks),
        }),
      ) as Promise<Awaited<ReturnType<typeof work>>>,
    close: () => client.end({ timeout: 5 }),
  };
}

async function copyThrough(client: Pick<postgres.Sql, 'unsafe'>, table: string, columns: readonly string[], chunks: Iterable<string>): Promise<void> {
  // The first chunk is encoded before the COPY starts, so the server is not kept waiting while it is.
  const pending = chunks[Symbol.iterator]();
  const first = pending.next();
  const stream = await client.unsafe(copyFrom(table, columns, 'STDIN')).writable();
  for (let next = first; !next.done; next = pending.next()) {
    if (!stream.write(next.value)) await new Promise((resolve) => stream.once('drain', resolve));
  }
  await new Promise<void>((resolve, reject) => {
    stream.once('finish', resolve);
    stream.once('error', reject);
    stream.end();
  });
}

async function openPglite(dir: string | undefined): Promise<Store> {
  // Loaded only when used: PGlite's WebAssembly build is tens of megabytes a PostgreSQL run never needs.
  const [{ PGlite }, { drizzle: drizzlePglite }] = await Promise.all([import('@electric-sql/pglite'), import('drizzle-orm/pglite')]);
  if (dir) mkdirSync(dir, { recursive: true });
  const client = new PGlite(dir ? `${dir}/pgdata` : undefined);
  await client.waitReady;
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    description: dir ? `embedded PGlite in ${dir}` : 'embedded PGlite in memory',
    rows: async (query, via: Executor = db) => resultRows(await via.execute(query)),
    copyIn: (table, columns, chunks) => copyBlob(client, table, columns, chunks),
    transaction: (work) =>
      client.transaction((tx) =>
        work({
          async rows<T>(query: SQL) {
            const { sql, params } = dialect.sqlToQuery(query);
            return (await tx.query<T>(sql, params)).rows;
          },
          copyIn: (table, columns, chunks) => copyBlob(tx, table, columns, chunks),
        }),
      ),
    close: () => client.close(),
  };
}

/** PGlite has no COPY FROM STDIN; it reads a Blob through the virtual /dev/blob file instead. */
async function copyBlob(client: Pick<Transaction, 'query'>, table: string, columns: readonly string[], chunks: Iterable<string>): Promise<void> {
  await client.query(copyFrom(table, columns, "'/dev/blob'"), [], { blob: new Blob([...chunks]) });
}
