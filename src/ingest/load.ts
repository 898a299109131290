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

/** Collects rows and hands each full chunk to `write` through the queue: the next chunk is read while it is written. */
export class ChunkedWriter<T> {
  private rows: T[] = [];

  constructor(
    private readonly queue: WriteQueue,
    private readonly write: (rows: readonly T[]) => Promise<void>,
  ) {}

  async add(row: T): Promise<void> {
    this.rows.push(row);
    if (this.rows.length >= CHUNK_ROWS) await this.flush();
  }

  /** Hands over what is collected; `queue.drain()` then waits for it to be written. */
  async flush(): Promise<void> {
    const rows = this.rows;
    this.rows = [];
    if (rows.length > 0) await this.queue.push(() => this.write(rows));
  }
}

/** Takes a batch's kept rows of one kind, writes them a chunk at a time, and says what they created. */
export abstract class FactLoader<T> {
  private readonly chunks: ChunkedWriter<T>;

  constructor(
    protected readonly tx: StoreTransaction,
    private readonly queue: WriteQueue,
  ) {
    this.chunks = new ChunkedWriter(queue, (rows) => this.write(rows));
  }

  add(record: T): Promise<void> {
    return this.chunks.add(record);
  }

  async finish(): Promise<MergeResult> {
    await this.chunks.flush();
    await this.queue.drain();
    return this.result();
  }

  /** Writes one chunk. */
  protected abstract write(rows: readonly T[]): Promise<void>;
  /** What the written chunks created. */
  protected abstract result(): MergeResult;
}

/** A batch's quarantined rows, straight into `quarantine` (raw content already encrypted). */
export function quarantineWriter(tx: StoreTransaction, queue: WriteQueue, batchId: number) {
  const writer = new ChunkedWriter<CopyValue[]>(queue, (rows) => tx.copyIn('quarantine', ['batch_id', 'source_line', 'raw', 'reasons'], copyChunks(rows, CHUNK_ROWS)));
  return {
    add: (line: number, rawEncrypted: string, reasons: readonly string[]) => writer.add([batchId, line, rawEncrypted, JSON.stringify(reasons)]),
    flush: () => writer.flush(),
  };
}
