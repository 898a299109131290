/**
 * Problem: one wrong cell in the role × action matrix lets a viewer approve exports or an expired
 * contractor keep asking. Required behaviour: every role may do exactly what the policy below
 * says, someone without a role (or whose role expired) may do nothing and is told how to ask for
 * access, and no admin approves their own access.
 *
 * The policy is written out here on purpose, independently of src/privacy/access.ts: a change to
 * the matrix must change this table too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/client.ts';
import { roleNames, type RoleName } from '../../src/db/schema/index.ts';
import { PrecisError } from '../../src/errors.ts';
import { actions, authorize, resolveRole, type Action, type Actor } from '../../src/privacy/access.ts';
import { grantRole, revokeRole } from '../../src/privacy/roles.ts';
import { describeEachStore } from '../helpers/stores.ts';

const V = 'viewer', MK = 'marketer', MG = 'manager', A = 'admin';
const policy: Record<Action, readonly RoleName[]> = {
  ask: [V, MK, MG, A],
  verify: [A],
  list_customers: [MK, MG, A],
  save_segment: [MK, MG, A],
  grant_role: [A],
  read_quality: [MK, MG, A],
  manage_schedules: [A],
  request_export: [MK, MG, A],
  approve_export: [A],
  erase_customer: [A],
  manage_backups: [A],
  read_audit: [A],
  review_access: [A],
};

const operator: Actor = { id: 'local:tester', local: true };
const now = new Date('2026-11-29T03:00:00Z');
const user = (role: RoleName) => `U0${role.toUpperCase()}`;

/** The error code authorize throws, or 'allowed'. */
function outcome(role: RoleName | null, action: Action): string {
  try {
    authorize(role, action);
    return 'allowed';
  } catch (err) {
    return (err as PrecisError).code;
  }
}

describe('the role × action matrix', () => {
  it('has a policy for every action there is', () => {
    expect([...actions].sort()).toEqual(Object.keys(policy).sort());
  });
});

describeEachStore('access', (kind) => {
  let store: Store;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    ({ store, drop } = await kind.open());
    for (const role of roleNames) await grantRole(store, operator, user(role), role, null, now);
    // Granted a day earlier, until a second before now.
    await grantRole(store, operator, 'U0EXPIRED', 'admin', new Date('2026-11-29T02:59:59Z'), new Date(now.getTime() - 86_400_000));
    await grantRole(store, operator, 'U0EXPIRING', 'admin', new Date('2026-11-29T03:00:01Z'), now);
  });
  afterAll(() => drop());

  describe.each(roleNames)('a %s', (role) => {
    it.each(actions)('may %s only if the policy says so', async (action) => {
      const resolved = await resolveRole(store, { id: user(role), local: false }, now);
      expect(resolved).toBe(role);
      expect(outcome(resolved, action)).toBe(policy[action].includes(role) ? 'allowed' : 'role_forbids');
    });
  });

  it.each(actions)('someone without a role may not %s', async (action) => {
    expect(outcome(await resolveRole(store, { id: 'U0STRANGER', local: false }, now), action)).toBe('access_denied');
  });

  it.each(actions)('an admin whose role expired may not %s', async (action) => {
    expect(outcome(await resolveRole(store, { id: 'U0EXPIRED', local: false }, now), action)).toBe('access_denied');
  });

  it('honours an expiry to the second', async () => {
    const expiring = { id: 'U0EXPIRING', local: false };
    expect(await resolveRole(store, expiring, now)).toBe('admin');
    expect(await resolveRole(store, expiring, new Date('2026-11-29T03:00:01Z'))).toBeNull();
  });

  it('treats a local operator as an admin', async () => {
    expect(await resolveRole(store, operator, now)).toBe('admin');
  });

  it('tells someone without a role how to ask for access, in both languages', () => {
    const refusal = new PrecisError('access_denied');
    expect(refusal.userMessage('en')).toContain('Ask an admin to grant you a role (`/precis role grant @you marketer`)');
    expect(refusal.userMessage('zh')).toContain('/precis role grant');
  });

  it('says which role forbids what', () => {
    expect(() => authorize('viewer', 'approve_export')).toThrow('Your role (viewer) may not approve or deny exports.');
  });

  it('refuses an admin who grants, extends or revokes their own role', async () => {
    const admin = { id: user('admin'), local: false };
    const self = (run: () => Promise<unknown>) => run().then(() => 'done', (err: PrecisError) => err.code);
    expect(await self(() => grantRole(store, admin, admin.id, 'admin', null, now))).toBe('role_self_change');
    expect(await self(() => revokeRole(store, admin, admin.id, now))).toBe('role_self_change');
    // The expiring admin cannot renew themselves; another admin can.
    expect(await self(() => grantRole(store, { id: 'U0EXPIRING', local: false }, 'U0EXPIRING', 'admin', null, now))).toBe('role_self_change');
    expect(await self(() => grantRole(store, admin, 'U0EXPIRING', 'admin', null, now))).toBe('done');
    expect(await resolveRole(store, { id: 'U0EXPIRING', local: false }, new Date('2027-01-01T00:00:00Z'))).toBe('admin');
  });

  it('lets only admins grant roles', async () => {
    const manager = { id: user('manager'), local: false };
    expect(await grantRole(store, manager, 'U0NEWCOMER', 'viewer', null, now).catch((err: PrecisError) => err.code)).toBe('role_forbids');
    // A grant that would already have ended is refused, not recorded as given.
    const past = await grantRole(store, operator, 'U0LATE', 'viewer', new Date(now.getTime() - 1000), now).catch((err: PrecisError) => err);
    expect(past).toMatchObject({ code: 'usage', message: expect.stringMatching(/already past/) });
    expect(await resolveRole(store, { id: 'U0LATE', local: false }, now)).toBeNull();
    expect(await resolveRole(store, { id: 'U0NEWCOMER', local: false }, now)).toBeNull();
  });
});
