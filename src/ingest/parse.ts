/**
 * Stage 1: read a source file as a stream of rows, each with its 1-based source line and raw
 * text (kept for quarantine). Memory stays flat whatever the file size. A file whose header
 * lacks a mapped column stops here with the file, line and column named; a single unreadable
 * row does not stop anything: it becomes a row with a `problem`, and is quarantined.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parse as csvParse } from 'csv-parse';
import { PrecisError } from '../errors.ts';
import type { Mapping } from './mapping.ts';

export interface SourceRow {
  line: number;
  raw: string;
  /** Source column → value; undefined when the row could not be read at all. */
  fields?: Record<string, string>;
  problem?: string;
}

/** Source columns a mapping reads, for the header check. */
const mappedColumns = (mapping: Mapping) => Object.entries(mapping.columns);

/** Reads `a.b.c` from a parsed NDJSON object; non-string leaves become their JSON text. */
export function pick(obj: unknown, path: string): string | undefined {
  return pickKeys(obj, path.split('.'));
}

/** `pick` with the path already split: a file's rows share their paths. */
function pickKeys(obj: unknown, keys: readonly string[]): string | undefined {
  let cur: unknown = obj;
  for (const key of keys) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  if (cur === undefined || cur === null) return undefined;
  return typeof cur === 'string' ? cur : typeof cur === 'object' ? JSON.stringify(cur) : String(cur);
}

/** Line breaks in `text`: \n, \r\n or a lone \r. */
function lineBreaks(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) n++;
  }
  return n;
}

export async function* parseCsv(path: string, mapping: Mapping, header?: string[]): AsyncGenerator<SourceRow & { header?: string[] }> {
  const parser = createReadStream(path).pipe(
    csvParse({
      delimiter: mapping.csv.delimiter,
      ltrim: mapping.csv.skipInitialSpace,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      bom: true,
      raw: true,
    }),
  );
  let columns = header;
  // Lines read through the end of the last record. Counted from each record's raw text (which
  // holds any skipped empty lines before it), not taken from csv-parse's `info`: that builds an
  // object per record, a tenth of the CPU of reading a large file.
  let linesRead = 0;
  for await (const record of parser as AsyncIterable<{ record: string[]; raw: string }>) {
    linesRead += lineBreaks(record.raw);
    // The line a record ends on; the last one may have no line break after it.
    const line = /[\r\n]$/.test(record.raw) ? linesRead : linesRead + 1;
    // Without the empty lines skipped before it and its own line break.
    const raw = record.raw.replace(/^[\r\n]+|[\r\n]+$/g, '');
    if (!columns) {
      columns = record.record.map((c) => c.trim());
      const missing = mappedColumns(mapping).filter(([, col]) => !columns!.includes(col));
      if (missing.length > 0) {
        throw new PrecisError('input_invalid', {
          detail: `${path}, line ${line}: the header has no column ${missing.map(([f, c]) => `"${c}" (for ${f})`).join(', ')} that mapping "${mapping.name}" reads. The header is: ${columns.join(', ')}`,
        });
      }
      yield { line, raw, header: columns };
      continue;
    }
    if (record.record.length !== columns.length) {
      yield { line, raw, problem: `wrong_column_count` };
      continue;
    }
    const fields: Record<string, string> = {};
    columns.forEach((c, i) => (fields[c] = record.record[i]!));
    yield { line, raw, fields };
  }
  // An empty file has no header to check, so nothing says it is the export the mapping reads.
  if (!columns) throw new PrecisError('input_invalid', { detail: `${path}: the file is empty; mapping "${mapping.name}" expects a header line first.` });
}

export async function* parseNdjson(path: string, mapping: Mapping): AsyncGenerator<SourceRow> {
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  const paths = mappedColumns(mapping).map(([, col]) => [col, col.split('.')] as const);
  let line = 0;
  let checked = false;
  for await (const raw of lines) {
    line++;
    if (raw.trim() === '') continue;
    // A first line that is no JSON object at all is another format (a CSV header, say), not one
    // bad row: quarantining every line as bad_json would load nothing and explain nothing.
    if (!checked && !raw.trimStart().startsWith('{')) {
      throw new PrecisError('input_invalid', {
        detail: `${path}, line ${line}: mapping "${mapping.name}" reads NDJSON (one JSON object per line), but this line is not a JSON object. Is the file CSV? Pass a mapping that reads CSV with --mapping.`,
      });
    }
    let obj: unknown;
    try {
      obj = JSON.parse(raw);
    } catch {
      yield { line, raw, problem: 'bad_json' };
      continue;
    }
    if (!checked) {
      // The first object shows whether the file is the shape the mapping expects at all.
      checked = true;
      const present = mappedColumns(mapping).filter(([, col]) => pick(obj, col) !== undefined);
      if (present.length === 0) {
        throw new PrecisError('input_invalid', {
          detail: `${path}, line ${line}: none of the keys mapping "${mapping.name}" reads (${mappedColumns(mapping).map(([, c]) => c).join(', ')}) is in the first object.`,
        });
      }
    }
    const fields: Record<string, string> = {};
    for (const [col, keys] of paths) {
      const v = pickKeys(obj, keys);
      if (v !== undefined) fields[col] = v;
    }
    yield { line, raw, fields };
  }
}

/** Rows of a file, header excluded; `onHeader` receives a CSV file's header. */
export async function* parseFile(path: string, mapping: Mapping, onHeader: (header: string[]) => void = () => {}): AsyncGenerator<SourceRow> {
  if (mapping.format === 'ndjson') {
    yield* parseNdjson(path, mapping);
    return;
  }
  for await (const row of parseCsv(path, mapping)) {
    if (row.header) onHeader(row.header);
    else yield row;
  }
}
