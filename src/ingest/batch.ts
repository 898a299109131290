/**
 * One file, one batch: checksum → parse → validate → normalize → (resolve) → stage → merge.
 * The same file twice is recognised by its checksum and changes nothing. Rows are staged with
 * COPY outside the merge; the merge itself is one transaction, so a batch is either wholly in
 * the store or not at all. Staging left by a killed run is cleared when the file is retried.
 */
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { and, eq } from 'drizzle-orm';
import type { Store } from '../db/client.ts';
import { ingestBatches } from '../db/schema/index.ts';
import type { DataCipher } from '../privacy/crypto.ts';
import { RowHashSet } from './dedupe.ts';
import type { Mapping } from './mapping.ts';
import { mergeBatch, type MergeCounts } from './merge.ts';
import {
  normalizeCustomer, normalizeEvent, normalizeOrderLine, normalizeProduct, type NormalCustomer, type NormalEvent, type NormalOrderLine, type NormalProduct, type NormalizeContext,
} from './normalize.ts';
import { parseFile } from './parse.ts';
import { CustomerResolver } from './resolve-customers.ts';
import { resolveProductRows } from './resolve-products.ts';
import { clearStaging, StagingWriter } from './stage.ts';
import { validateRow } from './validate.ts';

export interface IngestOptions {
  platform: string;
  mapping: Mapping;
  /** How the mapping was named (built-in name or path), kept for retries. */
  mappingRef: string;
  dryRun: boolean;
  baseCurrency: string;
  now: Date;
  /** Customer rows resolved together (default 25,000): memory follows this, not the file's size. */
  customerChunkRows?: number;
  onProgress?: (p: IngestProgress) => void;
}

export interface IngestProgress {
  rows: number;
  bytes: number;
  totalBytes: number;
  elapsedMs: number;
}

export interface BatchSummary {
  file: string;
  platform: string;
  kind: Mapping['kind'];
  mapping: string;
  batchId: number | null;
  status: 'loaded' | 'unchanged' | 'dry_run';
  rowsRead: number;
  rowsLoaded: number;
  rowsMerged: number;
  rowsQuarantined: number;
  quarantinedByReason: Record<string, number>;
  /** Optional fields dropped from rows that were kept ("invalid_email:email": 12). */
  fieldIssues: Record<string, number>;
  /** The source lines of each field issue (the first 10,000 of each), for review and evaluation. */
  fieldIssueLines: Record<string, number[]>;
  created: MergeCounts;
  unmappedCategoryLabels: string[];
  seconds: number;
}

/** A kept row waiting for resolution: customers are resolved a chunk at a time, products as a whole. */
export interface HeldRow<T> {
  line: number;
  record: T;
}

export async function fileChecksum(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

const bump = (counts: Record<string, number>, key: string) => (counts[key] = (counts[key] ?? 0) + 1);
const MAX_ISSUE_LINES = 10_000;

export async function ingestFile(store: Store, cipher: DataCipher, path: string, options: IngestOptions): Promise<BatchSummary> {
  const started = Date.now();
  const { mapping, platform } = options;
  const checksum = await fileChecksum(path);
  const summary: BatchSummary = {
    file: path, platform, kind: mapping.kind, mapping: options.mappingRef, batchId: null, status: options.dryRun ? 'dry_run' : 'loaded',
    rowsRead: 0, rowsLoaded: 0, rowsMerged: 0, rowsQuarantined: 0, quarantinedByReason: {}, fieldIssues: {}, fieldIssueLines: {}, created: {}, unmappedCategoryLabels: [], seconds: 0,
  };

  const [previous] = await store.db.select().from(ingestBatches).where(eq(ingestBatches.checksum, checksum));
  if (previous?.status === 'loaded') return { ...summary, batchId: previous.id, status: 'unchanged', seconds: (Date.now() - started) / 1000 };

  let batchId = 0;
  if (!options.dryRun) batchId = await openBatch(store, previous?.id, { platform, source: basename(path), checksum, kind: mapping.kind, mapping: options.mappingRef });
  summary.batchId = options.dryRun ? null : batchId;

  const ctx: NormalizeContext = { mapping, baseCurrency: options.baseCurrency, now: options.now };
  const writer = new StagingWriter(store, options.dryRun);
  const seen = new RowHashSet();
  let customerResolver: CustomerResolver | undefined;
  const heldProducts: HeldRow<NormalProduct>[] = [];
  let header: string[] | undefined;
  const totalBytes = statSync(path).size;
  let bytes = 0;

  for await (const row of parseFile(path, mapping, (h) => (header = h))) {
    summary.rowsRead++;
    bytes += Buffer.byteLength(row.raw) + 1;
    if (summary.rowsRead % 10_000 === 0) options.onProgress?.({ rows: summary.rowsRead, bytes, totalBytes, elapsedMs: Date.now() - started });

    // Every reason is found independently, so counts per reason match a column-by-column audit.
    const reasons: string[] = seen.add(row.raw) ? [] : ['duplicate_row'];
    const validated = validateRow(row, mapping);
    let kept: { ok: true; record: unknown; fieldIssues: string[] } | undefined;
    if (!validated.ok) reasons.push(...validated.reasons);
    else {
      const normalized =
        mapping.kind === 'customers' ? normalizeCustomer(validated.mapped, ctx)
        : mapping.kind === 'products' ? normalizeProduct(validated.mapped, ctx)
        : mapping.kind === 'order_lines' ? normalizeOrderLine(validated.mapped, ctx)
        : normalizeEvent(validated.mapped, ctx);
      if (normalized.ok) kept = normalized;
      else reasons.push(...normalized.reasons);
    }

    if (reasons.length > 0 || !kept) {
      summary.rowsQuarantined++;
      for (const r of reasons) bump(summary.quarantinedByReason, r);
      // The raw row may hold personal data: it is kept encrypted, like every personal field.
      if (!options.dryRun) await writer.add('stage_quarantine', [batchId, row.line, cipher.encrypt(row.raw), JSON.stringify(reasons)]);
      continue;
    }
    for (const issue of kept.fieldIssues) {
      const lines = (summary.fieldIssueLines[issue] ??= []);
      if (bump(summary.fieldIssues, issue) <= MAX_ISSUE_LINES) lines.push(row.line);
    }
    if (mapping.kind === 'customers') {
      customerResolver ??= await CustomerResolver.open(store, cipher, platform, batchId, writer, options.customerChunkRows);
      await customerResolver.add({ line: row.line, record: kept.record as NormalCustomer });
    }
    else if (mapping.kind === 'products') heldProducts.push({ line: row.line, record: kept.record as NormalProduct });
    else if (mapping.kind === 'order_lines') await writer.add('stage_order_lines', orderLineRow(batchId, row.line, kept.record as NormalOrderLine));
    else await writer.add('stage_events', eventRow(batchId, row.line, kept.record as NormalEvent));
  }
  options.onProgress?.({ rows: summary.rowsRead, bytes: totalBytes, totalBytes, elapsedMs: Date.now() - started });

  await customerResolver?.finish();
  if (heldProducts.length > 0) summary.unmappedCategoryLabels = await resolveProductRows(store, platform, options.baseCurrency, batchId, heldProducts, writer);
  await writer.flush();

  if (options.dryRun) {
    summary.rowsLoaded = summary.rowsRead - summary.rowsQuarantined;
  } else {
    const merged = await mergeBatch(store, { batchId, platform, kind: mapping.kind, header, summary });
    summary.created = merged.created;
    summary.rowsLoaded = merged.rowsLoaded;
    summary.rowsMerged = merged.rowsMerged;
  }
  summary.seconds = (Date.now() - started) / 1000;
  return summary;
}

/** Starts (or restarts, after a killed run) the batch row and clears any staging it left. */
async function openBatch(store: Store, previousId: number | undefined, fields: { platform: string; source: string; checksum: string; kind: string; mapping: string }): Promise<number> {
  if (previousId !== undefined) {
    await clearStaging(store.db, previousId);
    await store.db.update(ingestBatches).set({ ...fields, startedAt: new Date() }).where(and(eq(ingestBatches.id, previousId), eq(ingestBatches.status, 'running')));
    return previousId;
  }
  const [row] = await store.db.insert(ingestBatches).values({ ...fields, status: 'running' }).returning({ id: ingestBatches.id });
  return row!.id;
}

function orderLineRow(batchId: number, line: number, r: NormalOrderLine) {
  return [batchId, line, r.platformOrderId, r.orderedAt, r.status, r.currency, r.platformCustomerId, r.platformProductId, r.title, r.country, r.quantity, r.lineTotalMinor, r.unitPriceBaseMinor, r.lineTotalBaseMinor];
}

function eventRow(batchId: number, line: number, r: NormalEvent) {
  return [batchId, line, r.platformCustomerId, r.platformProductId, r.type, r.occurredAt];
}
