/**
 * `precis ingest evaluate --truth <truth.json>` scores the store against a dirty demo's truth;
 * `precis ingest evaluate --febrl <file.csv> --platform <name>` scores identity resolution of a
 * loaded Febrl file against the entities its rec_ids encode.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { evaluateDemoTruth } from '../demo/evaluate.ts';
import { febrlTruth, resolvedCustomers, scoreGrouping, type MatchScores, type ProblemScore } from '../ingest/evaluate.ts';
import { parseFlags, withMaintenanceStore, type CommandContext } from './common.ts';

const Flags = z
  .object({ truth: z.string().optional(), febrl: z.string().optional(), platform: z.string().optional(), json: z.boolean().default(false) })
  .refine((f) => (f.truth ? !f.febrl : f.febrl && f.platform), 'give either --truth <truth.json>, or --febrl <file.csv> with --platform <name>');

const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
const renderScores = (title: string, s: MatchScores) =>
  `${title}: precision ${pct(s.precision)} · recall ${pct(s.recall)} · F1 ${pct(s.f1)} (${s.correctPairs}/${s.predictedPairs} predicted pairs right, ${s.truePairs} true pairs; ${s.missing} records not in the store)`;

export async function evaluateCommand(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseArgs({ args, options: { truth: { type: 'string' }, febrl: { type: 'string' }, platform: { type: 'string' }, json: { type: 'boolean' } } });
  const flags = parseFlags(Flags, values);
  return withMaintenanceStore(ctx, async (store) => {
    const report: { customers: MatchScores; products?: MatchScores; problems?: ProblemScore[] } = flags.truth
      ? await evaluateDemoTruth(store, flags.truth)
      : { customers: scoreGrouping(await febrlTruth(flags.febrl!, flags.platform!), await resolvedCustomers(store)) };
    if (flags.json) ctx.io.stdout.write(`${JSON.stringify(report)}\n`);
    else {
      const lines = [renderScores('Customer merges', report.customers)];
      if (report.products) lines.push(renderScores('Product matches', report.products));
      for (const p of report.problems ?? []) lines.push(`  ${p.kind}: ${p.caught}/${p.labelled} caught (${pct(p.share)})`);
      ctx.io.stdout.write(`${lines.join('\n')}\n`);
    }
    return 0;
  });
}

