/**
 * Problem: a data key must be replaceable without taking Precis down or losing the ability to
 * find customers by email or phone.
 * Required behaviour: after rotation every personal ciphertext (customers, quarantine, staging)
 * is under the new key id and reads back the same; the old key alone can no longer read them;
 * blind-index lookups and the store's key check still work; a second run has nothing to do.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Store } from '../../src/db/client.ts';
import { findCustomers } from '../../src/governance/erase.ts';
import { rotateKeys } from '../../src/governance/keys.ts';
import { createKeyRing } from '../../src/privacy/crypto.ts';
import { checkKeyMatchesStore } from '../../src/privacy/data-key.ts';
import { describeEachStore } from '../helpers/stores.ts';

const oldKey = randomBytes(32);
const before = createKeyRing([oldKey]);
const after = createKeyRing([oldKey, randomBytes(32)]);

describeEachStore('key rotation', (kind) => {
  let store: Store;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ store, drop } = await kind.open());
    await checkKeyMatchesStore(store, before);
    for (const [email, phone] of [['a.li@example.cn', '+8613800000001'], ['b.wu@example.cn', '+8613800000002']] as const) {
      await store.rows(sql`insert into customers (email_enc, email_idx, phone_enc, phone_idx, name_enc)
        values (${before.encrypt(email)}, ${before.blindIndex('email', email)}, ${before.encrypt(phone)}, ${before.blindIndex('phone', phone)}, ${before.encrypt(`name of ${email}`)})`);
    }
    await store.rows(sql`insert into ingest_batches (id, platform, source, kind, mapping, checksum, status) values (1, 'shop', 'x.csv', 'customers', 'm', 'c', 'loaded')`);
    await store.rows(sql`insert into quarantine (batch_id, source_line, raw, reasons) values (1, 2, ${before.encrypt(',a.li@example.cn,')}, '["missing:customer_id"]')`);
    await store.rows(sql`insert into stage_customers (batch_id, line, platform_customer_id, email_enc, completeness) values (1, 3, 'p', ${before.encrypt('c.z@example.cn')}, 1)`);
  });
  afterAll(() => drop());

  const tokens = async () =>
    (await store.rows<{ v: string }>(sql`
      select email_enc as v from customers union all select phone_enc from customers union all select name_enc from customers
      union all select raw from quarantine union all select email_enc from stage_customers`)).map((r) => r.v);

  it('re-encrypts every personal value under the new key id, readable as before', async () => {
    const plain = (await tokens()).map((t) => before.decrypt(t));
    const result = await rotateKeys(store, after, 'local:ops');
    expect(result).toMatchObject({ keyId: after.keyId, reencrypted: { customers: 6, quarantine: 1, stage_customers: 1, stage_quarantine: 0 }, skipped: 0 });
    const now = await tokens();
    expect(now.every((t) => t.startsWith(`v2:${after.keyId}:`))).toBe(true);
    expect(now.map((t) => after.decrypt(t))).toEqual(plain);
    expect(() => before.decrypt(now[0]!)).toThrow(/not in the key ring/);
  });

  it('keeps blind-index lookups and the key check working, and has nothing left to do after', async () => {
    expect(await findCustomers(store, after, 'B.Wu@example.cn', 'CN')).toHaveLength(1);
    expect(await findCustomers(store, after, '138 0000 0001', 'CN')).toHaveLength(1);
    await expect(checkKeyMatchesStore(store, after)).resolves.toBeUndefined();
    expect((await rotateKeys(store, after, 'local:ops')).reencrypted).toEqual({ customers: 0, quarantine: 0, stage_customers: 0, stage_quarantine: 0 });
    const [entry] = await store.rows<{ detail: unknown }>(sql`select detail from audit_log where action = 'keys_rotate' order by id limit 1`);
    expect(entry?.detail).toEqual({ keyId: after.keyId, reencrypted: { customers: 6, quarantine: 1, stage_customers: 1, stage_quarantine: 0 }, skipped: 0 });
  });
});
