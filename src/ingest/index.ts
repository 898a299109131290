/**
 * Ingestion: a file or a folder of files from one platform → the integrated store, batch by
 * batch. Picks each file's mapping (given, or built-in by platform and file name) and loads
 * folders in dependency order: customers, products, order lines, events.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
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

/** The files to load, in dependency order. */
export function filesToIngest(path: string): string[] {
  if (!statSync(path, { throwIfNoEntry: false })) throw new PrecisError('input_invalid', { detail: `${path}: no such file or folder` });
  if (!statSync(path).isDirectory()) return [path];
  const files = readdirSync(path).filter((f) => DATA_FILE.test(f)).sort().map((f) => join(path, f));
  if (files.length === 0) throw new PrecisError('input_invalid', { detail: `${path}: no .csv or .ndjson files in this folder` });
  const rank = (f: string) => recordKinds.indexOf(kindFromFileName(f) ?? 'events');
  return files.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** Reads a file up to its first row, which checks its header (or first object) against the mapping. */
async function firstRow(file: string, mapping: Mapping): Promise<void> {
  const rows = parseFile(file, mapping);
  await rows.next();
  await rows.return(undefined);
}

export interface IngestPathOptions extends Omit<IngestOptions, 'mapping' | 'mappingRef' | 'onProgress'> {
  mapping?: string;
  onProgress?: (file: string, p: IngestProgress) => void;
}

export async function ingestPath(store: Store, cipher: DataCipher, path: string, options: IngestPathOptions): Promise<BatchSummary[]> {
  const files = filesToIngest(path);
  // Check every mapping, and that every file matches its mapping, before loading anything:
  // a folder with one wrong file stops before it starts, not half way.
  const plan = files.map((file) => {
    const mappingRef = mappingFor(file, options.platform, options.mapping);
    return { file, mappingRef, mapping: loadMapping(mappingRef) };
  });
  for (const { file, mapping } of plan) await firstRow(file, mapping);
  const summaries: BatchSummary[] = [];
  for (const { file, mappingRef, mapping } of plan) {
    summaries.push(await ingestFile(store, cipher, file, { ...options, mapping, mappingRef, onProgress: (p) => options.onProgress?.(file, p) }));
  }
  if (summaries.some((s) => s.kind === 'order_lines' && s.status === 'loaded')) {
    // New orders change segments and what is bought together: refresh both models now.
    await refreshFeatures(store, { now: options.now });
    await refreshSimilarities(store);
  }
  return summaries;
}
