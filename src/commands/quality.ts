/**
 * `precis quality run [--json]`: runs every data-quality check now, stores the run, prints the
 * report. `precis quality report [--run <id>] [--details] [--json]`: prints a stored run (the
 * latest by default) without running; `--details` lists every check, not only failures.
 * The local operator may read quality reports; Slack users go through their role instead.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { PrecisError } from '../errors.ts';
import { t } from '../messages/index.ts';
import { qualityDetailsText, qualityJson, qualityText } from '../present/quality.ts';
import { latestRun, runById } from '../quality/history.ts';
import { reportModel, runQualitySuite } from '../quality/report.ts';
import { parseFlags, withMaintenanceStore, type CommandContext } from './common.ts';

const Flags = z.object({
  json: z.boolean().default(false),
  details: z.boolean().default(false),
  run: z.coerce.number().int('--run takes a run id').positive('--run takes a run id').optional(),
});
const USAGE = 'precis quality run [--json] | precis quality report [--run <id>] [--details] [--json]';

export async function qualityCommand(args: string[], ctx: CommandContext): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'run' && sub !== 'report') throw new PrecisError('usage', { detail: USAGE });
  const { values } = parseArgs({ args: rest, options: { json: { type: 'boolean' }, details: { type: 'boolean' }, run: { type: 'string' } } });
  const flags = parseFlags(Flags, values);
  const { lang, timeZone } = ctx.config;
  return withMaintenanceStore(ctx, async (store) => {
    let model;
    if (sub === 'run') model = await runQualitySuite(store, { now: new Date(), timeZone });
    else {
      const run = flags.run === undefined ? await latestRun(store) : await runById(store, flags.run);
      if (!run) {
        ctx.io.stderr.write(`${flags.run === undefined ? t(lang, 'quality.no_runs') : t(lang, 'quality.no_run', { id: flags.run })}\n`);
        return 1;
      }
      model = await reportModel(store, run);
    }
    const text = flags.json ? JSON.stringify(qualityJson(model, lang)) : flags.details ? qualityDetailsText(model, lang, timeZone) : qualityText(model, lang, timeZone);
    ctx.io.stdout.write(`${text}\n`);
    return 0;
  });
}
