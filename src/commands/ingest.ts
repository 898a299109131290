/**
 * `precis ingest <file|dir> --platform <name> [--mapping <file>] [--dry-run] [--json]`, or
 * `precis ingest <drop>` for a folder of platform folders (each named after its platform).
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createProgress, rateLine } from '../console/progress.ts';
import { PrecisError } from '../errors.ts';
import { ingestPath, PLATFORM_NAME } from '../ingest/index.ts';
import { renderBatchSummary } from '../present/ingest.ts';
import { parseFlags, withMaintenanceStore, type CommandContext } from './common.ts';
import { evaluateCommand } from './evaluate.ts';

const Flags = z.object({
  platform: z.string().regex(PLATFORM_NAME, '--platform takes a lower-case name such as tmall or uci').optional(),
  mapping: z.string().optional(),
  'dry-run': z.boolean().default(false),
  json: z.boolean().default(false),
});

export async function ingestCommand(args: string[], ctx: CommandContext): Promise<number> {
  if (args[0] === 'evaluate') return evaluateCommand(args.slice(1), ctx);
  const { values, positionals } = parseArgs({
    args,
    options: { platform: { type: 'string' }, mapping: { type: 'string' }, 'dry-run': { type: 'boolean' }, json: { type: 'boolean' } },
    allowPositionals: true,
  });
  const flags = parseFlags(Flags, values);
  const [path, ...extra] = positionals;
  if (!path || extra.length > 0) throw new PrecisError('usage', { detail: 'precis ingest takes one file or folder, e.g. precis ingest exports/tmall --platform tmall, or a folder of platform folders: precis ingest exports' });

  return withMaintenanceStore(ctx, async (store, cipher) => {
    const progress = createProgress(ctx.io.stderr, 'Ingesting');
    const summaries = await ingestPath(store, cipher, path, {
      platform: flags.platform,
      mapping: flags.mapping,
      dryRun: flags['dry-run'],
      baseCurrency: ctx.config.baseCurrency,
      now: new Date(),
      onProgress: (file, p) => progress.show(`${file} ${rateLine(p.rows, p.bytes, p.totalBytes, p.elapsedMs)}`),
    });
    progress.done(`${summaries.length} file(s)`);
    ctx.io.stdout.write(flags.json ? `${JSON.stringify(summaries)}\n` : `${summaries.map(renderBatchSummary).join('\n')}\n`);
    return 0;
  });
}
