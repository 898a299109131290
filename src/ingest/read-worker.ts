/**
 * The worker thread of `readRowsInWorker` (read.ts): reads, validates and normalizes one file and
 * posts its rows to the main thread a few thousand at a time. It runs at most two messages ahead
 * of what the main thread has taken, so memory stays flat however fast it reads.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PrecisError } from '../errors.ts';
import { readRows, type ReadCounts, type ReadJob, type ReadOutcome, type WorkerMessage } from './read.ts';

const ROWS_PER_MESSAGE = 2000;
const MESSAGES_AHEAD = 2;

const port = parentPort!;
const { job } = workerData as { job: ReadJob };
const post = (message: WorkerMessage) => port.postMessage(message);

let ahead = 0;
let taken: (() => void) | undefined;
port.on('message', () => {
  ahead--;
  taken?.();
  taken = undefined;
});

let rows: ReadOutcome[] = [];
async function send(): Promise<void> {
  if (rows.length === 0) return;
  post({ type: 'rows', rows });
  rows = [];
  if (++ahead >= MESSAGES_AHEAD) await new Promise<void>((resolve) => (taken = resolve));
}
async function add(row: ReadOutcome): Promise<void> {
  rows.push(row);
  if (rows.length >= ROWS_PER_MESSAGE) await send();
}

try {
  const counts: ReadCounts = { rowsRead: 0, rowsQuarantined: 0, quarantinedByReason: {}, fieldIssues: {}, fieldIssueLines: {} };
  const header = await readRows(job, counts, {
    keep: (line, record) => add({ line, record }),
    quarantine: (line, raw, reasons) => add({ line, raw, reasons: [...reasons] }),
  }, (progress) => post({ type: 'progress', progress }));
  await send();
  post({ type: 'done', counts, header });
} catch (err) {
  post({ type: 'failed', error: err instanceof PrecisError ? { code: err.code, params: err.params, detail: err.detail } : { message: String(err) } });
}
