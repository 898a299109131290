/**
 * Stage 5 for facts (order lines, events). A fact has nothing to merge with what the store holds
 * beyond its ids, so staging it would only write it twice: a facts batch is COPYed straight into
 * its tables inside the batch's one transaction (all or nothing, like a merge), a few thousand
 * rows at a time while the next rows are read. Its quarantined rows go straight to `quarantine`.
 */
import type { StoreTransaction } from '../db/client.ts';
import { copyChunks, type CopyValue } from '../db/copy.ts';
import type { MergeResult } from './merge.ts';
import type { RecordKind } from './records.ts';
import type { WriteQueue } from './write-queue.ts';

export type FactKind = Extract<RecordKind, 'order_lines' | 'events'>;
export const isFactKind = (kind: RecordKind): kind is FactKind => kind === 'order_lines' || kind === 'events';

/** Rows per COPY: large enough for COPY's speed, small enough that two chunks in memory are nothing. */
export const CHUNK_ROWS = 5000;

/** Takes a batch's kept rows of one kind, writes them a chunk at a time, and says what they created. */
export interface FactLoader<T> {
  add(record: T): Promise<void>;
  finish(): Promise<MergeResult>;
}

/** Writes a batch's quarantined rows straight into `quarantine`, a chunk at a time (their raw content already encrypted). */
export class QuarantineWriter {
  private rows: CopyValue[][] = [];

  constructor(
    private readonly tx: StoreTransaction,
    private readonly queue: WriteQueue,
    private readonly batchId: number,
  ) {}

  async add(line: number, rawEncrypted: string, reasons: readonly string[]): Promise<void> {
    this.rows.push([this.batchId, line, rawEncrypted, JSON.stringify(reasons)]);
    if (this.rows.length >= CHUNK_ROWS) await this.flush();
  }

  async flush(): Promise<void> {
    const rows = this.rows;
    this.rows = [];
    if (rows.length > 0) await this.queue.push(() => this.tx.copyIn('quarantine', ['batch_id', 'source_line', 'raw', 'reasons'], copyChunks(rows, CHUNK_ROWS)));
  }
}

