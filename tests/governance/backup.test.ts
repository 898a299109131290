/**
 * Problem: a backup nobody has restored is a hope, and a backup file in clear is a data leak.
 * Required behaviour: the file is sealed under the data key (nothing readable in it, any altered
 * or cut byte refused, another key refused); a drill restores into a scratch database and finds
 * every table equal; backup → wipe → restore gives back every table with the same checksum, and
 * restore refuses a database that is not empty unless forced.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store, type StoreTarget } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';
import { openSealed, seal } from '../../src/governance/backup-file.ts';
import { createBackup, drillBackup, restoreBackup, tableChecksums } from '../../src/governance/backup.ts';
import { recordAudit, verifyAuditChain } from '../../src/privacy/audit.ts';
import { createDataCipher } from '../../src/privacy/crypto.ts';
import { describeEachStore } from '../helpers/stores.ts';
import { testCipher } from '../helpers/keys.ts';

const dir = mkdtempSync(join(tmpdir(), 'precis-backup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function bytesOf(chunks: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of chunks) parts.push(Buffer.from(c));
  return Buffer.concat(parts);
}
const sealed = async (plain: Buffer) => bytesOf(seal(Readable.from([plain.subarray(0, 1000), plain.subarray(1000)]), testCipher, 'pglite', new Date()));
const opened = async (file: Buffer, cipher = testCipher) => bytesOf((await openSealed(Readable.from([file]), cipher)).body);

describe('backup file', () => {
  // 2.5 chunks, so the last-chunk marking and the chunk order both matter.
  const plain = Buffer.concat([randomBytes(2.5 * 2 ** 20), Buffer.from('zhang.wei@example.cn')]);

  it('round-trips a dump of several chunks and shows nothing of it', async () => {
    const file = await sealed(plain);
    expect(file.includes(Buffer.from('zhang.wei'))).toBe(false);
    expect((await opened(file)).equals(plain)).toBe(true);
  });

  it('refuses a flipped byte, a file cut after a whole chunk, and another key', async () => {
    const file = await sealed(plain);
    const flipped = Buffer.from(file);
    flipped[flipped.length - 100]! ^= 1;
    await expect(opened(flipped)).rejects.toThrow(/damaged or was altered \(chunk 3 fails its check\)/);
    const headerEnd = 12 + file.readUInt32BE(8);
    const firstFrameEnd = headerEnd + 5 + file.readUInt32BE(headerEnd + 1) + 16;
    await expect(opened(file.subarray(0, firstFrameEnd))).rejects.toThrow(/ends before its last chunk/);
    await expect(opened(file, createDataCipher(Buffer.alloc(32, 9)))).rejects.toThrow(/made under another data key/);
    await expect(opened(Buffer.from('not a backup at all'))).rejects.toThrow(/not a Precis backup/);
  });
});

describeEachStore('backups', (kind) => {
  let store: Store;
  let target: StoreTarget;
  let drop: () => Promise<void>;
  const pgliteDir = join(dir, `pglite-${kind.name}`);

  beforeAll(async () => {
    if (kind.name === 'pglite') {
      // Restore replaces PGlite's data folder, so this half needs a store in a folder, not in memory.
      target = { kind: 'pglite', dir: pgliteDir };
      store = await openStore(target);
      await migrate(store);
      drop = () => store.close();
    } else {
      const opened = await kind.open();
      ({ store, drop } = opened);
      target = { kind: 'postgres', url: opened.url! };
    }
    await store.rows(sql`insert into customers (city, country, email_enc) values ('Zzyzxville', 'US', ${testCipher.encrypt('a@example.com')}), ('上海', 'CN', null)`);
    await store.rows(sql`insert into precis_meta (key, value) values ('note', '{"a": [1, 2.5, "x"]}'::jsonb)`);
    await recordAudit(store, { actor: 'U01ALICE', action: 'question', detail: { rows: 3 } });
  });
  afterAll(() => drop());

  const checksums = () => store.db.transaction((tx) => tableChecksums((text) => store.rows(sql.raw(text), tx)));

  it('drills: restores a fresh backup into a scratch database and finds every table equal', async () => {
    const result = await drillBackup(store, testCipher, 'local:ops');
    expect(result.ok).toBe(true);
    expect(result.source).toBe('fresh');
    const customers = result.tables.find((t) => t.table === 'customers');
    expect(customers).toEqual({ table: 'customers', liveRows: 2, restoredRows: 2, ok: true });
    expect(result.tables.map((t) => t.table)).toContain('drizzle.__drizzle_migrations');
    const [entry] = await store.rows<{ detail: unknown }>(sql`select detail from audit_log where action = 'backup_drill'`);
    expect(entry?.detail).toEqual({ ok: true, source: 'fresh', tables: result.tables.length, differing: [] });
  });

  it('drills a given file and names the tables written since', async () => {
    const file = join(dir, `${kind.name}-drill.precis-backup`);
    await createBackup(store, testCipher, 'local:ops', file);
    await store.rows(sql`insert into customers (city) values ('Later')`);
    const result = await drillBackup(store, testCipher, 'local:ops', { file });
    expect(result.ok).toBe(false);
    // audit_log differs too: the create and the first drill were recorded after their dumps.
    expect(result.tables.filter((t) => !t.ok).map((t) => t.table)).toEqual(['audit_log', 'customers']);
    expect(result.tables.find((t) => t.table === 'customers')).toMatchObject({ liveRows: 3, restoredRows: 2 });
  });

  it('backs up, survives a wipe, and restores every table with the same checksum', async () => {
    const file = join(dir, `${kind.name}.precis-backup`);
    const before = await checksums();
    await createBackup(store, testCipher, 'local:ops', file);
    expect(readFileSync(file).includes(Buffer.from('Zzyzxville'))).toBe(false);

    // Wipe.
    if (kind.name === 'pglite') {
      await store.close();
      rmSync(join(pgliteDir, 'pgdata'), { recursive: true, force: true });
    } else {
      await store.db.execute(sql.raw('drop schema drizzle cascade; drop schema public cascade; create schema public'));
      await store.close();
    }
    await restoreBackup(target, testCipher, 'local:ops', file, { force: false });
    store = await openStore(target);

    const after = await checksums();
    for (const [table, sum] of before) if (table !== 'audit_log') expect({ table, ...after.get(table) }).toEqual({ table, ...sum });
    // The restored log is the backed-up one plus the restore itself, and its chain holds.
    expect(after.get('audit_log')!.rows).toBe(before.get('audit_log')!.rows + 1);
    expect(await verifyAuditChain(store)).toMatchObject({ ok: true });
    const [last] = await store.rows<{ action: string }>(sql`select action from audit_log order by id desc limit 1`);
    expect(last?.action).toBe('backup_restore');
  });

  it('refuses to restore over a store that has tables, unless forced', async () => {
    const file = join(dir, `${kind.name}.precis-backup`);
    await store.close();
    await expect(restoreBackup(target, testCipher, 'local:ops', file, { force: false })).rejects.toThrow(/is not empty; restoring would replace everything/);
    await restoreBackup(target, testCipher, 'local:ops', file, { force: true });
    store = await openStore(target);
    const [row] = await store.rows<{ n: number }>(sql`select count(*)::int as n from customers`);
    expect(row?.n).toBe(3);
  });

  it('refuses a backup of the other kind of store', async () => {
    const other = join(dir, `${kind.name}-other.precis-backup`);
    writeFileSync(other, await bytesOf(seal(Readable.from([Buffer.from('x')]), testCipher, kind.name === 'pglite' ? 'postgres' : 'pglite', new Date())));
    await expect(drillBackup(store, testCipher, 'local:ops', { file: other })).rejects.toThrow(/That is a backup of/);
  });
});
