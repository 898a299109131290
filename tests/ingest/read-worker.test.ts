/**
 * Large files are read in a worker thread. Forced here onto a small demo export, the worker must
 * give the same batches as reading in the main thread — the same rows kept, quarantined and
 * counted — and the same error naming file, line and column for a file that does not match.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';
import { writeDirtyDemo } from '../../src/demo/dirty/index.ts';
import { seedTaxonomy } from '../../src/demo/load.ts';
import { ingestFile } from '../../src/ingest/batch.ts';
import { ingestPath, type BatchSummary } from '../../src/ingest/index.ts';
import { loadMapping } from '../../src/ingest/mapping.ts';
import { testCipher } from '../helpers/keys.ts';

const dir = mkdtempSync(join(tmpdir(), 'precis-read-worker-'));
const now = new Date('2026-03-31T16:00:00Z');
const stores: Store[] = [];
const tables = ['customers', 'customer_identities', 'products', 'orders', 'order_items', 'events', 'quarantine'];

async function load(readInWorker: boolean) {
  const store = await openStore({ kind: 'pglite' });
  stores.push(store);
  await migrate(store);
  await seedTaxonomy(store);
  const batches = await ingestPath(store, testCipher, join(dir, 'jd'), { platform: 'jd', dryRun: false, baseCurrency: 'CNY', now, readInWorker });
  const counts = Object.fromEntries(await Promise.all(tables.map(async (t) => [t, (await store.rows<{ n: number }>(sql`select count(*)::int as n from ${sql.identifier(t)}`))[0]!.n])));
  const quarantined = await store.rows(sql`select batch_id, source_line, reasons from quarantine order by batch_id, source_line`);
  return { batches, counts, quarantined };
}

const comparable = (b: BatchSummary) => ({ ...b, seconds: 0 });

let inThread: Awaited<ReturnType<typeof load>>;
let inWorker: Awaited<ReturnType<typeof load>>;
beforeAll(async () => {
  await writeDirtyDemo({ customers: 150, seed: 8, until: now, outDir: dir });
  inThread = await load(false);
  inWorker = await load(true);
});
afterAll(async () => {
  await Promise.all(stores.map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
});

it('keeps, quarantines and counts exactly what reading in the main thread does', () => {
  expect(inWorker.batches.map(comparable)).toEqual(inThread.batches.map(comparable));
  expect(inWorker.counts).toEqual(inThread.counts);
  expect(inWorker.counts.events).toBeGreaterThan(0);
  expect(inWorker.quarantined).toEqual(inThread.quarantined);
  expect(inWorker.quarantined.length).toBeGreaterThan(0);
});

it('stops with the file, line and column when the file does not match its mapping', async () => {
  const wrong = join(dir, 'wrong-events.csv');
  writeFileSync(wrong, 'a,b\n1,2\n');
  // ingestFile itself, not ingestPath: that checks headers in the main thread before loading.
  const options = { platform: 'jd', mapping: loadMapping('jd-events'), mappingRef: 'jd-events', dryRun: false, baseCurrency: 'CNY', now, readInWorker: true };
  await expect(ingestFile(stores[0]!, testCipher, wrong, options)).rejects.toThrow(
    /wrong-events\.csv, line 1: the header has no column/,
  );
});
