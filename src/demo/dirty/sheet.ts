/**
 * One output file being written: rows go in as the platform shapes them, with the problems they
 * carry; out go the file's lines (exact duplicate lines added) and its problems, each with the
 * line number it is on, as soon as that is known, so no file is ever held whole. The line
 * numbers are the ones a reader counts: a CSV header is line 1, an NDJSON file's first object
 * is line 1.
 */
import type { PlatformId } from '../../semantic/places.ts';
import { csvLine } from './formats.ts';
import type { Random } from '../random.ts';
import type { FileInfo, Json, Row } from './platforms/shape.ts';
import type { Problem, ProblemDraft } from './truth.ts';

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

/** One file being written: its lines in order, then how many there were. */
export interface FileWriter {
  line(text: string): void;
  end(lines: number): void;
}

/** Where sheets go: each line and each problem as soon as its line number is known. */
export interface SheetOutput {
  /** `path` is relative to the output folder, with forward slashes. */
  file(path: string): FileWriter;
  problem(problem: Problem): void;
}

export class Sheet {
  /** Relative to the output folder: "tmall/customers.csv". */
  readonly path: string;
  readonly platform: PlatformId;
  readonly #shape: FileInfo;
  readonly #rng: Random;
  readonly #duplicateRate: number;
  readonly #out: SheetOutput;
  readonly #file: FileWriter;
  /** Lines without problems waiting to be repeated a few lines further on. */
  readonly #pending: { text: string; wait: number }[] = [];
  /** The first line of every text written, so a line identical to an earlier one is labelled. */
  readonly #seen = new Map<string, number>();
  #lines = 0;

  /**
   * About `duplicateRate` of the lines without problems are repeated a few lines further on
   * (drawn from `rng`), and every line identical to an earlier one is labelled (some are
   * identical by nature, as two views of one product in the same minute written to the minute).
   */
  constructor(platform: PlatformId, shape: FileInfo, rng: Random, duplicateRate: number, out: SheetOutput) {
    this.platform = platform;
    this.path = `${platform}/${shape.file}`;
    this.#shape = shape;
    this.#rng = rng;
    this.#duplicateRate = duplicateRate;
    this.#out = out;
    this.#file = out.file(this.path);
    if (shape.header) {
      this.#lines = 1;
      this.#file.line(csvLine(shape.header));
    }
  }

  /** Writes the row; returns its line number. */
  add(row: Row, problems: readonly ProblemDraft[]): number {
    const text = this.#render(row);
    // Per row, in this order, as ever: the same seed copies the same lines.
    if (this.#rng.chance(this.#duplicateRate) && problems.length === 0) this.#pending.push({ text, wait: this.#rng.int(0, 12) });
    const line = this.#emit(text, problems, false);
    for (let i = 0; i < this.#pending.length; ) {
      const p = this.#pending[i]!;
      if (p.wait-- <= 0) {
        this.#emit(p.text, [], true);
        this.#pending.splice(i, 1);
      } else i++;
    }
    return line;
  }

  /** Writes the copies still waiting and ends the file; returns its number of lines, header included. */
  finish(): number {
    for (const p of this.#pending) this.#emit(p.text, [], true);
    this.#pending.length = 0;
    this.#seen.clear();
    this.#file.end(this.#lines);
    return this.#lines;
  }

  #emit(text: string, drafts: readonly ProblemDraft[], copy: boolean): number {
    const line = ++this.#lines;
    const place = { platform: this.platform, file: this.path, line };
    for (const { kind, field, column, ...rest } of drafts) this.#out.problem({ kind, ...place, field, column, ...rest });
    const earlier = this.#seen.get(text);
    if (earlier === undefined) this.#seen.set(text, line);
    else this.#out.problem({ kind: 'exact_duplicate_row', ...place, field: null, column: null, variant: copy ? 'copied' : 'coincident', duplicateOf: earlier });
    this.#file.line(text);
    return line;
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
