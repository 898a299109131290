/** `precis quarantine list | show <batch> [--reason R] [--limit N] | retry <batch> [--mapping M]` */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { PrecisError } from '../errors.ts';
import { listQuarantine, retryQuarantine, showQuarantine } from '../ingest/quarantine.ts';
import { renderBatchSummary } from '../present/ingest.ts';
import { parseFlags, withMaintenanceStore, type CommandContext } from './common.ts';

const BatchId = z.coerce.number({ error: 'give the batch number, as `precis quarantine list` shows it' }).int().positive();
const ShowFlags = z.object({ reason: z.string().optional(), limit: z.coerce.number().int().min(1).max(10_000).default(20) });

export async function quarantineCommand(args: string[], ctx: CommandContext): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({ args: rest, options: { reason: { type: 'string' }, limit: { type: 'string' }, mapping: { type: 'string' } }, allowPositionals: true });
  const out = (text: string) => ctx.io.stdout.write(`${text}\n`);

  return withMaintenanceStore(ctx, async (store, cipher) => {
    if (sub === 'list') {
      const batches = await listQuarantine(store);
      if (batches.length === 0) out('The quarantine is empty.');
      for (const b of batches) {
        out(`batch ${b.batchId}  ${b.platform}  ${b.source}  ${b.unresolved.toLocaleString('en-US')} rows: ${Object.entries(b.reasons).map(([r, n]) => `${r} ${n.toLocaleString('en-US')}`).join(', ')}`);
      }
      return 0;
    }
    if (sub === 'show') {
      const batchId = parseFlags(BatchId, positionals[0]);
      const flags = parseFlags(ShowFlags, values);
      const rows = await showQuarantine(store, cipher, batchId, flags);
      if (rows.length === 0) out(`No unresolved rows in batch ${batchId}${flags.reason ? ` with reason ${flags.reason}` : ''}.`);
      for (const r of rows) out(`line ${r.line}  [${r.reasons.join(', ')}]\n  ${r.masked}`);
      return 0;
    }
    if (sub === 'retry') {
      const batchId = parseFlags(BatchId, positionals[0]);
      const summary = await retryQuarantine(store, cipher, batchId, { baseCurrency: ctx.config.baseCurrency, now: new Date(), mapping: values.mapping });
      out(summary ? renderBatchSummary(summary) : `Batch ${batchId} has no rows to retry (exact duplicates stay quarantined: their original was loaded).`);
      return 0;
    }
    throw new PrecisError('usage', { detail: 'precis quarantine list | show <batch> [--reason R] [--limit N] | retry <batch> [--mapping M]' });
  });
}
