/**
 * Who may do what. An actor is whoever asks; their role comes from the roles table (Slack users)
 * or, for a local operator at the console or CLI, from owning the installation. One matrix
 * decides every action.
 */
import { eq } from 'drizzle-orm';
import type { Store } from '../db/client.ts';
import { roles, type RoleName } from '../db/schema/index.ts';
import { PrecisError } from '../errors.ts';

export interface Actor {
  /** A Slack user id (U…), or `local:<os user>` for someone at this machine. */
  id: string;
  /** Local operators own the data folder or DATABASE_URL, so they act as admins. */
  local: boolean;
}

export type Action = 'ask' | 'verify' | 'grant_role';

const allowed: Record<Action, readonly RoleName[]> = {
  ask: ['viewer', 'marketer', 'manager', 'admin'],
  verify: ['admin'],
  grant_role: ['admin'],
};

const actionLabel: Record<Action, string> = { ask: 'ask questions', verify: 'mark answers as verified', grant_role: 'grant or revoke roles' };

export async function resolveRole(store: Store, actor: Actor, now: Date): Promise<RoleName | null> {
  if (actor.local) return 'admin';
  const [row] = await store.db.select().from(roles).where(eq(roles.userId, actor.id));
  if (!row || (row.expiresAt && row.expiresAt <= now)) return null;
  return row.role;
}

/** Throws a PrecisError the asker can act on when their role does not allow `action`. */
export function authorize(role: RoleName | null, action: Action): RoleName {
  if (role === null) throw new PrecisError('access_denied');
  if (!allowed[action].includes(role)) throw new PrecisError('role_forbids', { role, action: actionLabel[action] });
  return role;
}
