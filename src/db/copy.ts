/** Encodes rows for `COPY … FROM` in PostgreSQL's text format, in chunks of a few thousand rows. */

export type CopyValue = string | number | boolean | Date | null | undefined;

const escapes: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function encodeValue(value: CopyValue): string {
  if (value === null || value === undefined) return '\\N';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'boolean') return value ? 't' : 'f';
  return String(value).replace(/[\\\t\n\r]/g, (c) => escapes[c]!);
}

/** Yields COPY text chunks of `rowsPerChunk` rows each; large chunks are what make COPY fast. */
export function* copyChunks(rows: Iterable<readonly CopyValue[]>, rowsPerChunk = 10_000): Generator<string> {
  let lines: string[] = [];
  for (const row of rows) {
    lines.push(row.map(encodeValue).join('\t'));
    if (lines.length >= rowsPerChunk) {
      yield `${lines.join('\n')}\n`;
      lines = [];
    }
  }
  if (lines.length > 0) yield `${lines.join('\n')}\n`;
}
