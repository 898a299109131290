/**
 * Backups: `create` dumps the store (pg_dump custom format for PostgreSQL, the data folder for
 * PGlite) and seals it (backup-file.ts); `restore` loads one into the configured database, which
 * must be empty unless forced; `drill` proves a backup can be restored: it restores into a
 * scratch database (a temporary PostgreSQL database, or a fresh in-memory PGlite) and compares
 * every table's row count and checksum with the live store.
 *
 * A fresh drill dumps and checksums the live store from one snapshot (PostgreSQL: the dump runs
 * on the snapshot a repeatable-read transaction exported), so writes during the drill cannot
 * make it fail. Never writes a dump in clear to disk; passwords go to pg_dump through its
 * environment, never its command line.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { openStore, type Executor, type Store, type StoreTarget } from '../db/client.ts';
import { PrecisError } from '../errors.ts';
import { recordAudit } from '../privacy/audit.ts';
import type { DataCipher } from '../privacy/crypto.ts';
import { openSealed, seal, type BackupKind } from './backup-file.ts';

// ── PostgreSQL client tools ─────────────────────────────────────────────────────────────────

/** The newest pg_dump / pg_restore installed: /usr/lib/postgresql/<version>/bin first, then PATH. */
export function findPgTool(name: 'pg_dump' | 'pg_restore'): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  const candidates = [...versions.map((v) => join(root, v, 'bin', name)), ...(process.env.PATH ?? '').split(':').filter(Boolean).map((d) => join(d, name))];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new PrecisError('input_invalid', { detail: `${name} was not found (looked in ${root}/*/bin and PATH). Install the PostgreSQL client tools of your server's version or newer (e.g. apt install postgresql-client-15).` });
  return found;
}

/** libpq environment for a postgres:// URL: the tools connect without a password on their command line. */
function pgEnv(url: string): NodeJS.ProcessEnv {
  const u = new URL(url);
  const env: NodeJS.ProcessEnv = { ...process.env, PGHOST: u.hostname, PGPORT: u.port || '5432', PGDATABASE: decodeURIComponent(u.pathname.slice(1)) || 'postgres' };
  if (u.username) env.PGUSER = decodeURIComponent(u.username);
  if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
  const sslmode = u.searchParams.get('sslmode');
  if (sslmode) env.PGSSLMODE = sslmode;
  return env;
}

/** The URL the store's postgres.js client connects with (Store does not keep it; its client does). */
function urlOf(store: Store): string {
  const o = (store.db as unknown as { $client: { options: { host: string[]; port: number[]; database: string; user: string; pass: unknown } } }).$client.options;
  const u = new URL('postgres://localhost');
  u.hostname = o.host[0] ?? 'localhost';
  u.port = String(o.port[0] ?? 5432);
  u.pathname = `/${encodeURIComponent(o.database)}`;
  u.username = encodeURIComponent(o.user);
  if (typeof o.pass === 'string' && o.pass) u.password = encodeURIComponent(o.pass);
  return u.toString();
}

const withDatabase = (url: string, database: string) => {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
};

/**
 * Runs a client tool; `input` feeds its stdin, `output` takes its stdout. Fails with the exit
 * code and the last line of its stderr (for the log: the tools print names, not row values).
 */
async function runTool(bin: string, args: string[], env: NodeJS.ProcessEnv, io: { input?: AsyncIterable<Uint8Array>; output?: (stdout: Readable) => Promise<void> }): Promise<void> {
  const child = spawn(bin, args, { env, stdio: [io.input ? 'pipe' : 'ignore', io.output ? 'pipe' : 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString('utf8')).slice(-4000)));
  const exited = new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve(code ?? 1));
  });
  const work: Promise<unknown>[] = [];
  if (io.input) work.push(pipeline(Readable.from(io.input), child.stdin!));
  if (io.output) work.push(io.output(child.stdout!));
  const [exit, ...rest] = await Promise.allSettled([exited, ...work]);
  const failed = rest.find((r) => r.status === 'rejected');
  // A damaged backup stops the input: say that, not that the tool then failed.
  if (failed?.reason instanceof PrecisError) throw failed.reason;
  const code = exit?.status === 'fulfilled' ? exit.value : -1;
  if (code !== 0 || failed) {
    const last = stderr.trim().split('\n').pop() ?? '';
    throw new PrecisError('input_invalid', { detail: `${basename(bin)} failed (exit ${code}): ${last || 'see the log'}` }, { detail: stderr.slice(-1000), cause: failed?.reason ?? (exit?.status === 'rejected' ? exit.reason : undefined) });
  }
}

// ── Dump and seal ───────────────────────────────────────────────────────────────────────────

type PGliteOf = { $client: PGlite };
const pgliteOf = (store: Store): PGlite => (store.db as unknown as PGliteOf).$client;

export interface BackupResult {
  path: string;
  kind: BackupKind;
  bytes: number;
  seconds: number;
}

/** Dumps and seals the store into `path`, through a private temporary name renamed into place only when complete. */
async function dumpTo(store: Store, cipher: DataCipher, path: string, now: Date, snapshot?: string): Promise<BackupResult> {
  const started = performance.now();
  const partial = `${path}.partial`;
  const sealInto = (dump: AsyncIterable<Uint8Array>) => pipeline(Readable.from(seal(dump, cipher, store.kind, now)), createWriteStream(partial, { mode: 0o600 }));
  try {
    if (store.kind === 'pglite') {
      const client = pgliteOf(store);
      await client.exec('CHECKPOINT');
      await sealInto(Readable.fromWeb((await client.dumpDataDir('gzip')).stream() as never));
    } else {
      const args = ['--format=custom', '--no-password', ...(snapshot ? [`--snapshot=${snapshot}`] : [])];
      await runTool(findPgTool('pg_dump'), args, pgEnv(urlOf(store)), { output: sealInto });
    }
    renameSync(partial, path);
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  }
  return { path, kind: store.kind, bytes: statSync(path).size, seconds: (performance.now() - started) / 1000 };
}

/** `precis backup create`: an encrypted backup of the whole store at `path`; audited. */
export async function createBackup(store: Store, cipher: DataCipher, actor: string, path: string, now = new Date()): Promise<BackupResult> {
  if (existsSync(path)) throw new PrecisError('input_invalid', { detail: `${path} already exists; choose another file name.` });
  const result = await dumpTo(store, cipher, path, now);
  await recordAudit(store, { actor, action: 'backup_create', detail: { file: basename(path), kind: result.kind, bytes: result.bytes } }, now);
  return result;
}

/** The backup's dump, decrypted, as a stream; refuses a backup of the other kind of store. */
async function openBackup(path: string, cipher: DataCipher, kind: BackupKind): Promise<AsyncGenerator<Buffer>> {
  if (!existsSync(path)) throw new PrecisError('input_invalid', { detail: `${path}: no such file.` });
  const { header, body } = await openSealed(createReadStream(path), cipher);
  if (header.kind !== kind) {
    throw new PrecisError('input_invalid', { detail: `That is a backup of ${header.kind === 'pglite' ? 'the embedded database (PGlite)' : 'PostgreSQL'}; the configured store is ${kind === 'pglite' ? 'the embedded database' : 'PostgreSQL'}.` });
  }
  return body;
}

/** The dump in memory, as PGlite wants it (its API takes a Blob, not a stream). */
async function collect(body: AsyncIterable<Buffer>): Promise<Blob> {
  const parts: Uint8Array<ArrayBuffer>[] = [];
  for await (const part of body) parts.push(new Uint8Array(part));
  return new Blob(parts);
}

// ── Restore ─────────────────────────────────────────────────────────────────────────────────

async function pgTableCount(url: string): Promise<number> {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [row] = await client`select count(*)::int as n from pg_tables where schemaname not in ('pg_catalog', 'information_schema')`;
    return Number(row?.n ?? 0);
  } finally {
    await client.end();
  }
}

async function pgRestoreInto(url: string, body: AsyncIterable<Buffer>): Promise<void> {
  await runTool(findPgTool('pg_restore'), ['--no-owner', '--exit-on-error', '--no-password', `--dbname=${new URL(url).pathname.slice(1)}`], pgEnv(url), { input: body });
}

const notEmpty = (what: string) =>
  new PrecisError('input_invalid', { detail: `${what} is not empty; restoring would replace everything in it. Pass --force to do that, or point DATABASE_URL / PRECIS_DATA_DIR at an empty database.` });

/**
 * `precis backup restore <file>`: loads a backup into the configured store (closed: PGlite's
 * folder is replaced as a whole). Refuses a store that holds tables unless `force`; then records
 * the restore in the restored audit log.
 */
export async function restoreBackup(target: StoreTarget, cipher: DataCipher, actor: string, path: string, options: { force: boolean; now?: Date }): Promise<{ seconds: number }> {
  const now = options.now ?? new Date();
  const started = performance.now();
  const body = await openBackup(path, cipher, target.kind);
  if (target.kind === 'postgres') {
    if ((await pgTableCount(target.url)) > 0) {
      if (!options.force) throw notEmpty('The configured PostgreSQL database');
      const client = postgres(target.url, { max: 1, onnotice: () => {} });
      try {
        await client.unsafe('drop schema if exists drizzle cascade; drop schema if exists public cascade; create schema public;');
      } finally {
        await client.end();
      }
    }
    await pgRestoreInto(target.url, body);
  } else {
    if (!target.dir) throw new PrecisError('input_invalid', { detail: 'An in-memory store cannot be restored into.' });
    const dataDir = join(target.dir, 'pgdata');
    const existing = existsSync(dataDir) && readdirSync(dataDir).length > 0;
    if (existing && !options.force) throw notEmpty(`The embedded database in ${target.dir}`);
    const aside = `${dataDir}.before-restore-${now.getTime()}`;
    const tarball = await collect(body);
    if (existing) renameSync(dataDir, aside);
    try {
      mkdirSync(target.dir, { recursive: true });
      const { PGlite } = await import('@electric-sql/pglite');
      const restored = new PGlite(dataDir, { loadDataDir: tarball });
      await restored.waitReady;
      await restored.close();
    } catch (err) {
      rmSync(dataDir, { recursive: true, force: true });
      if (existing) renameSync(aside, dataDir);
      throw err;
    }
    if (existing) rmSync(aside, { recursive: true, force: true });
  }
  const store = await openStore(target);
  try {
    await recordAudit(store, { actor, action: 'backup_restore', detail: { file: basename(path), kind: target.kind, forced: options.force } }, now);
  } finally {
    await store.close();
  }
  return { seconds: (performance.now() - started) / 1000 };
}

// ── Checksums and the drill ─────────────────────────────────────────────────────────────────

export interface TableSum {
  rows: number;
  /** Sum of every row's md5 (its first 64 bits): independent of row order, no table-sized string. */
  checksum: string;
}

type RunQuery = (text: string) => Promise<Record<string, unknown>[]>;
const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * Row count and checksum of every table (Precis's and drizzle's migration record). Run inside
 * one transaction with the time zone fixed, so both sides print timestamps alike.
 */
export async function tableChecksums(run: RunQuery): Promise<Map<string, TableSum>> {
  await run(`set local timezone to 'UTC'`);
  const tables = await run(`select schemaname, tablename from pg_tables where schemaname in ('public', 'drizzle') order by 1, 2`);
  const sums = new Map<string, TableSum>();
  for (const t of tables) {
    const name = `${quoteIdent(String(t.schemaname))}.${quoteIdent(String(t.tablename))}`;
    const [row] = await run(`select count(*)::text as n, coalesce(sum(('x' || left(md5(t::text), 16))::bit(64)::bigint::numeric), 0)::text as s from ${name} t`);
    sums.set(`${t.schemaname === 'public' ? '' : `${String(t.schemaname)}.`}${String(t.tablename)}`, { rows: Number(row?.n ?? 0), checksum: String(row?.s ?? '') });
  }
  return sums;
}

const runVia = (store: Store, via: Executor): RunQuery => (text) => store.rows(sql.raw(text), via);

export interface TableCheck {
  table: string;
  liveRows: number | null;
  restoredRows: number | null;
  ok: boolean;
}

export interface DrillResult {
  ok: boolean;
  kind: BackupKind;
  /** `fresh` when the drill made its own backup, else the file it restored. */
  source: string;
  backupBytes: number;
  tables: TableCheck[];
  seconds: number;
}

function compare(live: Map<string, TableSum>, restored: Map<string, TableSum>): TableCheck[] {
  const names = [...new Set([...live.keys(), ...restored.keys()])].sort();
  return names.map((table) => {
    const a = live.get(table);
    const b = restored.get(table);
    return { table, liveRows: a?.rows ?? null, restoredRows: b?.rows ?? null, ok: a !== undefined && b !== undefined && a.rows === b.rows && a.checksum === b.checksum };
  });
}

/** Restores `path` into a scratch database and returns its checksums; the scratch is gone afterwards. */
async function scratchChecksums(store: Store, cipher: DataCipher, path: string): Promise<Map<string, TableSum>> {
  const body = await openBackup(path, cipher, store.kind);
  if (store.kind === 'pglite') {
    const { PGlite } = await import('@electric-sql/pglite');
    const scratch = new PGlite({ loadDataDir: await collect(body) });
    try {
      return await scratch.transaction((tx) => tableChecksums(async (text) => (await tx.query<Record<string, unknown>>(text)).rows));
    } finally {
      await scratch.close();
    }
  }
  const live = urlOf(store);
  const name = `precis_drill_${randomBytes(5).toString('hex')}`;
  const admin = postgres(live, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name}`);
    try {
      await pgRestoreInto(withDatabase(live, name), body);
      const scratch = await openStore({ kind: 'postgres', url: withDatabase(live, name) });
      try {
        return await scratch.db.transaction((tx) => tableChecksums(runVia(scratch, tx)));
      } finally {
        await scratch.close();
      }
    } finally {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
    }
  } finally {
    await admin.end();
  }
}

/**
 * `precis backup drill [--file F]`: without a file, backs the store up now (to a private temporary
 * file) and checksums the live store from the same snapshot; with one, compares that backup with
 * the store as it is now (tables written since will differ). Audited.
 */
export async function drillBackup(store: Store, cipher: DataCipher, actor: string, options: { file?: string; now?: Date } = {}): Promise<DrillResult> {
  const now = options.now ?? new Date();
  const started = performance.now();
  const dir = options.file ? undefined : mkdtempSync(join(tmpdir(), 'precis-drill-'));
  try {
    const path = options.file ?? join(dir!, 'drill.precis-backup');
    let backupBytes = options.file ? statSync(options.file).size : 0;
    const checksumsVia = (tx: Executor) => tableChecksums(runVia(store, tx));
    let live: Map<string, TableSum>;
    if (store.kind === 'pglite') {
      // One connection, nothing else writes during the dump; and PGlite cannot dump while a transaction holds it.
      if (!options.file) backupBytes = (await dumpTo(store, cipher, path, now)).bytes;
      live = await store.db.transaction(checksumsVia);
    } else {
      // The dump runs on the snapshot this transaction exports, so both sides see the same rows.
      live = await store.db.transaction(
        async (tx) => {
          if (!options.file) {
            const [row] = await store.rows<{ s: unknown }>(sql`select pg_export_snapshot() as s`, tx);
            backupBytes = (await dumpTo(store, cipher, path, now, String(row?.s))).bytes;
          }
          return checksumsVia(tx);
        },
        { isolationLevel: 'repeatable read', accessMode: 'read only' },
      );
    }
    const tables = compare(live, await scratchChecksums(store, cipher, path));
    const result: DrillResult = { ok: tables.every((t) => t.ok), kind: store.kind, source: options.file ? basename(options.file) : 'fresh', backupBytes, tables, seconds: (performance.now() - started) / 1000 };
    await recordAudit(store, { actor, action: 'backup_drill', detail: { ok: result.ok, source: result.source, tables: tables.length, differing: tables.filter((t) => !t.ok).map((t) => t.table) } }, now);
    return result;
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

/** A drill result as a plain table, for the CLI and the report. */
export function drillTable(result: DrillResult): string {
  const width = Math.max(5, ...result.tables.map((t) => t.table.length));
  const n = (v: number | null) => (v === null ? '—' : v.toLocaleString('en-US')).padStart(10);
  return [
    `${'table'.padEnd(width)}  ${'live'.padStart(10)}  ${'restored'.padStart(10)}  check`,
    ...result.tables.map((t) => `${t.table.padEnd(width)}  ${n(t.liveRows)}  ${n(t.restoredRows)}  ${t.ok ? 'ok' : 'DIFFERS'}`),
  ].join('\n');
}
