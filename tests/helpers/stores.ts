/**
 * The database contract suite: every test that touches the store runs on embedded PGlite always,
 * and on real PostgreSQL when DATABASE_URL is set (CI always sets it). Each test file gets a
 * fresh, migrated database of its own, so files can run in parallel.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { describe } from 'vitest';
import { openStore, type Store } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';

export interface StoreKind {
  name: 'pglite' | 'postgres';
  /** Opens a fresh, migrated store; `drop()` removes it again. `url` is set for PostgreSQL. */
  open(): Promise<{ store: Store; drop(): Promise<void>; url?: string }>;
}

const pglite: StoreKind = {
  name: 'pglite',
  async open() {
    const store = await openStore({ kind: 'pglite' });
    await migrate(store);
    return { store, drop: () => store.close() };
  },
};

function postgresKind(url: string): StoreKind {
  return {
    name: 'postgres',
    async open() {
      const name = `precis_test_${randomBytes(5).toString('hex')}`;
      const admin = postgres(url, { max: 1, onnotice: () => {} });
      await admin.unsafe(`create database ${name}`);
      const dbUrl = new URL(url);
      dbUrl.pathname = `/${name}`;
      const store = await openStore({ kind: 'postgres', url: dbUrl.toString() });
      await migrate(store);
      return {
        store,
        url: dbUrl.toString(),
        async drop() {
          await store.close();
          await admin.unsafe(`drop database if exists ${name} with (force)`);
          await admin.end();
        },
      };
    },
  };
}

export const databaseUrl = process.env.DATABASE_URL || undefined;

export const storeKinds: StoreKind[] = databaseUrl ? [pglite, postgresKind(databaseUrl)] : [pglite];

if (!databaseUrl) {
  // Said once per test file that uses the suite, so a green run without a server is not mistaken
  // for a run that covered PostgreSQL.
  console.info('[stores] DATABASE_URL is not set: the PostgreSQL half of the database suite is skipped.');
}

/** `describe` once per available store kind. */
export function describeEachStore(title: string, body: (kind: StoreKind) => void): void {
  for (const kind of storeKinds) describe(`${title} [${kind.name}]`, () => body(kind));
}
