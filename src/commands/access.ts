/** `precis access review [--json]`: who has which role and when they last used it (admins; audited). */
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { PrecisError } from '../errors.ts';
import { runAccessReview } from '../governance/access-review.ts';
import { authorize, resolveRole, type Actor } from '../privacy/access.ts';
import { parseFlags, withMaintenanceStore, type CommandContext } from './common.ts';

const Flags = z.object({ json: z.boolean().default(false) });

export async function accessCommand(args: string[], ctx: CommandContext): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'review') throw new PrecisError('usage', { detail: 'precis access review [--json]' });
  const { values } = parseArgs({ args: rest, options: { json: { type: 'boolean' } } });
  const flags = parseFlags(Flags, values);
  const operator: Actor = { id: `local:${userInfo().username}`, local: true };
  return withMaintenanceStore(ctx, async (store, cipher) => {
    const now = new Date();
    authorize(await resolveRole(store, operator, now), 'review_access');
    const { entries, report } = await runAccessReview({ store, cipher, now, lang: ctx.config.lang, timeZone: ctx.config.timeZone }, operator.id);
    ctx.io.stdout.write(flags.json ? `${JSON.stringify({ at: now.toISOString(), entries, changed: report.changed, flagged: entries.filter((e) => e.flags.length > 0).length })}\n` : `${report.text}\n`);
    return 0;
  });
}
