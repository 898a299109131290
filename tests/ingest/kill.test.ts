/**
 * Problem: an ingest can die at any moment (a deploy, the OOM killer, Ctrl-C twice).
 * Required behaviour: a batch killed mid-way leaves no partial rows in the store, and running
 * the same file again loads it completely. Checked with a real SIGKILL against PostgreSQL.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeKinds } from '../helpers/stores.ts';
import type { Store } from '../../src/db/client.ts';

const postgresKind = storeKinds.find((k) => k.name === 'postgres');
if (!postgresKind) console.info('[kill] DATABASE_URL is not set: the kill-mid-batch test needs a PostgreSQL server and is skipped.');

const dir = mkdtempSync(join(tmpdir(), 'precis-kill-'));
const ROWS = 300_000;
const mapping = join(dir, 'views.json');
const file = join(dir, 'views.csv');
writeFileSync(
  mapping,
  JSON.stringify({ name: 'views', kind: 'events', format: 'csv', dateFormat: 'unix', columns: { customer_id: 'who', product_id: 'what', type: 'kind', occurred_at: 'at' } }),
);
writeFileSync(file, ['who,what,kind,at', ...Array.from({ length: ROWS }, (_, i) => `c${i % 5000},p${i % 300},view,${1_735_689_600 + i}`)].join('\n'));

describe.skipIf(!postgresKind)('a killed ingest [postgres]', () => {
  let store: Store;
  let drop: () => Promise<void>;
  let url: string;
  beforeAll(async () => {
    const opened = await postgresKind!.open();
    ({ store, drop } = opened);
    url = opened.url!;
  });
  afterAll(async () => {
    await drop?.();
    rmSync(dir, { recursive: true, force: true });
  });

  const run = (onStderr?: (text: string, kill: () => void) => void) =>
    new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, ['bin/precis.js', 'ingest', file, '--platform', 'web', '--mapping', mapping], {
        env: { ...process.env, DATABASE_URL: url, PRECIS_DATA_KEY: 'ab'.repeat(32) },
      });
      child.stderr.on('data', (chunk) => onStderr?.(String(chunk), () => child.kill('SIGKILL')));
      child.on('exit', (code) => resolve(code));
    });
  const count = async (table: string) => Number((await store.rows<{ n: unknown }>(sql`select count(*)::int as n from ${sql.identifier(table)}`))[0]!.n);

  it('leaves nothing behind when killed mid-batch, and loads everything when run again', async () => {
    // The first progress line means rows are being read and loaded: kill it right there.
    expect(await run((text, kill) => text.includes('Ingesting:') && kill())).toBe(null);
    expect([await count('events'), await count('customers'), await count('quarantine')]).toEqual([0, 0, 0]);

    expect(await run()).toBe(0);
    expect([await count('events'), await count('customers')]).toEqual([ROWS, 5000]);
    expect(await store.rows(sql`select status, rows_read from ingest_batches`)).toEqual([{ status: 'loaded', rows_read: ROWS }]);
  }, 120_000);
});
