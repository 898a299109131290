/**
 * An export drop — a folder of platform folders, as `precis demo generate` writes — is ingested by
 * one call: each folder's name is its platform, and the models are refreshed once, at the end.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';
import { writeDirtyDemo } from '../../src/demo/dirty/index.ts';
import { seedTaxonomy } from '../../src/demo/load.ts';
import { ingestPath, type BatchSummary } from '../../src/ingest/index.ts';
import { testCipher } from '../helpers/keys.ts';

const dir = mkdtempSync(join(tmpdir(), 'precis-drop-'));
const now = new Date('2026-03-31T16:00:00Z');
let store: Store;
let batches: BatchSummary[];

beforeAll(async () => {
  await writeDirtyDemo({ customers: 120, seed: 5, until: now, outDir: dir });
  store = await openStore({ kind: 'pglite' });
  await migrate(store);
  await seedTaxonomy(store);
  batches = await ingestPath(store, testCipher, dir, { dryRun: false, baseCurrency: 'CNY', now });
});
afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('loads every platform folder under its own name, kind by kind in dependency order, and reads no file beside them', () => {
  expect(batches.map((b) => [b.platform, b.kind, b.status])).toEqual(
    ['customers', 'products', 'order_lines', 'events'].flatMap((k) => ['jd', 'shopify', 'tmall'].map((p) => [p, k, 'loaded'])),
  );
  expect(batches.some((b) => b.file.endsWith('truth.json'))).toBe(false);
});

it('refreshes the models once, after the last platform', async () => {
  const [runs] = await store.rows<{ n: number }>(sql`select count(*)::int as n from feature_refreshes`);
  expect(runs!.n).toBe(1);
  // The one refresh saw every platform's orders, the last platform's included.
  const featured = await store.rows<{ platform: string }>(sql`select distinct o.platform from customer_features f join orders o using (customer_id) order by 1`);
  expect(featured.map((r) => r.platform)).toEqual(['jd', 'shopify', 'tmall']);
});

it('refuses --platform or --mapping for a drop, and needs --platform for anything else', async () => {
  await expect(ingestPath(store, testCipher, dir, { platform: 'tmall', dryRun: true, baseCurrency: 'CNY', now })).rejects.toThrow(
    /holds one folder per platform \(jd, shopify, tmall\).*drop --platform/,
  );
  await expect(ingestPath(store, testCipher, dir, { mapping: 'tmall-events', dryRun: true, baseCurrency: 'CNY', now })).rejects.toThrow(/drop --mapping/);
  await expect(ingestPath(store, testCipher, join(dir, 'jd'), { dryRun: true, baseCurrency: 'CNY', now })).rejects.toThrow(/--platform is required for .*jd/);
});
