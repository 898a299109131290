/**
 * `precis keys rotate [--json]`: with the generated key file, adds a new key to it and
 * re-encrypts every personal field under it; with PRECIS_DATA_KEY, re-encrypts under the last
 * key of that list (the operator appends the new key there first, on every replica).
 */
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { PrecisError } from '../errors.ts';
import { rotateKeys } from '../governance/keys.ts';
import { authorize, resolveRole, type Actor } from '../privacy/access.ts';
import { addDataKey } from '../privacy/data-key.ts';
import { withMaintenanceStore, type CommandContext } from './common.ts';

export async function keysCommand(args: string[], ctx: CommandContext): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'rotate') throw new PrecisError('usage', { detail: 'precis keys rotate [--json]' });
  const { values } = parseArgs({ args: rest, options: { json: { type: 'boolean' } } });
  const operator: Actor = { id: `local:${userInfo().username}`, local: true };
  // A ring given in PRECIS_DATA_KEY is used as it is; a single key there makes addDataKey refuse and say how to add one.
  const added = ctx.config.dataKey?.includes(',') ? undefined : addDataKey(ctx.config);
  return withMaintenanceStore(ctx, async (store, cipher) => {
    authorize(await resolveRole(store, operator, new Date()), 'manage_backups');
    const result = await rotateKeys(store, cipher, operator.id);
    if (values.json) ctx.io.stdout.write(`${JSON.stringify(result)}\n`);
    else {
      const counts = Object.entries(result.reencrypted).map(([table, n]) => `${table} ${n.toLocaleString('en-US')}`).join(', ');
      ctx.io.stdout.write(
        `${added ? `Added key ${added.keyId} to ${ctx.config.dataDir}/data.key (older keys stay there: old backups are read with them).\n` : ''}` +
          `Re-encrypted under key ${result.keyId} in ${result.seconds.toFixed(1)} s: ${counts}.${result.skipped > 0 ? ` ${result.skipped} rows changed meanwhile: run it again to finish them.` : ''}\nBlind indexes are unchanged; lookups by email and phone keep working.\n`,
      );
    }
    return result.skipped > 0 ? 1 : 0;
  });
}
