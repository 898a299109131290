/**
 * Problem: an audit log anyone can quietly edit proves nothing.
 * Required behaviour: the store refuses UPDATE, DELETE and TRUNCATE on audit_log; and when
 * someone able to switch triggers off edits or removes an entry anyway, verification fails and
 * names the first entry that no longer checks out. Search finds entries by actor, action and time.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Store } from '../../src/db/client.ts';
import { recordAudit, searchAudit, verifyAuditChain } from '../../src/privacy/audit.ts';
import { describeEachStore } from '../helpers/stores.ts';

describeEachStore('audit log', (kind) => {
  let store: Store;
  let drop: () => Promise<void>;
  const ids: number[] = [];

  beforeAll(async () => {
    ({ store, drop } = await kind.open());
    const entries = [
      { actor: 'U01ALICE', action: 'question', detail: { question: 'revenue by city', rows: 12, redactedColumns: [], skipped: undefined } },
      { actor: 'U02BOB', action: 'role_grant', detail: { userId: 'U01ALICE', role: 'marketer' } },
      { actor: 'U01ALICE', action: 'question', detail: { question: '上个月各平台的销售额', rows: 3, nested: { b: 1, a: [1.5, 'x'] } } },
      { actor: 'local:ops', action: 'erase', detail: { customerId: 42 } },
    ];
    for (const [i, entry] of entries.entries()) await recordAudit(store, entry, new Date(Date.UTC(2026, 10, 1 + i, 8)));
    ids.push(...(await store.rows<{ id: unknown }>(sql`select id from audit_log order by id`)).map((r) => Number(r.id)));
  });
  afterAll(() => drop());

  /** Changes the log the way only an owner who switches triggers off could. */
  const tamper = (statement: ReturnType<typeof sql>) =>
    store.db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(statement);
    });

  it('verifies an untouched chain entry by entry', async () => {
    const [last] = await store.rows<{ id: unknown; hash: string }>(sql`select id, hash from audit_log order by id desc limit 1`);
    expect(await verifyAuditChain(store)).toEqual({ ok: true, checked: 4, head: { id: Number(last!.id), hash: last!.hash } });
    // An anchor taken from the log (a prefix of the hash is enough) checks out; another hash does not.
    expect((await verifyAuditChain(store, { id: Number(last!.id), hash: last!.hash.slice(0, 16) })).ok).toBe(true);
    expect((await verifyAuditChain(store, { id: Number(last!.id), hash: '0'.repeat(16) })).firstBroken?.reason).toBe('anchor_mismatch');
  });

  it('refuses UPDATE, DELETE and TRUNCATE', async () => {
    // Drizzle wraps the driver's error; the trigger's own message is its cause.
    const refused = { cause: { message: expect.stringMatching(/audit_log is append-only/) } };
    await expect(store.rows(sql`update audit_log set actor = 'someone else' where id = ${ids[0]}`)).rejects.toMatchObject(refused);
    await expect(store.rows(sql`delete from audit_log where id = ${ids[1]}`)).rejects.toMatchObject(refused);
    await expect(store.rows(sql`truncate audit_log`)).rejects.toMatchObject(refused);
    const [{ n }] = (await store.rows(sql`select count(*)::int as n from audit_log`)) as [{ n: number }];
    expect(n).toBe(4);
  });

  it('finds entries by actor, action and time, newest first', async () => {
    const alice = await searchAudit(store, { actor: 'U01ALICE', limit: 10 });
    expect(alice.map((r) => r.id)).toEqual([ids[2], ids[0]]);
    const grants = await searchAudit(store, { action: 'role_grant', limit: 10 });
    expect(grants.map((r) => r.detail)).toEqual([{ userId: 'U01ALICE', role: 'marketer' }]);
    const window = await searchAudit(store, { since: new Date('2026-11-02T00:00:00Z'), until: new Date('2026-11-04T00:00:00Z'), limit: 10 });
    expect(window.map((r) => r.id)).toEqual([ids[2], ids[1]]);
    expect(await searchAudit(store, { limit: 1 })).toHaveLength(1);
  });

  it('names the edited entry when one detail is changed behind the trigger', async () => {
    await tamper(sql`update audit_log set detail = jsonb_set(detail, '{rows}', '300') where id = ${ids[2]}`);
    expect(await verifyAuditChain(store)).toEqual({ ok: false, checked: 2, firstBroken: { id: ids[2], at: '2026-11-03T08:00:00.000Z', reason: 'content_changed' } });
  });

  it('names the entry after a removed one', async () => {
    await tamper(sql`delete from audit_log where id = ${ids[0]}`);
    const verdict = await verifyAuditChain(store);
    expect(verdict.firstBroken).toEqual({ id: ids[1], at: '2026-11-02T08:00:00.000Z', reason: 'link_broken' });
  });
});
