/**
 * Ingestion: a file, a folder of files from one platform, or an export drop (a folder of platform
 * folders, as `precis demo generate` writes) → the integrated store, batch by batch. Picks each
 * file's mapping (given, or built-in by platform and file name) and loads the files in dependency
 * order: customers, products, order lines, events (a drop: every platform's customers, then every
 * platform's products, and so on). The models are refreshed once, after the last file.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { sql } from 'drizzle-orm';
import { refreshFeatures } from '../analytics/features.ts';
import { refreshSimilarities } from '../analytics/recommend.ts';
import type { Store } from '../db/client.ts';
import { PrecisError } from '../errors.ts';
import type { DataCipher } from '../privacy/crypto.ts';
import { ingestFile, type BatchSummary, type IngestOptions, type IngestProgress } from './batch.ts';
import { builtInMappings, loadMapping, type Mapping } from './mapping.ts';
import { parseFile } from './parse.ts';
import { recordKinds, type RecordKind } from './records.ts';

export type { BatchSummary } from './batch.ts';

const DATA_FILE = /\.(csv|ndjson|jsonl|json)$/i;

/** The record kind a file name announces: "orders.ndjson" → order_lines. */
export function kindFromFileName(file: string): RecordKind | undefined {
  const name = basename(file).toLowerCase();
  if (/order/.test(name)) return 'order_lines';
  return recordKinds.find((k) => name.includes(k.replace('_lines', '')));
}

/** Which mapping reads `file`: the one given, else `<platform>-<kind>`, else the platform's only one. */
export function mappingFor(file: string, platform: string, given: string | undefined): string {
  if (given) return given;
  const ofPlatform = builtInMappings().filter((m) => m.startsWith(`${platform}-`));
  const kind = kindFromFileName(file);
  if (kind && ofPlatform.includes(`${platform}-${kind}`)) return `${platform}-${kind}`;
  if (ofPlatform.length === 1) return ofPlatform[0]!;
  throw new PrecisError('input_invalid', {
    detail:
      ofPlatform.length === 0
        ? `No built-in mapping for platform "${platform}" (built-in: ${builtInMappings().join(', ')}). Pass --mapping <file>.`
        : `Cannot tell which mapping reads ${file}: name it after its kind (customers, products, orders, events) or pass --mapping (one of ${ofPlatform.join(', ')}).`,
  });
}

const dataFilesIn = (folder: string) => readdirSync(folder).filter((f) => DATA_FILE.test(f) && statSync(join(folder, f)).isFile());

/** The files to load, in dependency order. */
export function filesToIngest(path: string): string[] {
  if (!statSync(path, { throwIfNoEntry: false })) throw new PrecisError('input_invalid', { detail: `${path}: no such file or folder` });
  if (!statSync(path).isDirectory()) return [path];
  const files = dataFilesIn(path).sort().map((f) => join(path, f));
  if (files.length === 0) throw new PrecisError('input_invalid', { detail: `${path}: no .csv or .ndjson files in this folder` });
  return files.sort((a, b) => kindRank(a) - kindRank(b) || a.localeCompare(b));
}

/** A file's place in dependency order: customers first, events (and files of no known kind) last. */
const kindRank = (file: string) => recordKinds.indexOf(kindFromFileName(file) ?? 'events');

/** A platform's name, as `--platform` takes it and as an export drop names its folders. */
export const PLATFORM_NAME = /^[a-z0-9][a-z0-9_-]*$/;

/**
 * The platform folders of an export drop: sub-folders with a platform's name that hold data files,
 * in name order. Empty for a file or a platform's own folder. Files beside them (a drop's
 * truth.json) are not data.
 */
export function platformFolders(path: string): string[] {
  if (!statSync(path, { throwIfNoEntry: false })?.isDirectory()) return [];
  return readdirSync(path, { withFileTypes: true })
    .filter((e) => e.isDirectory() && PLATFORM_NAME.test(e.name) && dataFilesIn(join(path, e.name)).length > 0)
    .map((e) => e.name)
    .sort();
}

/** A file to load: its platform and the mapping that reads it. */
export interface PlannedFile {
  file: string;
  platform: string;
  mappingRef: string;
  mapping: Mapping;
}

/**
 * What `path` holds, file by file. An export drop takes each platform from its folder's name, so
 * neither `platform` nor `mapping` may be given for it; anything else needs the platform.
 */
export function planIngest(path: string, platform: string | undefined, mapping: string | undefined): PlannedFile[] {
  const folders = platformFolders(path);
  const plan = (file: string, of: string) => {
    const mappingRef = mappingFor(file, of, mapping);
    return { file, platform: of, mappingRef, mapping: loadMapping(mappingRef) };
  };
  if (folders.length > 0) {
    const flag = platform !== undefined ? '--platform' : mapping !== undefined ? '--mapping' : undefined;
    if (flag) {
      const example = `${join(path, folders[0]!)} --platform ${folders[0]}${flag === '--mapping' ? ' --mapping <file>' : ''}`;
      throw new PrecisError('input_invalid', {
        detail: `${path} holds one folder per platform (${folders.join(', ')}), each named after its platform: drop ${flag}, or ingest one folder, e.g. ${example}.`,
      });
    }
    // Kind by kind across the platforms (a stable sort keeps platforms in name order within a kind):
    // every customer is resolved, across platforms, before any fact is loaded, and the customers
    // batches read golden records from a store that holds no facts yet. In the 1M bench tmall's
    // customers file took 340.0 s after jd's and shopify's facts, 225.3–257.1 s kind by kind
    // (BENCHMARKS.md, 2026-11-30; raw COPY too ran faster in those runs).
    const files = folders.flatMap((folder) => filesToIngest(join(path, folder)).map((file) => ({ file, folder })));
    return files.sort((a, b) => kindRank(a.file) - kindRank(b.file)).map(({ file, folder }) => plan(file, folder));
  }
  if (platform === undefined) {
    throw new PrecisError('usage', { detail: `--platform is required for ${path} (e.g. --platform tmall): only a folder of platform folders names its platforms itself.` });
  }
  return filesToIngest(path).map((file) => plan(file, platform));
}

/** Reads a file up to its first row, which checks its header (or first object) against the mapping. */
async function firstRow(file: string, mapping: Mapping): Promise<void> {
  const rows = parseFile(file, mapping);
  await rows.next();
  await rows.return(undefined);
}

export interface IngestPathOptions extends Omit<IngestOptions, 'platform' | 'mapping' | 'mappingRef' | 'onProgress'> {
  /** Required unless `path` is an export drop. */
  platform?: string;
  mapping?: string;
  onProgress?: (file: string, p: IngestProgress) => void;
  /** Refresh the models when orders were loaded (default true); a caller loading several paths refreshes once, after the last. */
  refreshModels?: boolean;
}

export async function ingestPath(store: Store, cipher: DataCipher, path: string, options: IngestPathOptions): Promise<BatchSummary[]> {
  const plan = planIngest(path, options.platform, options.mapping);
  // Check that every file matches its mapping before loading anything: a folder with one wrong
  // file stops before it starts, not half way.
  for (const { file, mapping } of plan) await firstRow(file, mapping);
  const summaries: BatchSummary[] = [];
  for (const { file, platform, mappingRef, mapping } of plan) {
    summaries.push(await ingestFile(store, cipher, file, { ...options, platform, mapping, mappingRef, onProgress: (p) => options.onProgress?.(file, p) }));
  }
  await analyzeFacts(store, summaries);
  if (options.refreshModels !== false) await refreshModelsAfter(store, summaries, options.now);
  return summaries;
}

/**
 * Rows COPYed in have no statistics until autovacuum gets to them, and the models' refresh right
 * after plans on them: with none, it ran minutes instead of seconds. Once for all the files, not
 * after each (about half a second a batch).
 */
async function analyzeFacts(store: Store, summaries: readonly BatchSummary[]): Promise<void> {
  const loaded = new Set(summaries.filter((s) => s.status === 'loaded').map((s) => s.kind));
  const tables = [
    ...(loaded.has('order_lines') ? ['orders', 'order_items'] : []),
    ...(loaded.has('events') ? ['events'] : []),
  ];
  // Facts bring shell customers and products with them.
  if (tables.length > 0) await store.db.execute(sql.raw(`analyze ${[...tables, 'customers', 'customer_identities', 'products', 'product_aliases'].join(', ')}`));
}

/**
 * New orders change segments and what is bought together: refresh both models once they are in.
 * Each refresh reads every order, so a load of several platforms refreshes once, at the end.
 * The two share no table, so PostgreSQL runs them side by side, one connection and core each;
 * PGlite has one connection, and runs them in turn.
 */
export async function refreshModelsAfter(store: Store, summaries: readonly BatchSummary[], now: Date): Promise<void> {
  if (!summaries.some((s) => s.kind === 'order_lines' && s.status === 'loaded')) return;
  const features = () => refreshFeatures(store, { now });
  const similarities = () => refreshSimilarities(store);
  if (store.kind === 'postgres') await Promise.all([features(), similarities()]);
  else {
    await features();
    await similarities();
  }
}
