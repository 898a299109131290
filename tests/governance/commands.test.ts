/**
 * `precis audit`, `precis erase` and `precis backup` as an operator runs them, on an embedded
 * store in a fresh folder: what they print, and their exit codes (0 done, 1 refused/failed, 2 usage).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { runPrecis } from '../helpers/cli.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/db/client.ts';
import { createDataCipher } from '../../src/privacy/crypto.ts';
import { testCipher } from '../helpers/keys.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'precis-gov-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
// The same key as testCipher, so the test can write a customer the commands can read.
const env = { PRECIS_DATA_DIR: dataDir, PRECIS_DATA_KEY: '07'.repeat(32), PRECIS_LOG_LEVEL: 'error' };

const run = (...args: string[]) => runPrecis(args, env);

async function withStore<T>(fn: (store: Awaited<ReturnType<typeof openStore>>) => Promise<T>): Promise<T> {
  const store = await openStore({ kind: 'pglite', dir: dataDir });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

describe('precis audit / erase / backup', () => {
  it('verifies and searches the audit log, and names the entry changed behind its back', async () => {
    expect((await run('role', 'grant', 'U0ALICE01', 'marketer')).code).toBe(0);
    expect((await run('role', 'grant', 'U0BOB0001', 'viewer')).code).toBe(0);
    const ok = await run('audit', 'verify');
    expect(ok.code).toBe(0);
    const [intact, kept] = ok.out.trim().split('\n');
    expect(intact).toBe('Audit log intact: 2 entries, every hash and link checks out.');
    const anchor = /anchor outside the database for the next check: (\d+:[0-9a-f]{32})$/.exec(kept!)![1]!;
    expect((await run('audit', 'verify', '--anchor', anchor)).out).toContain('still has the anchored hash');
    expect((await run('audit', 'verify', '--anchor', 'yesterday')).code).toBe(2);

    // The newest entry removed behind the trigger's back: the chain is still whole, the anchor is gone.
    expect((await run('role', 'grant', 'U0CAROL01', 'viewer')).code).toBe(0);
    const head = /: (\d+:[0-9a-f]{32})$/.exec((await run('audit', 'verify')).out.trim())![1]!;
    await withStore((store) =>
      store.db.transaction(async (tx) => {
        await tx.execute(sql`set local session_replication_role = replica`);
        await tx.execute(sql`delete from audit_log where id = (select max(id) from audit_log)`);
      }),
    );
    expect((await run('audit', 'verify')).code).toBe(0);
    const cut = await run('audit', 'verify', '--anchor', head);
    expect(cut.code).toBe(1);
    expect(cut.out).toContain(`entry ${head.split(':')[0]} fails: it is no longer in the log`);

    const found = await run('audit', 'search', '--action', 'role_grant', '--limit', '1', '--json');
    expect(JSON.parse(found.out)).toMatchObject([{ action: 'role_grant', detail: { userId: 'U0BOB0001', role: 'viewer' } }]);
    expect((await run('audit', 'search', '--since', 'yesterday')).code).toBe(2);

    const id = await withStore(async (store) => {
      const [row] = await store.rows<{ id: unknown }>(sql`select min(id) as id from audit_log`);
      await store.db.transaction(async (tx) => {
        await tx.execute(sql`set local session_replication_role = replica`);
        await tx.execute(sql`update audit_log set detail = jsonb_set(detail, '{role}', '"admin"') where id = ${row!.id}`);
      });
      return Number(row!.id);
    });
    const bad = await run('audit', 'verify', '--json');
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.out)).toMatchObject({ ok: false, checked: 0, firstBroken: { id, reason: 'content_changed' } });
  });

  it('erases a customer by phone and prints counts, never the person', async () => {
    await withStore((store) =>
      store.rows(sql`insert into customers (id, city, email_enc, email_idx, phone_enc, phone_idx, name_enc)
        values (7, 'Hangzhou', ${testCipher.encrypt('li.na@example.cn')}, ${testCipher.blindIndex('email', 'li.na@example.cn')},
                ${testCipher.encrypt('+8613811112222')}, ${testCipher.blindIndex('phone', '+8613811112222')}, ${testCipher.encrypt('Li Na')})`),
    );
    const r = await run('erase', '--customer', '138 1111 2222');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Erased customer 7 at ');
    expect(r.out).toContain('Kept without anything personal, for aggregates: orders 0, events 0.');
    expect(r.out).not.toMatch(/li\.na|13811112222|Li Na/);
    const again = await run('erase', '--customer', 'li.na@example.cn');
    expect(again).toMatchObject({ code: 1, err: expect.stringContaining('No customer matches') });
    expect((await run('erase')).code).toBe(2);
  });

  it('creates a backup, drills it, and refuses to restore over the live store', async () => {
    const file = join(dataDir, 'b.backup');
    const created = await run('backup', 'create', '--out', file);
    expect(created.code).toBe(0);
    expect(created.out).toContain(`Wrote ${file}`);
    const drill = await run('backup', 'drill');
    expect(drill.code).toBe(0);
    expect(drill.out).toMatch(/^customers\s+1\s+1\s+ok$/m);
    expect(drill.out).toMatch(/Drill passed: \d+ tables restored with equal rows and checksums/);
    const refused = await run('backup', 'restore', file);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('is not empty');
  });

  it('rotates the key with a key given in PRECIS_DATA_KEY only once a new one is appended there', async () => {
    const single = await run('keys', 'rotate');
    expect(single.code).toBe(1);
    expect(single.err).toContain('PRECIS_DATA_KEY=<old>,<new>');
  });
});

describe('precis keys rotate (generated key file)', () => {
  const ownDir = mkdtempSync(join(tmpdir(), 'precis-keys-cli-'));
  afterAll(() => rmSync(ownDir, { recursive: true, force: true }));

  it('adds a key to data.key, re-encrypts under it, and the next start reads everything', async () => {
    const ownEnv = { PRECIS_DATA_DIR: ownDir, PRECIS_LOG_LEVEL: 'error' };
    expect((await runPrecis(['db', 'migrate'], ownEnv)).code).toBe(0);
    expect((await runPrecis(['role', 'grant', 'U0CAROL01', 'viewer'], ownEnv)).code).toBe(0); // creates data.key
    const keyLines = () => readFileSync(join(ownDir, 'data.key'), 'utf8').trim().split('\n');
    const root = keyLines()[0]!;
    const store = await openStore({ kind: 'pglite', dir: ownDir });
    const rootCipher = createDataCipher(Buffer.from(root, 'hex'));
    await store.rows(sql`insert into customers (email_enc, email_idx) values (${rootCipher.encrypt('d.x@example.cn')}, ${rootCipher.blindIndex('email', 'd.x@example.cn')})`);
    await store.close();

    const rotated = await runPrecis(['keys', 'rotate'], ownEnv);
    expect(rotated.code).toBe(0);
    expect(keyLines()).toHaveLength(2);
    expect(keyLines()[0]).toBe(root);
    expect(rotated.out).toMatch(/Re-encrypted under key [0-9a-f]{8} in [\d.]+ s: customers 1, quarantine 0/);
    // The next command opens the store with the two-key ring: the lookup and the key check still work.
    const erased = await runPrecis(['erase', '--customer', 'd.x@example.cn'], ownEnv);
    expect(erased.code).toBe(0);
    expect(erased.out).toContain('Erased customer');
  });
});
