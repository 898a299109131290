/**
 * Stages 1–3 for one file: parse → validate → normalize. Every row is either kept, with the record
 * normalize made of it, or quarantined, with every reason it fails. A large file is read in a
 * worker thread (read-worker.ts), so that reading and cleansing run on one core while the main
 * thread resolves and loads on the other, beside the database.
 */
import { statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { PrecisError, type ErrorCode } from '../errors.ts';
import type { MessageParams } from '../messages/index.ts';
import { RowHashSet } from './dedupe.ts';
import { normalizeCustomer, normalizeEvent, normalizeOrderLine, normalizeProduct, type NormalizeContext } from './normalize.ts';
import { parseFile } from './parse.ts';
import { validateRow } from './validate.ts';

/** What reading a file counted; a batch's summary carries these. */
export interface ReadCounts {
  rowsRead: number;
  rowsQuarantined: number;
  quarantinedByReason: Record<string, number>;
  /** Optional fields dropped from rows that were kept ("invalid_email:email": 12). */
  fieldIssues: Record<string, number>;
  /** The source lines of each field issue (the first 10,000 of each), for review and evaluation. */
  fieldIssueLines: Record<string, number[]>;
}

export interface ReadProgress {
  rows: number;
  bytes: number;
  totalBytes: number;
}

/** Where a file's rows go once read: kept rows with their normalized record, the rest with their reasons. */
export interface RowSink {
  keep(line: number, record: unknown): Promise<void>;
  /** Not called on a dry run. */
  quarantine(line: number, raw: string, reasons: readonly string[]): Promise<void>;
}

export interface ReadJob {
  path: string;
  ctx: NormalizeContext;
  dryRun: boolean;
}

const bump = (counts: Record<string, number>, key: string) => (counts[key] = (counts[key] ?? 0) + 1);
const MAX_ISSUE_LINES = 10_000;

/**
 * Reads, validates and normalizes a file's rows into `sink`, counting into `counts` as it goes;
 * returns the file's header.
 */
export async function readRows({ path, ctx, dryRun }: ReadJob, counts: ReadCounts, sink: RowSink, onProgress: (p: ReadProgress) => void): Promise<string[] | undefined> {
  const { mapping } = ctx;
  const seen = new RowHashSet();
  let header: string[] | undefined;
  const totalBytes = statSync(path).size;
  let bytes = 0;

  for await (const row of parseFile(path, mapping, (h) => (header = h))) {
    counts.rowsRead++;
    bytes += Buffer.byteLength(row.raw) + 1;
    if (counts.rowsRead % 10_000 === 0) onProgress({ rows: counts.rowsRead, bytes, totalBytes });
    // Reading is synchronous between file reads; yield so the database's replies are handled on time.
    if (counts.rowsRead % 250 === 0) await new Promise(setImmediate);

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
      counts.rowsQuarantined++;
      for (const r of reasons) bump(counts.quarantinedByReason, r);
      if (!dryRun) await sink.quarantine(row.line, row.raw, reasons);
      continue;
    }
    for (const issue of kept.fieldIssues) {
      const lines = (counts.fieldIssueLines[issue] ??= []);
      if (bump(counts.fieldIssues, issue) <= MAX_ISSUE_LINES) lines.push(row.line);
    }
    await sink.keep(row.line, kept.record);
  }
  onProgress({ rows: counts.rowsRead, bytes: totalBytes, totalBytes });
  return header;
}

/** Files from this size up are read in a worker thread: below it, starting one (about 0.2 s) costs more than it saves. */
export const WORKER_MIN_BYTES = 4 << 20;

/** The worker's old-space heap: its modules and two messages of rows. */
const WORKER_HEAP_MIB = 64;

/** A row as the worker sends it: kept (with its record) or quarantined (with its raw text and reasons). */
export type ReadOutcome = { line: number; record: unknown } | { line: number; raw: string; reasons: string[] };

/** Messages from the worker; the main thread answers each `rows` message once its rows are taken. */
export type WorkerMessage =
  | { type: 'rows'; rows: ReadOutcome[] }
  | { type: 'progress'; progress: ReadProgress }
  | { type: 'done'; counts: ReadCounts; header: string[] | undefined }
  | { type: 'failed'; error: { code: ErrorCode; params: MessageParams; detail: string | undefined } | { message: string } };

/** `readRows` in a worker thread, handing its rows to `sink` here, in order, and nothing lost. */
export async function readRowsInWorker(job: ReadJob, counts: ReadCounts, sink: RowSink, onProgress: (p: ReadProgress) => void): Promise<string[] | undefined> {
  // Worker threads do not inherit tsx from this one: the boot file registers it, then loads the worker.
  const worker = new Worker(new URL('./read-worker-boot.js', import.meta.url), {
    workerData: { entry: new URL('./read-worker.ts', import.meta.url).href, job },
    // It holds a few thousand rows at a time: a heap of its own that small keeps the process's peak where it was.
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MIB },
  });
  const inbox = new Inbox(worker);
  try {
    for (;;) {
      const message = await inbox.next();
      if (message.type === 'rows') {
        for (const row of message.rows) await ('reasons' in row ? sink.quarantine(row.line, row.raw, row.reasons) : sink.keep(row.line, row.record));
        worker.postMessage('taken');
      } else if (message.type === 'progress') onProgress(message.progress);
      else if (message.type === 'done') {
        Object.assign(counts, message.counts);
        return message.header;
      } else {
        const { error } = message;
        throw 'code' in error ? new PrecisError(error.code, error.params, { detail: error.detail }) : new Error(`reading ${job.path} failed in its worker: ${error.message}`);
      }
    }
  } finally {
    await worker.terminate();
  }
}

/** The worker's messages, awaited one at a time; a crash or an early exit rejects. */
class Inbox {
  private readonly queue: WorkerMessage[] = [];
  private waiting: { resolve: (m: WorkerMessage) => void; reject: (e: Error) => void } | undefined;
  private failure: Error | undefined;

  constructor(worker: Worker) {
    worker.on('message', (m: WorkerMessage) => {
      if (this.waiting) this.take().resolve(m);
      else this.queue.push(m);
    });
    worker.on('error', (e) => this.fail(e));
    worker.on('exit', (code) => this.fail(new Error(`the reading worker stopped early (exit code ${code})`)));
  }

  next(): Promise<WorkerMessage> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  private take() {
    const waiting = this.waiting!;
    this.waiting = undefined;
    return waiting;
  }

  private fail(error: Error): void {
    this.failure ??= error;
    if (this.waiting) this.take().reject(this.failure);
  }
}
