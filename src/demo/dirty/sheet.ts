/**
 * One output file being built: rows go in as the platform shapes them, with the problems they
 * carry; out come the file's lines (exact duplicate lines added) and its problems, each with
 * the line number it ended up on. The line numbers are the ones a reader counts: a CSV header
 * is line 1, an NDJSON file's first object is line 1.
 */
import type { PlatformId } from '../../semantic/places.ts';
import { csvLine } from './formats.ts';
import type { Random } from '../random.ts';
import type { FileInfo, Json, Row } from './platforms/shape.ts';
import type { Problem, ProblemDraft } from './truth.ts';

/** A line of the file; `line` is known once the file is finished. */
export interface Entry {
  text: string;
  problems: ProblemDraft[];
  line: number;
  /** A copy of an earlier line, put in on purpose. */
  copy?: true;
}

/** Reads a column, a dotted path into nested objects for NDJSON. */
export function getPath(row: Row, path: string): Json | undefined {
  let cur: Json | undefined = row;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = cur[key];
  }
  return cur;
}

/** Writes a column that the row already has; a path the shape does not write is a bug here. */
export function setPath(row: Row, path: string, value: Json): void {
  const keys = path.split('.');
  let cur: Row = row;
  for (const key of keys.slice(0, -1)) {
    const next = cur[key];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) throw new Error(`dirty demo: no object at "${key}" of "${path}"`);
    cur = next;
  }
  const last = keys[keys.length - 1]!;
  if (!(last in cur)) throw new Error(`dirty demo: the row has no "${path}"`);
  cur[last] = value;
}

export class Sheet {
  /** Relative to the output folder: "tmall/customers.csv". */
  readonly path: string;
  readonly platform: PlatformId;
  readonly #shape: FileInfo;
  readonly #entries: Entry[] = [];

  constructor(platform: PlatformId, shape: FileInfo) {
    this.platform = platform;
    this.path = `${platform}/${shape.file}`;
    this.#shape = shape;
  }

  add(row: Row, problems: ProblemDraft[]): Entry {
    const entry: Entry = { text: this.#render(row), problems, line: 0 };
    this.#entries.push(entry);
    return entry;
  }

  /**
   * The finished file: about `duplicateRate` of the lines without problems are repeated a few
   * lines further on, and every line identical to an earlier one is labelled (some are
   * identical by nature, as two views of one product in the same minute written to the minute).
   */
  finish(rng: Random, duplicateRate: number): { lines: string[]; problems: Problem[] } {
    const out: Entry[] = [];
    const pending: { entry: Entry; wait: number }[] = [];
    for (const entry of this.#entries) {
      out.push(entry);
      if (rng.chance(duplicateRate) && entry.problems.length === 0) pending.push({ entry, wait: rng.int(0, 12) });
      for (let i = 0; i < pending.length; ) {
        const p = pending[i]!;
        if (p.wait-- <= 0) {
          out.push({ text: p.entry.text, problems: [], line: 0, copy: true });
          pending.splice(i, 1);
        } else i++;
      }
    }
    for (const p of pending) out.push({ text: p.entry.text, problems: [], line: 0, copy: true });

    const header = this.#shape.header;
    const firstLine = header ? 2 : 1;
    const seen = new Map<string, number>();
    const problems: Problem[] = [];
    out.forEach((entry, i) => {
      entry.line = firstLine + i;
      const earlier = seen.get(entry.text);
      if (earlier === undefined) seen.set(entry.text, entry.line);
      else entry.problems.push({ kind: 'exact_duplicate_row', field: null, column: null, variant: entry.copy ? 'copied' : 'coincident', duplicateOf: earlier });
      for (const draft of entry.problems) {
        const { kind, field, column, ...rest } = draft;
        problems.push({ kind, platform: this.platform, file: this.path, line: entry.line, field, column, ...rest });
      }
    });
    const lines = out.map((e) => e.text);
    return { lines: header ? [csvLine(header), ...lines] : lines, problems };
  }

  #render(row: Row): string {
    const header = this.#shape.header;
    if (!header) return JSON.stringify(row);
    const keys = Object.keys(row);
    if (keys.length !== header.length || keys.some((k) => !header.includes(k))) {
      throw new Error(`dirty demo: a ${this.path} row has columns ${keys.join(', ')}, not the header's`);
    }
    return csvLine(header.map((column) => {
      const value = row[column];
      if (value !== null && typeof value === 'object') throw new Error(`dirty demo: ${this.path} column "${column}" holds an object`);
      return value;
    }));
  }
}
