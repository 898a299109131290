/** Granting and revoking roles; every change is audited. Only admins (or a local operator) may. */
import { asc, eq } from 'drizzle-orm';
import type { Store } from '../db/client.ts';
import { roleNames, roles, type RoleName } from '../db/schema/index.ts';
import { PrecisError } from '../errors.ts';
import { authorize, resolveRole, type Actor } from './access.ts';
import { recordAudit } from './audit.ts';

export const isRoleName = (text: string): text is RoleName => (roleNames as readonly string[]).includes(text);

/**
 * No one approves their own access: an admin cannot extend, raise or drop their own role (an
 * expiring admin would otherwise renew themselves); another admin, or a local operator, must.
 */
function refuseSelfChange(by: Actor, userId: string): void {
  if (!by.local && by.id === userId) throw new PrecisError('role_self_change');
}

export async function grantRole(store: Store, by: Actor, userId: string, role: string, expiresAt: Date | null, now = new Date()): Promise<void> {
  authorize(await resolveRole(store, by, now), 'grant_role');
  refuseSelfChange(by, userId);
  if (!isRoleName(role)) throw new PrecisError('usage', { detail: `"${role}" is not a role; roles are ${roleNames.join(', ')}` });
  // A grant that has already ended would be recorded (and audited) as given while granting nothing.
  if (expiresAt && expiresAt <= now) throw new PrecisError('usage', { detail: `${expiresAt.toISOString().slice(0, 10)} is already past: a role must expire after today` });
  await store.db
    .insert(roles)
    .values({ userId, role, grantedBy: by.id, grantedAt: now, expiresAt })
    .onConflictDoUpdate({ target: roles.userId, set: { role, grantedBy: by.id, grantedAt: now, expiresAt } });
  await recordAudit(store, { actor: by.id, action: 'role_grant', detail: { userId, role, expiresAt: expiresAt?.toISOString() ?? null } }, now);
}

export async function revokeRole(store: Store, by: Actor, userId: string, now = new Date()): Promise<boolean> {
  authorize(await resolveRole(store, by, now), 'grant_role');
  refuseSelfChange(by, userId);
  const removed = await store.db.delete(roles).where(eq(roles.userId, userId)).returning({ userId: roles.userId });
  await recordAudit(store, { actor: by.id, action: 'role_revoke', detail: { userId, removed: removed.length > 0 } }, now);
  return removed.length > 0;
}

export async function listRoles(store: Store) {
  return store.db.select().from(roles).orderBy(asc(roles.userId));
}
