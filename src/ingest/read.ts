/**
 * Stages 1–3 for one file: parse → validate → normalize. Every row is either kept, with the record
 * normalize made of it, or quarantined, with every reason it fails.
 *
 * Tried and left out (2026-11-29): reading in a worker thread. On tmall's 100k events file it took
 * 28.0–29.7 s against 28.6 s in the main thread, and 24.4 against 25.3 s on its orders, while the
 * process's peak grew by about 100 MB: the rows' copying between threads cost the core it freed.
 */
import { statSync } from 'node:fs';
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
