/**
 * Where the dirty demo goes while it is built (index.ts makes the same calls on either): into
 * memory, for callers that read it back whole, or into a folder, each line written as it is made
 * so that the exports of a million customers never sit in memory together.
 */
import { closeSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { FileWriter, SheetOutput } from './sheet.ts';
import { truthLines, type Problem, type Truth, type TruthCustomer, type TruthHead, type TruthList, type TruthProduct } from './truth.ts';

export interface DirtySink extends SheetOutput {
  customer(record: TruthCustomer): void;
  product(record: TruthProduct): void;
}

export interface DirtyFile {
  /** Relative to the output folder, with forward slashes. */
  path: string;
  /** Without line ends; each is written followed by "\n". */
  lines: string[];
}

/** Keeps everything: the truth is its head (from the builder) with these lists. */
export class MemorySink implements DirtySink {
  readonly files: DirtyFile[] = [];
  readonly lists: Pick<Truth, TruthList> = { customers: [], products: [], problems: [] };

  file(path: string): FileWriter {
    const lines: string[] = [];
    this.files.push({ path, lines });
    return { line: (text) => lines.push(text), end: () => {} };
  }

  customer(record: TruthCustomer): void {
    this.lists.customers.push(record);
  }

  product(record: TruthProduct): void {
    this.lists.products.push(record);
  }

  problem(problem: Problem): void {
    this.lists.problems.push(problem);
  }
}

const TRUTH_FILE = 'truth.json';
/** Characters gathered before each write: few system calls, and memory stays flat. */
const WRITE_CHUNK = 1 << 20;

/**
 * Writes into `dir`, replacing files of the same names. The truth's lists are kept as JSON text
 * (its head, which comes first in truth.json, is known only at the end), and truth.json is
 * removed first and written last: a folder that has one is complete.
 */
export class FolderSink implements DirtySink {
  readonly #dir: string;
  readonly #onFile: (path: string, lines: number) => void;
  readonly #lists: Record<TruthList, string[]> = { customers: [], products: [], problems: [] };

  constructor(dir: string, subfolders: readonly string[], onFile: (path: string, lines: number) => void) {
    this.#dir = dir;
    this.#onFile = onFile;
    rmSync(join(dir, TRUTH_FILE), { force: true });
    for (const sub of subfolders) mkdirSync(join(dir, sub), { recursive: true });
  }

  file(path: string): FileWriter {
    const fd = openSync(join(this.#dir, ...path.split('/')), 'w');
    let chunk = '';
    return {
      line: (text) => {
        chunk += `${text}\n`;
        if (chunk.length >= WRITE_CHUNK) {
          writeSync(fd, chunk);
          chunk = '';
        }
      },
      end: (lines) => {
        try {
          if (chunk !== '') writeSync(fd, chunk);
        } finally {
          closeSync(fd);
        }
        this.#onFile(path, lines);
      },
    };
  }

  customer(record: TruthCustomer): void {
    this.#lists.customers.push(JSON.stringify(record));
  }

  product(record: TruthProduct): void {
    this.#lists.products.push(JSON.stringify(record));
  }

  problem(problem: Problem): void {
    this.#lists.problems.push(JSON.stringify(problem));
  }

  /** Writes truth.json: call it last. */
  writeTruth(head: TruthHead): void {
    const truth = this.file(TRUTH_FILE);
    let lines = 0;
    for (const line of truthLines(head, this.#lists)) {
      truth.line(line);
      lines++;
    }
    truth.end(lines);
  }
}
