/** `precis role grant <slack-user-id> <role> [--expires YYYY-MM-DD] | revoke <slack-user-id> | list` */
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { PrecisError } from '../errors.ts';
import { grantRole, listRoles, revokeRole } from '../privacy/roles.ts';
import { parseFlags, withMaintenanceStore, type CommandContext } from './common.ts';

const UserId = z.string({ error: 'give a Slack user id such as U012ABCDEF' }).regex(/^[UW][A-Z0-9]{2,}$/, 'give a Slack user id such as U012ABCDEF');
const Expires = z.object({ expires: z.iso.date('--expires takes a date such as 2027-01-31').optional() });

export async function roleCommand(args: string[], ctx: CommandContext): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({ args: rest, options: { expires: { type: 'string' } }, allowPositionals: true });
  const operator = { id: `local:${userInfo().username}`, local: true };
  const out = (text: string) => ctx.io.stdout.write(`${text}\n`);
  return withMaintenanceStore(ctx, async (store) => {
    if (sub === 'grant') {
      const userId = parseFlags(UserId, positionals[0]);
      const { expires } = parseFlags(Expires, values);
      await grantRole(store, operator, userId, positionals[1] ?? '', expires ? new Date(`${expires}T23:59:59Z`) : null);
      out(`${userId} is now ${positionals[1]}${expires ? ` until ${expires}` : ''}.`);
      return 0;
    }
    if (sub === 'revoke') {
      const userId = parseFlags(UserId, positionals[0]);
      out((await revokeRole(store, operator, userId)) ? `${userId} has no role any more.` : `${userId} had no role.`);
      return 0;
    }
    if (sub === 'list') {
      const rows = await listRoles(store);
      if (rows.length === 0) out('No roles granted yet. Grant one with: precis role grant U012ABCDEF marketer');
      for (const r of rows) out(`${r.userId}  ${r.role}  granted by ${r.grantedBy} on ${r.grantedAt.toISOString().slice(0, 10)}${r.expiresAt ? `, expires ${r.expiresAt.toISOString().slice(0, 10)}` : ''}`);
      return 0;
    }
    throw new PrecisError('usage', { detail: 'precis role grant <slack-user-id> <viewer|marketer|manager|admin> [--expires YYYY-MM-DD] | revoke <slack-user-id> | list' });
  });
}
