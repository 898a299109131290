/** `precis feedback [--all] [--since YYYY-MM-DD] [--limit N] [--json]`: the 👎 review list (admins). */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { reviewList } from '../assistant/review.ts';
import { PrecisError } from '../errors.ts';
import { parseFlags, withMaintenanceStore, type CommandContext } from './common.ts';

const Flags = z.object({
  all: z.boolean().default(false),
  since: z.iso.date('--since takes a date such as 2026-11-01').optional(),
  limit: z.coerce.number({ error: '--limit takes a whole number such as 50' }).int('--limit takes a whole number such as 50').min(1, '--limit must be at least 1').max(1000, '--limit is at most 1000').default(50),
  json: z.boolean().default(false),
});

export async function feedbackCommand(args: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { all: { type: 'boolean' }, since: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' } }, allowPositionals: true });
  if (positionals.length > 0) throw new PrecisError('usage', { detail: 'precis feedback [--all] [--since YYYY-MM-DD] [--limit N] [--json]' });
  const flags = parseFlags(Flags, values);
  return withMaintenanceStore(ctx, async (store) => {
    const since = flags.since ? new Date(`${flags.since}T00:00:00Z`) : undefined;
    const list = await reviewList(store, { lang: ctx.config.lang, since, limit: flags.limit, votes: flags.all ? ['up', 'down'] : ['down'] });
    if (flags.json) {
      ctx.io.stdout.write(`${JSON.stringify(list)}\n`);
      return 0;
    }
    const out = (line: string) => ctx.io.stdout.write(`${line}\n`);
    out(`👍 ${list.up} · 👎 ${list.down}${since ? ` since ${flags.since}` : ''}`);
    if (list.entries.length === 0) out(flags.all ? 'No feedback yet.' : 'Nothing marked 👎: nothing to review.');
    for (const e of list.entries) {
      out(`#${e.id}  ${e.at.toISOString().slice(0, 16).replace('T', ' ')}  ${e.vote === 'up' ? '👍' : '👎'}  ${e.userId}${e.verified ? '  ✓ verified query' : ''}`);
      out(`    ${e.words ?? '(an answer without a query: recommendations)'}`);
      if (e.reason) out(`    reason: ${e.reason}`);
    }
    if (list.entries.some((e) => e.vote === 'down' && !e.verified)) out('\nCorrect a misreading with: precis verify "<question>" --like "<a phrasing read right>"');
    return 0;
  });
}
