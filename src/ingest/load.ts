/**
 * Stage 5 for facts (order lines, events). A fact has nothing to merge with what the store holds
 * beyond its ids, so staging it would only write it twice: a facts batch is COPYed straight into
 * its tables inside the batch's one transaction (all or nothing, like a merge), a chunk of
 * CHUNK_ROWS at a time while the next rows are read. Its quarantined rows go straight to `quarantine`.
 */
import type { StoreTransaction } from '../db/client.ts';
import { copyChunks, type CopyValue } from '../db/copy.ts';
import type { MergeResult } from './merge.ts';
import type { RecordKind } from './records.ts';
import type { WriteQueue } from './write-queue.ts';

export type FactKind = Extract<RecordKind, 'order_lines' | 'events'>;
export const isFactKind = (kind: RecordKind): kind is FactKind => kind === 'order_lines' || kind === 'events';

/**
 * Rows per chunk (one COPY per table): large enough for COPY's speed and few round trips, small
 * enough that two chunks in memory are little. Against 5,000, 10,000 took 1M of tmall's order
 * lines from 38.8–42.1 s to 30.0–34.1 s and 2M of its events from 52.6 to 37.6 s; 20,000 was no
 * faster and its whole orders file peaked 45 MiB higher (BENCHMARKS.md, 2026-11-30).
 */
export const CHUNK_ROWS = 10_000;

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

/** A chunk made ready: ids resolved, COPY text encoded; calling it writes the chunk. */
export type ChunkWrite = () => Promise<void>;

/**
 * Takes a batch's kept rows of one kind, writes them a chunk at a time, and says what they created.
 *
 * A chunk is made ready (`ready`: its ids resolved from what the loader knows, its COPY text
 * encoded) before it waits for the chunk ahead of it, so the database goes from one COPY to the
 * next without waiting on Node. Only a chunk that needs the database first (an id to look up or
 * create, more order ids) is resolved in its turn (`resolve`), when the connection is free: a
 * statement cannot be sent while a COPY is under way. Made ready inside the write, tmall's 100k
 * events file took 25.9 s (PostgreSQL busy 19.6 s of it); made ready before, 22.6 s.
 */
export abstract class FactLoader<T, Resolved> {
  private rows: T[] = [];
  /** Chunks waiting for `resolve`: a later chunk is not made ready before them, as chunks change what is known in file order. */
  private unresolved = 0;

  constructor(
    protected readonly tx: StoreTransaction,
    private readonly queue: WriteQueue,
  ) {}

  async add(record: T): Promise<void> {
    const { rows } = this;
    if (rows.length >= CHUNK_ROWS && !this.together(rows[rows.length - 1]!, record)) await this.flush();
    this.rows.push(record);
  }

  /** Whether two rows in a row belong in one chunk (a full chunk then grows by the second). */
  protected together(_previous: T, _next: T): boolean {
    return false;
  }

  async finish(): Promise<MergeResult> {
    await this.flush();
    await this.queue.drain();
    return this.result();
  }

  private async flush(): Promise<void> {
    const rows = this.rows;
    this.rows = [];
    if (rows.length === 0) return;
    const write = this.unresolved === 0 ? this.ready(rows, undefined) : undefined;
    if (write) return this.queue.push(write);
    this.unresolved++;
    await this.queue.push(async () => {
      const resolved = await this.resolve(rows);
      const resolvedWrite = this.ready(rows, resolved);
      this.unresolved--;
      if (!resolvedWrite) throw new Error('A chunk was still not ready after its ids were resolved.');
      await resolvedWrite();
    });
  }

  /** The chunk's write if it can be made from what is known (`resolved`: what `resolve` found for it); undefined if the database must be asked first. */
  protected abstract ready(rows: readonly T[], resolved: Resolved | undefined): ChunkWrite | undefined;
  /** Asks the database what `ready` lacks for these rows; after it, `ready` must succeed. */
  protected abstract resolve(rows: readonly T[]): Promise<Resolved>;
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
