/**
 * A one-line progress display for long work in a terminal: rewritten in place on a TTY, at most
 * one line every few seconds otherwise (logs and pipes stay readable).
 */
import type { Writable } from 'node:stream';

export interface Progress {
  show(text: string): void;
  done(summary: string): void;
}

const PIPE_EVERY_MS = 5000;

export function createProgress(out: Writable & { isTTY?: boolean }, title: string): Progress {
  const started = Date.now();
  let lastPipeLine = 0;
  return {
    show(text) {
      if (out.isTTY) out.write(`\r\x1b[2K${title}: ${text}`);
      else if (Date.now() - lastPipeLine >= PIPE_EVERY_MS) {
        lastPipeLine = Date.now();
        out.write(`${title}: ${text}\n`);
      }
    },
    done(summary) {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      out.write(`${out.isTTY ? '\r\x1b[2K' : ''}${title}: ${summary} in ${seconds} s\n`);
    },
  };
}

/** "45% · 120,000 rows · 35,000 rows/s · ETA 4 s" from bytes read of a file. */
export function rateLine(rows: number, bytes: number, totalBytes: number, elapsedMs: number): string {
  const seconds = Math.max(elapsedMs / 1000, 0.001);
  const pct = totalBytes > 0 ? Math.min(100, Math.floor((bytes / totalBytes) * 100)) : 100;
  const eta = bytes > 0 ? Math.max(0, Math.round(((totalBytes - bytes) / bytes) * seconds)) : 0;
  return `${pct}% · ${rows.toLocaleString('en-US')} rows · ${Math.round(rows / seconds).toLocaleString('en-US')} rows/s · ETA ${eta} s`;
}
