/** `precis erase --customer <id | email | phone> [--phone-region CN] [--json]`: forget one person; prints a receipt of counts. */
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { eraseCustomer, type ErasureReceipt } from '../governance/erase.ts';
import { parseFlags, withMaintenanceStore, type CommandContext } from './common.ts';

const Flags = z.object({
  customer: z.string({ error: 'precis erase needs --customer <id | email | phone>' }).trim().min(1, 'precis erase needs --customer <id | email | phone>'),
  'phone-region': z.string().regex(/^[A-Z]{2}$/, '--phone-region takes an ISO 3166 code such as CN').default('CN'),
  json: z.boolean().default(false),
});

/** The receipt as people read it: ids and counts, never a personal value. */
export function receiptText(r: ErasureReceipt): string {
  const removed = Object.entries(r.removed).filter(([, n]) => n > 0);
  return [
    `Erased customer${r.customerIds.length > 1 ? 's' : ''} ${r.customerIds.join(', ')} at ${r.erasedAt}.`,
    `  Cleared on ${r.cleared.customers} customer record${r.cleared.customers === 1 ? '' : 's'}: ${r.cleared.fields.join(', ')}.`,
    removed.length > 0 ? `  Removed: ${removed.map(([table, n]) => `${table} ${n}`).join(', ')}.` : '  Removed: nothing else held this person.',
    `  Kept without anything personal, for aggregates: orders ${r.kept.orders}, events ${r.kept.events}.`,
    '  Recorded in the audit log (ids and counts only).',
  ].join('\n');
}

export async function eraseCommand(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseArgs({ args, options: { customer: { type: 'string' }, 'phone-region': { type: 'string' }, json: { type: 'boolean' } } });
  const flags = parseFlags(Flags, values);
  return withMaintenanceStore(ctx, async (store, cipher) => {
    const receipt = await eraseCustomer(store, cipher, { id: `local:${userInfo().username}`, local: true }, flags.customer, { phoneRegion: flags['phone-region'] });
    ctx.io.stdout.write(`${flags.json ? JSON.stringify(receipt) : receiptText(receipt)}\n`);
    return 0;
  });
}
