/** `precis features refresh [--json]`: recompute customer features and RFM segments now. */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { refreshFeatures } from '../analytics/features.ts';
import { PrecisError } from '../errors.ts';
import { parseFlags, withMaintenanceStore, type CommandContext } from './common.ts';

const Flags = z.object({ json: z.boolean().default(false) });

export async function featuresCommand(args: string[], ctx: CommandContext): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'refresh') throw new PrecisError('usage', { detail: 'precis features refresh [--json]' });
  const { values } = parseArgs({ args: rest, options: { json: { type: 'boolean' } } });
  const flags = parseFlags(Flags, values);
  return withMaintenanceStore(ctx, async (store) => {
    const result = await refreshFeatures(store);
    if (flags.json) {
      ctx.io.stdout.write(`${JSON.stringify(result)}\n`);
      return 0;
    }
    // Counts only, never customers: movement per segment as "in / out".
    const moves = Object.entries(result.movement)
      .filter(([, m]) => m.in > 0 || m.out > 0)
      .map(([segment, m]) => `  ${segment}: +${m.in} / -${m.out}`);
    ctx.io.stdout.write(`Refreshed features for ${result.customers.toLocaleString('en-US')} customers in ${result.seconds.toFixed(2)} s.\n${moves.length > 0 ? `Movement since the last refresh:\n${moves.join('\n')}\n` : 'No customer changed segment.\n'}`);
    return 0;
  });
}
