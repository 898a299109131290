/**
 * `precis backup create [--out FILE] | restore <file> [--force] | drill [--file F] [--json]`.
 * Restore works on the configured store without opening (or migrating) it first: an empty
 * target must stay empty until the backup fills it.
 */
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { targetFromConfig } from '../db/client.ts';
import { PrecisError } from '../errors.ts';
import { createBackup, drillBackup, drillTable, restoreBackup } from '../governance/backup.ts';
import { t } from '../messages/index.ts';
import { authorize, resolveRole, type Actor } from '../privacy/access.ts';
import { loadDataCipher } from '../privacy/data-key.ts';
import { parseFlags, withMaintenanceStore, type CommandContext } from './common.ts';

const USAGE = 'precis backup create [--out FILE] | restore <file> [--force] | drill [--file FILE] [--json]';

const Flags = z.object({
  out: z.string().min(1).optional(),
  file: z.string().min(1).optional(),
  force: z.boolean().default(false),
  json: z.boolean().default(false),
});

/** precis-<kind>-20261129-031500.backup, in the working folder. */
const defaultName = (kind: string, now: Date) => `precis-${kind}-${now.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-')}.backup`;

export async function backupCommand(args: string[], ctx: CommandContext): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({ args: rest, options: { out: { type: 'string' }, file: { type: 'string' }, force: { type: 'boolean' }, json: { type: 'boolean' } }, allowPositionals: true });
  const flags = parseFlags(Flags, values);
  const operator: Actor = { id: `local:${userInfo().username}`, local: true };
  const out = (text: string) => ctx.io.stdout.write(`${text}\n`);

  if (sub === 'restore') {
    const file = positionals[0];
    if (!file) throw new PrecisError('usage', { detail: `precis backup restore needs the backup file. ${USAGE}` });
    // Only a local operator (who owns DATABASE_URL or the data folder, hence an admin) reaches this door.
    const cipher = loadDataCipher(ctx.config, (path) => ctx.io.stderr.write(`${t(ctx.config.lang, 'setup.key_generated', { path })}\n`));
    const target = targetFromConfig(ctx.config);
    const { seconds } = await restoreBackup(target, cipher, operator.id, file, { force: flags.force });
    out(`Restored ${file} into the ${target.kind === 'postgres' ? 'PostgreSQL database' : 'embedded database'} in ${seconds.toFixed(1)} s.`);
    return 0;
  }
  if (sub !== 'create' && sub !== 'drill') throw new PrecisError('usage', { detail: USAGE });
  return withMaintenanceStore(ctx, async (store, cipher) => {
    authorize(await resolveRole(store, operator, new Date()), 'manage_backups');
    if (sub === 'create') {
      const now = new Date();
      const result = await createBackup(store, cipher, operator.id, flags.out ?? defaultName(store.kind, now), now);
      out(`Wrote ${result.path} (${result.bytes.toLocaleString('en-US')} bytes, encrypted with the data key) in ${result.seconds.toFixed(1)} s. Keep the data key: without it the backup cannot be read.`);
      return 0;
    }
    const result = await drillBackup(store, cipher, operator.id, { file: flags.file });
    if (flags.json) out(JSON.stringify(result));
    else {
      out(drillTable(result));
      const failing = result.tables.filter((x) => !x.ok).length;
      out(result.ok ? `Drill passed: ${result.tables.length} tables restored with equal rows and checksums (${result.seconds.toFixed(1)} s).` : `Drill FAILED: ${failing} of ${result.tables.length} tables differ.`);
    }
    return result.ok ? 0 : 1;
  });
}
