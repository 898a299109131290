/** Encodes rows for `COPY … FROM` in PostgreSQL's text format, in chunks of a few thousand rows. */

export type CopyValue = string | number | boolean | Date | null | undefined;

const escapes: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const special = /[\\\t\n\r]/;

function encodeValue(value: CopyValue): string {
  // Most values are plain strings and numbers: tested before anything is replaced, as this runs for every field of millions of rows.
  if (typeof value === 'string') return special.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => escapes[c]!) : value;
  if (typeof value === 'number') return String(value);
  if (value === null || value === undefined) return '\\N';
  if (value instanceof Date) return value.toISOString();
  return value ? 't' : 'f';
}

function encodeRow(row: readonly CopyValue[]): string {
  let line = encodeValue(row[0]);
  for (let i = 1; i < row.length; i++) line += `\t${encodeValue(row[i])}`;
  return line;
}

/** Yields COPY text chunks of `rowsPerChunk` rows each; large chunks are what make COPY fast. */
export function* copyChunks(rows: Iterable<readonly CopyValue[]>, rowsPerChunk = 10_000): Generator<string> {
  let lines: string[] = [];
  for (const row of rows) {
    lines.push(encodeRow(row));
    if (lines.length >= rowsPerChunk) {
      yield `${lines.join('\n')}\n`;
      lines = [];
    }
  }
  if (lines.length > 0) yield `${lines.join('\n')}\n`;
}
