/** Applies the committed drizzle-kit migrations in db/migrations to either driver. */
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import type { Store } from './client.ts';

const migrationsFolder = fileURLToPath(new URL('../../db/migrations', import.meta.url));

export async function migrate(store: Store): Promise<void> {
  // Both migrators take their own driver's Drizzle instance; the Store hides which one it is.
  const db = store.db as never;
  if (store.kind === 'pglite') await migratePglite(db, { migrationsFolder });
  else await migratePostgres(db, { migrationsFolder });
}

/** True once the store has Precis tables. */
export async function isMigrated(store: Store): Promise<boolean> {
  const [row] = await store.rows<{ ok: boolean }>(sql`select to_regclass('public.customers') is not null as ok`);
  return row?.ok === true;
}
