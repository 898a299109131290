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

export type Action =
  | 'ask'
  | 'verify'
  | 'list_customers'
  | 'save_segment'
  | 'grant_role'
  | 'read_quality'
  | 'manage_schedules'
  | 'request_export'
  | 'approve_export'
  | 'erase_customer'
  | 'manage_backups'
  | 'read_audit'
  | 'review_access';

/** The one role × action matrix. A role not listed for an action may not do it. */
const allowed: Record<Action, readonly RoleName[]> = {
  ask: ['viewer', 'marketer', 'manager', 'admin'],
  verify: ['admin'],
  list_customers: ['marketer', 'manager', 'admin'],
  save_segment: ['marketer', 'manager', 'admin'],
  grant_role: ['admin'],
  read_quality: ['marketer', 'manager', 'admin'],
  manage_schedules: ['admin'],
  request_export: ['marketer', 'manager', 'admin'],
  approve_export: ['admin'],
  erase_customer: ['admin'],
  manage_backups: ['admin'],
  read_audit: ['admin'],
  review_access: ['admin'],
};

const actionLabel: Record<Action, string> = {
  ask: 'ask questions',
  verify: 'mark answers as verified',
  list_customers: 'see lists of individual customers or their recommendations',
  save_segment: 'save custom segments',
  grant_role: 'grant or revoke roles',
  read_quality: 'read data-quality reports',
  manage_schedules: 'manage scheduled reports',
  request_export: 'request exports',
  approve_export: 'approve or deny exports',
  erase_customer: 'erase a customer',
  manage_backups: 'create or restore backups',
  read_audit: 'read or verify the audit log',
  review_access: 'review who has access',
};

/** Every action, for the access review and for tests that walk the whole matrix. */
export const actions = Object.keys(allowed) as Action[];

/** Whether `role` may do `action`, without throwing (for listings such as the access review). */
export const permits = (role: RoleName, action: Action): boolean => allowed[action].includes(role);

export async function resolveRole(store: Store, actor: Actor, now: Date): Promise<RoleName | null> {
  if (actor.local) return 'admin';
  const [row] = await store.db.select().from(roles).where(eq(roles.userId, actor.id));
  if (!row || (row.expiresAt && row.expiresAt <= now)) return null;
  return row.role;
}

/** Throws a PrecisError the asker can act on when their role does not allow `action`. */
export function authorize(role: RoleName | null, action: Action): RoleName {
  if (role === null) throw new PrecisError('access_denied');
  if (!permits(role, action)) throw new PrecisError('role_forbids', { role, action: actionLabel[action] });
  return role;
}
