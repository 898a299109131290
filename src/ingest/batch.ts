/**
 * One file, one batch: checksum → parse → validate → normalize → (resolve) → load.
 * The same file twice is recognised by its checksum and changes nothing. A batch is either
 * wholly in the store or not at all:
 * - customers and products are resolved against the store, staged with COPY outside the merge,
 *   then merged set-based in one transaction (merge.ts); staging left by a killed run is
 *   cleared when the file is retried;
 * - facts (order lines, events) are COPYed straight into their tables inside one transaction
 *   (load.ts), which a killed run never commits.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { and, eq } from 'drizzle-orm';
import type { Store } from '../db/client.ts';
import { ingestBatches } from '../db/schema/index.ts';
import type { DataCipher } from '../privacy/crypto.ts';
import type { Mapping } from './mapping.ts';
import { isFactKind, quarantineWriter } from './load.ts';
import { EventLoader } from './load-events.ts';
import { OrderLoader } from './load-orders.ts';
import { batchLoaded, mergeBatch, type MergeCounts, type MergeResult } from './merge.ts';
import type { NormalCustomer, NormalProduct, NormalizeContext } from './normalize.ts';
import { readRows, type ReadCounts, type ReadProgress, type RowSink } from './read.ts';
import { CustomerResolver, type ChunkLimits } from './resolve-customers.ts';
import { resolveProductRows } from './resolve-products.ts';
import { clearStaging, StagingWriter } from './stage.ts';
import { WriteQueue } from './write-queue.ts';

export interface IngestOptions {
  platform: string;
  mapping: Mapping;
  /** How the mapping was named (built-in name or path), kept for retries. */
  mappingRef: string;
  dryRun: boolean;
  baseCurrency: string;
  now: Date;
  /** How many customer rows, and rows plus the records they may match, are resolved together (CHUNK_ROWS, CHUNK_RECORDS): memory follows this, not the file's or the store's size. */
  customerChunk?: ChunkLimits;
  onProgress?: (p: IngestProgress) => void;
}

export interface IngestProgress extends ReadProgress {
  elapsedMs: number;
}

export interface BatchSummary extends ReadCounts {
  file: string;
  platform: string;
  kind: Mapping['kind'];
  mapping: string;
  batchId: number | null;
  status: 'loaded' | 'unchanged' | 'dry_run';
  rowsLoaded: number;
  rowsMerged: number;
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
  const read = (sink: RowSink) => readRows({ path, ctx, dryRun: options.dryRun }, summary, sink, (progress) => options.onProgress?.({ ...progress, elapsedMs: Date.now() - started }));
  const finish = (result: MergeResult) => {
    summary.created = result.created;
    summary.rowsLoaded = result.rowsLoaded;
    summary.rowsMerged = result.rowsMerged;
    summary.seconds = (Date.now() - started) / 1000;
    return summary;
  };

  const { kind } = mapping;
  if (isFactKind(kind) && !options.dryRun) {
    // Facts are COPYed straight into the store, in one transaction with the batch's bookkeeping.
    const result = await store.transaction(async (tx) => {
      const queue = new WriteQueue();
      const quarantined = quarantineWriter(tx, queue, batchId);
      const loader: FactRows = kind === 'events' ? new EventLoader(tx, queue, platform) : new OrderLoader(tx, queue, platform, batchId);
      const header = await read({ quarantine: (line, raw, reasons) => quarantined.add(line, cipher.encrypt(raw), reasons), keep: (_line, record) => loader.add(record) });
      await quarantined.flush();
      const result = await loader.finish();
      await tx.rows(batchLoaded(batchId, header, summary, result));
      return result;
    });
    return finish(result);
  }

  const staged = new StagedRows(store, cipher, options, batchId);
  const header = await read(staged);
  summary.unmappedCategoryLabels = await staged.finish();
  if (options.dryRun || isFactKind(kind)) return finish({ created: {}, rowsLoaded: summary.rowsRead - summary.rowsQuarantined, rowsMerged: 0 });
  return finish(await mergeBatch(store, { batchId, platform, kind, header, summary }));
}

/** A fact loader of the kind the mapping reads (its rows are that kind's records, as normalize made them). */
interface FactRows {
  add(record: unknown): Promise<void>;
  finish(): Promise<MergeResult>;
}

/**
 * Customers, products and order lines are staged with COPY, then merged set-based by mergeBatch:
 * customers after identity resolution a chunk at a time, products after matching as a whole.
 */
class StagedRows implements RowSink {
  private readonly writer: StagingWriter;
  private customerResolver: CustomerResolver | undefined;
  private readonly heldProducts: HeldRow<NormalProduct>[] = [];

  constructor(
    private readonly store: Store,
    private readonly cipher: DataCipher,
    private readonly options: IngestOptions,
    private readonly batchId: number,
  ) {
    this.writer = new StagingWriter(store, options.dryRun);
  }

  async keep(line: number, record: unknown): Promise<void> {
    const { kind } = this.options.mapping;
    if (kind === 'customers') {
      this.customerResolver ??= await CustomerResolver.open(this.store, this.cipher, this.options.platform, this.batchId, this.writer, this.options.customerChunk);
      await this.customerResolver.add({ line, record: record as NormalCustomer });
    } else if (kind === 'products') this.heldProducts.push({ line, record: record as NormalProduct });
    // A dry run of facts reads and checks them; there is nothing to stage.
  }

  async quarantine(line: number, raw: string, reasons: readonly string[]): Promise<void> {
    // The raw row may hold personal data: it is kept encrypted, like every personal field.
    await this.writer.add('stage_quarantine', [this.batchId, line, this.cipher.encrypt(raw), JSON.stringify(reasons)]);
  }

  /** Resolves what is held and writes what is left; returns the category labels no mapping knew. */
  async finish(): Promise<string[]> {
    await this.customerResolver?.finish();
    const { platform, baseCurrency } = this.options;
    const unmapped = this.heldProducts.length > 0 ? await resolveProductRows(this.store, platform, baseCurrency, this.batchId, this.heldProducts, this.writer) : [];
    await this.writer.flush();
    return unmapped;
  }
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
