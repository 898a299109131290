/**
 * A one-line progress display for long work in a terminal: rewritten in place on a TTY, one line
 * per step otherwise (logs and pipes stay readable).
 */
import type { Writable } from 'node:stream';

export interface Progress {
  update(label: string, done: number, total: number): void;
  done(summary: string): void;
}

export function createProgress(out: Writable & { isTTY?: boolean }, title: string): Progress {
  const started = Date.now();
  let lastLabel = '';
  const fmt = (n: number) => n.toLocaleString('en-US');
  return {
    update(label, done, total) {
      const pct = total > 0 ? Math.floor((done / total) * 100) : 100;
      const line = `${title}: ${label} ${fmt(done)}/${fmt(total)} (${pct}%)`;
      if (out.isTTY) out.write(`\r\x1b[2K${line}`);
      else if (label !== lastLabel) out.write(`${line}\n`);
      lastLabel = label;
    },
    done(summary) {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      out.write(`${out.isTTY ? '\r\x1b[2K' : ''}${title}: ${summary} in ${seconds} s\n`);
    },
  };
}
