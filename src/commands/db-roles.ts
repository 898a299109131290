/**
 * `precis db roles [--check]`: creates the database roles that keep personal columns out of
 * answers (src/db/roles.ts) and grants them, or with --check only says what is missing. Run once
 * by whoever owns the database (it needs CREATEROLE), with the DATABASE_URL Precis uses: the
 * user it connects as becomes a member of both roles, so it can switch into them.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { openStore, targetFromConfig } from '../db/client.ts';
import { isMigrated } from '../db/migrate.ts';
import { checkDbRoles, createDbRoles, dbRoles } from '../db/roles.ts';
import { PrecisError } from '../errors.ts';
import { answerTables } from '../query/execute.ts';
import { parseFlags, type CommandContext } from './common.ts';

const Flags = z.object({ check: z.boolean().default(false) });

export async function dbRolesCommand(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseArgs({ args, options: { check: { type: 'boolean' } } });
  const flags = parseFlags(Flags, values);
  const out = (text: string) => ctx.io.stdout.write(`${text}\n`);
  const store = await openStore(targetFromConfig(ctx.config));
  try {
    // Grants name the tables, so they must exist first; a server is only migrated on request.
    if (!(await isMigrated(store))) throw new PrecisError('not_migrated');
    const tables = answerTables();
    if (!flags.check) await createDbRoles(store, { tables, timeoutMs: ctx.config.statementTimeoutMs });
    const problems = await checkDbRoles(store, tables);
    if (problems.length > 0) {
      ctx.io.stderr.write(`Missing in ${store.description}:\n${problems.map((p) => `- ${p}`).join('\n')}\n${flags.check ? 'Run `precis db roles` as the database owner to set them up.\n' : ''}`);
      return 1;
    }
    const { reader, personal } = dbRoles;
    out(
      `${flags.check ? 'In place' : 'Set up'} in ${store.description}: answers run as ${reader} (reads ${tables.join(', ')} without personal columns; ` +
        `statement timeout ${ctx.config.statementTimeoutMs} ms); exports and erasure run as ${personal}.`,
    );
    return 0;
  } finally {
    await store.close();
  }
}
