/**
 * `precis demo load`: the demo shop, loaded the way real data is — the three platforms' dirty
 * exports (src/demo/dirty) go through the ingest pipeline, so the store holds what cleansing,
 * identity resolution and product matching made of them, with the quarantine beside it.
 * The demo taxonomy is seeded first, so platform category labels have something to map onto.
 * Only the shop's tables and the ingest bookkeeping are written; audit_log, roles and
 * precis_meta are never touched.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { Store } from '../db/client.ts';
import { categories, customers } from '../db/schema/index.ts';
import { PrecisError } from '../errors.ts';
import { ingestPath, refreshModelsAfter, type BatchSummary } from '../ingest/index.ts';
import type { DataCipher } from '../privacy/crypto.ts';
import { platforms } from '../semantic/places.ts';
import { demoTaxonomy } from './catalog.ts';
import { writeDirtyDemo } from './dirty/index.ts';
import type { DemoOptions } from './generate.ts';

/** The tables a demo load fills, and the ingest bookkeeping it leaves. */
const demoTables = [
  'categories', 'products', 'product_aliases', 'customers', 'customer_identities', 'identity_links', 'orders', 'order_items', 'events',
  'ingest_batches', 'quarantine', 'stage_customers', 'stage_products', 'stage_quarantine',
] as const;
const countedTables = ['categories', 'products', 'product_aliases', 'customers', 'customer_identities', 'orders', 'order_items', 'events', 'quarantine'] as const;
export type DemoTableName = (typeof countedTables)[number];

export interface DemoLoadOptions extends DemoOptions {
  /** Empty the demo tables first instead of refusing a store that already has customers. */
  replace?: boolean;
  baseCurrency?: string;
  /** Keep the generated exports and truth.json in this folder (default: a temporary one, deleted). */
  keepIn?: string;
}

/** Sent as the load moves on: `step` is a file being ingested, `done` of `total` steps. */
export interface DemoProgress {
  step: string;
  done: number;
  total: number;
}

export interface DemoSummary {
  /** Rows in each table after the load. */
  rows: Record<DemoTableName, number>;
  batches: BatchSummary[];
}

export function totalRows(summary: DemoSummary): number {
  return Object.entries(summary.rows).reduce((sum, [table, n]) => (table === 'quarantine' ? sum : sum + n), 0);
}

/**
 * Writes the dirty demo exports for `options` and ingests them into `store`.
 *
 * @example
 * const summary = await loadDemo(store, cipher, { customers: 5000, seed: 1, until: new Date() });
 * summary.rows.customers; // ≈ 5,000 golden records from ≈ 6,600 platform accounts
 */
export async function loadDemo(store: Store, cipher: DataCipher, options: DemoLoadOptions, onProgress?: (p: DemoProgress) => void): Promise<DemoSummary> {
  if (options.replace) await store.rows(sql`truncate table ${sql.join(demoTables.map((t) => sql.identifier(t)), sql`, `)} restart identity cascade`);
  else await refuseIfCustomersExist(store);

  const dir = options.keepIn ?? mkdtempSync(join(tmpdir(), 'precis-demo-'));
  try {
    const total = 2 + platforms.length;
    onProgress?.({ step: 'writing the platforms’ exports', done: 0, total });
    await writeDirtyDemo({ customers: options.customers, seed: options.seed, until: options.until, outDir: dir });
    await seedTaxonomy(store);
    const batches: BatchSummary[] = [];
    for (const [i, platform] of platforms.entries()) {
      onProgress?.({ step: `ingesting ${platform.id}`, done: i + 1, total });
      batches.push(...(await ingestPath(store, cipher, join(dir, platform.id), { platform: platform.id, dryRun: false, baseCurrency: options.baseCurrency ?? 'CNY', now: options.until, refreshModels: false })));
    }
    onProgress?.({ step: 'refreshing segments and recommendations', done: total - 1, total });
    await refreshModelsAfter(store, batches, options.until);
    onProgress?.({ step: 'done', done: total, total });
    return { rows: await countRows(store), batches };
  } finally {
    if (!options.keepIn) rmSync(dir, { recursive: true, force: true });
  }
}

/** The demo taxonomy, parents before children; categories already present are kept. */
export async function seedTaxonomy(store: Store): Promise<void> {
  const entries = demoTaxonomy();
  for (const level of [entries.filter((e) => e.parentName === null), entries.filter((e) => e.parentName !== null)]) {
    for (const e of level) {
      await store.db
        .insert(categories)
        .values({ name: e.name, nameZh: e.nameZh, parentId: e.parentName === null ? null : sql`(select id from categories where name = ${e.parentName})` })
        .onConflictDoNothing();
    }
  }
}

async function countRows(store: Store): Promise<Record<DemoTableName, number>> {
  const [row] = await store.rows<Record<DemoTableName, unknown>>(
    sql`select ${sql.join(countedTables.map((t) => sql`(select count(*)::int from ${sql.identifier(t)}) as ${sql.identifier(t)}`), sql`, `)}`,
  );
  return Object.fromEntries(countedTables.map((t) => [t, Number(row![t])])) as Record<DemoTableName, number>;
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
