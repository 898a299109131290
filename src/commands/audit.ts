/** `precis audit verify [--json]` and `precis audit search [--actor A] [--action X] [--since D] [--until D] [--limit N] [--json]`. */
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { PrecisError } from '../errors.ts';
import { authorize, resolveRole, type Actor } from '../privacy/access.ts';
import { formatAnchor, parseAnchor, searchAudit, verifyAuditChain } from '../privacy/audit.ts';
import { parseFlags, withMaintenanceStore, type CommandContext } from './common.ts';

const USAGE = 'precis audit verify [--anchor <id>:<hash>] [--json] | search [--actor A] [--action X] [--since YYYY-MM-DD] [--until YYYY-MM-DD] [--limit N] [--json]';

/** A date, or a full ISO timestamp; a bare date means midnight UTC. */
const Instant = (flag: string) =>
  z.union([z.iso.date(), z.iso.datetime({ offset: true })], { error: `${flag} takes a date such as 2026-11-01 or a time such as 2026-11-01T08:00:00Z` }).transform((v) => new Date(v.length === 10 ? `${v}T00:00:00Z` : v));

const SearchFlags = z.object({
  actor: z.string().min(1).optional(),
  action: z.string().min(1).optional(),
  since: Instant('--since').optional(),
  until: Instant('--until').optional(),
  limit: z.coerce.number({ error: '--limit takes a number' }).int().min(1, '--limit must be at least 1').max(100_000).default(50),
  json: z.boolean().default(false),
});

export async function auditCommand(args: string[], ctx: CommandContext): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'verify' && sub !== 'search') throw new PrecisError('usage', { detail: USAGE });
  const { values } = parseArgs({
    args: rest,
    options: { json: { type: 'boolean' }, anchor: { type: 'string' }, actor: { type: 'string' }, action: { type: 'string' }, since: { type: 'string' }, until: { type: 'string' }, limit: { type: 'string' } },
  });
  const operator: Actor = { id: `local:${userInfo().username}`, local: true };
  const out = (text: string) => ctx.io.stdout.write(`${text}\n`);
  return withMaintenanceStore(ctx, async (store) => {
    authorize(await resolveRole(store, operator, new Date()), 'read_audit');
    if (sub === 'verify') {
      const anchor = values.anchor === undefined ? undefined : parseAnchor(values.anchor);
      if (values.anchor !== undefined && !anchor) throw new PrecisError('usage', { detail: '--anchor takes an entry id and its hash, as printed by the last verify: 1234:9f2c0e…' });
      const verdict = await verifyAuditChain(store, anchor);
      if (values.json) out(JSON.stringify(verdict));
      else if (verdict.ok) {
        out(`Audit log intact: ${verdict.checked.toLocaleString('en-US')} entries, every hash and link checks out${anchor ? `, and entry ${anchor.id} still has the anchored hash` : ''}.`);
        if (verdict.head) out(`Keep this anchor outside the database for the next check: ${formatAnchor(verdict.head)}`);
      } else {
        const b = verdict.firstBroken!;
        const why = {
          content_changed: 'its content no longer matches its hash (edited)',
          link_broken: 'it does not follow the entry before it (an entry was removed or inserted)',
          anchor_mismatch: 'its hash is not the anchored one (the log was rewritten from here)',
          anchor_missing: 'it is no longer in the log (the newest entries were removed)',
        }[b.reason];
        out(`Audit log TAMPERED: entry ${b.id}${b.at ? ` (${b.at})` : ''} fails: ${why}. ${verdict.checked.toLocaleString('en-US')} entries check out before it.`);
      }
      return verdict.ok ? 0 : 1;
    }
    const flags = parseFlags(SearchFlags, values);
    const rows = await searchAudit(store, flags);
    if (flags.json) {
      out(JSON.stringify(rows));
      return 0;
    }
    if (rows.length === 0) out('No audit entries match.');
    for (const r of rows) out(`${r.id}  ${r.at.toISOString()}  ${r.actor}  ${r.action}  ${JSON.stringify(r.detail)}`);
    return 0;
  });
}
