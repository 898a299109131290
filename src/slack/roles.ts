/**
 * `/precis role grant @someone <role> [YYYY-MM-DD] | revoke @someone | list` — what the
 * access refusal tells people to ask an admin for. Admins only (src/privacy/roles.ts decides
 * and audits); the reply goes only to the admin who typed it.
 */
import type { Store } from '../db/client.ts';
import { PrecisError, toPrecisError } from '../errors.ts';
import type { Lang } from '../messages/index.ts';
import { authorize, resolveRole, type Actor } from '../privacy/access.ts';
import { redactText } from '../privacy/redact.ts';
import { grantRole, listRoles, revokeRole } from '../privacy/roles.ts';
import type { Door } from './reply.ts';
import { word } from './words.ts';

/** `<@U012ABC|ann>` (a mention, with should_escape) or a bare `U012ABC`. */
const USER = /^(?:<@([UW][A-Z0-9]{2,})(?:\|[^>]*)?>|([UW][A-Z0-9]{2,}))$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const userOf = (token: string | undefined): string => {
  const m = USER.exec(token ?? '');
  if (!m) throw new PrecisError('usage', { detail: 'Mention the person: /precis role grant @someone marketer' });
  return (m[1] ?? m[2])!;
};

/** Runs the role subcommand in `args` (the words after "role"); returns the reply, a refusal or an apology. */
export async function roleReply(door: Door, by: Actor, args: string[], lang: Lang): Promise<string> {
  try {
    return await runRole(door.deps.store, by, args, lang, (door.deps.clock ?? (() => new Date()))());
  } catch (err) {
    const e = toPrecisError(err);
    if (e.code === 'internal') door.deps.log.error('slack_role_failed', { requestId: door.requestId, ref: e.params.ref, detail: redactText(e.detail ?? '').text });
    return e.userMessage(lang);
  }
}

async function runRole(store: Store, by: Actor, args: string[], lang: Lang, now: Date): Promise<string> {
  const [sub, who, role, until] = args;
  if (sub === 'grant') {
    const userId = userOf(who);
    if (until !== undefined && !DATE.test(until)) throw new PrecisError('usage', { detail: 'The end date looks like 2027-01-31.' });
    await grantRole(store, by, userId, role ?? '', until ? new Date(`${until}T23:59:59Z`) : null, now);
    return word(lang, until ? 'role_granted_until' : 'role_granted', { user: userId, role: role ?? '', until: until ?? '' });
  }
  if (sub === 'revoke') {
    const userId = userOf(who);
    return word(lang, (await revokeRole(store, by, userId, now)) ? 'role_revoked' : 'role_none', { user: userId });
  }
  if (sub === 'list') {
    authorize(await resolveRole(store, by, now), 'grant_role');
    const rows = await listRoles(store);
    if (rows.length === 0) return word(lang, 'role_list_empty');
    return rows.map((r) => `<@${r.userId}>  ${r.role}${r.expiresAt ? `  → ${r.expiresAt.toISOString().slice(0, 10)}` : ''}`).join('\n');
  }
  throw new PrecisError('usage', { detail: '/precis role grant @someone <viewer|marketer|manager|admin> [YYYY-MM-DD] | revoke @someone | list' });
}
