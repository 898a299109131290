/**
 * Problem: a person who asks to be forgotten must be gone from every table, including the
 * encrypted corners (quarantined raw rows, merge evidence, staging), while last year's revenue
 * must not change.
 * Required behaviour: a canary customer loaded through the real ingest pipeline on two platforms,
 * with orders, an event and quarantined rows (the mall account merged in by email: one link of
 * evidence), is erased by email; afterwards no text or jsonb value anywhere, decrypted where it
 * is ciphertext, contains any of the canary's strings; their
 * orders remain (anonymous) with the same revenue; another customer is untouched; the receipt
 * counts what went and the audit entry holds only ids and counts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { refreshFeatures } from '../../src/analytics/features.ts';
import type { Store } from '../../src/db/client.ts';
import { eraseCustomer, findCustomers } from '../../src/governance/erase.ts';
import { ingestPath } from '../../src/ingest/index.ts';
import { describeEachStore } from '../helpers/stores.ts';
import { testCipher } from '../helpers/keys.ts';

const dir = mkdtempSync(join(tmpdir(), 'precis-erase-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, `${text}\n`);
  return path;
};

/** Strings only the canary has: the forms a scan must never find again. */
const CANARY = { email: 'quinn.canaryfield@example.org', phoneE164: '+8613987654321', phoneNational: '13987654321', name: 'Canaryfield', address: 'Canarywharf', account: 'CNRY7741', mallAccount: 'MALLCNRY88' };

const mapping = (name: string, body: object) => write(`${name}.json`, JSON.stringify({ name, timeZone: 'Asia/Shanghai', dateFormat: 'iso', currency: 'CNY', phoneRegion: 'CN', ...body }));
const shopCustomers = mapping('shop-customers', { kind: 'customers', format: 'csv', columns: { customer_id: 'id', email: 'email', phone: 'phone', name: 'name', address: 'address', city: 'city', postcode: 'zip' } });
const shopOrders = mapping('shop-orders', { kind: 'order_lines', format: 'csv', columns: { order_id: 'order', ordered_at: 'when', customer_id: 'buyer', product_id: 'item', title: 'item_name', quantity: 'qty', unit_price: 'price' } });
const shopEvents = mapping('shop-events', { kind: 'events', format: 'csv', columns: { customer_id: 'who', type: 'what', occurred_at: 'at', product_id: 'item' } });
const mallCustomers = mapping('mall-customers', { kind: 'customers', format: 'ndjson', columns: { customer_id: 'uid', email: 'contact.mail', name: 'nick' } });

const files = {
  customers: write('customers.csv', [
    'id,email,phone,name,address,city,zip',
    `${CANARY.account},Quinn.Canaryfield@Example.org,+86 139 8765 4321,Quinn ${CANARY.name},8 ${CANARY.address} Road,Shanghai,200001`,
    'OTHER1,other.person@example.com,+86 138 0000 1111,Other Person,1 Plain Street,Beijing,100000',
    // No id: quarantined, and only the phone (written another way) says whose it is.
    `,,139-8765-4321,Quinn ${CANARY.name},,Shanghai,`,
  ].join('\n')),
  orders: write('orders.csv', [
    'order,when,buyer,item,item_name,qty,price',
    `A1,2025-11-11 20:00:00,${CANARY.account},p1,Tea,2,10.50`,
    'A2,2025-11-12 09:00:00,OTHER1,p2,Cup,1,5',
    // Day-first date: quarantined; the buyer column says whose it is.
    `A3,13/11/2025 10:00,${CANARY.account},p1,Tea,1,10.50`,
  ].join('\n')),
  events: write('events.csv', ['who,what,at,item', `${CANARY.account},view,2025-11-10 10:00:00,p1`, 'OTHER1,view,2025-11-10 11:00:00,p2'].join('\n')),
  mall: write('mall-customers.ndjson', [
    JSON.stringify({ uid: CANARY.mallAccount, contact: { mail: CANARY.email }, nick: `q${CANARY.name}` }),
    // Unreadable JSON: quarantined as bad_json; only the email inside says whose it is.
    `{"uid": "MALL2", "contact": {"mail": "${CANARY.email}"}, "nick": `,
  ].join('\n')),
};

const now = new Date('2026-11-28T00:00:00Z');
const admin = { id: 'local:ops', local: true };

describeEachStore('erasure', (kind) => {
  let store: Store;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ store, drop } = await kind.open());
    const load = (path: string, platform: string, mappingPath: string) => ingestPath(store, testCipher, path, { platform, baseCurrency: 'CNY', now, dryRun: false, mapping: mappingPath });
    await load(files.customers, 'shop', shopCustomers);
    await load(files.mall, 'mall', mallCustomers);
    await load(files.orders, 'shop', shopOrders);
    await load(files.events, 'shop', shopEvents);
  });
  afterAll(() => drop());

  /** Every text and jsonb value of every table, decrypted where it is ciphertext. */
  async function everyValue(): Promise<string[]> {
    const columns = await store.rows<{ table_name: string; column_name: string }>(sql`
      select table_name, column_name from information_schema.columns
      where table_schema = 'public' and data_type in ('text', 'jsonb', 'json', 'character', 'character varying') order by 1, 2`);
    const values: string[] = [];
    for (const c of columns) {
      const rows = await store.rows<{ v: string | null }>(sql`select ${sql.identifier(c.column_name)}::text as v from ${sql.identifier(c.table_name)}`);
      for (const { v } of rows) if (v !== null) values.push(/^v[12]:/.test(v) ? testCipher.decrypt(v) : v);
    }
    return values;
  }
  const traces = (values: string[]) => values.filter((v) => Object.values(CANARY).some((c) => v.toLowerCase().includes(c.toLowerCase())));
  const revenue = async () => Number((await store.rows<{ r: unknown }>(sql`select sum(total_base_minor)::int as r from orders`))[0]!.r);

  it('finds the canary by email, by phone in another spelling, and by id, as one golden record', async () => {
    const [byEmail] = [await findCustomers(store, testCipher, ' QUINN.canaryfield@example.org', 'CN')];
    expect(byEmail).toHaveLength(1);
    expect(await findCustomers(store, testCipher, '139 8765 4321', 'CN')).toEqual(byEmail);
    expect(await findCustomers(store, testCipher, `id:${byEmail![0]}`, 'CN')).toEqual(byEmail);
    // The test is only meaningful if the canary really is everywhere before erasure.
    const before = traces(await everyValue());
    expect(before.length).toBeGreaterThanOrEqual(8);
  });

  it('erases every trace, keeps the orders anonymously, and prints counts only', async () => {
    const revenueBefore = await revenue();
    const [otherId] = await findCustomers(store, testCipher, 'other.person@example.com', 'CN');
    const receipt = await eraseCustomer(store, testCipher, admin, CANARY.email, { phoneRegion: 'CN', now });

    expect(receipt.removed).toMatchObject({ customer_identities: 2, identity_links: 1, customer_features: 1, quarantine: 3 });
    expect(receipt.kept).toEqual({ orders: 1, events: 1 });
    expect(receipt.cleared.customers).toBe(1);
    expect(traces(await everyValue())).toEqual([]);
    expect(await revenue()).toBe(revenueBefore);
    // A later feature refresh does not put the erased record back into a segment.
    await refreshFeatures(store, { now });
    const [features] = await store.rows<{ n: number }>(sql`select count(*)::int as n from customer_features where customer_id = ${receipt.customerIds[0]}`);
    expect(features?.n).toBe(0);

    const [other] = await store.rows<{ email_enc: string; erased_at: unknown }>(sql`select email_enc, erased_at from customers where id = ${otherId}`);
    expect(testCipher.decrypt(other!.email_enc)).toBe('other.person@example.com');
    expect(other!.erased_at).toBeNull();

    const [entry] = await store.rows<{ actor: string; detail: unknown }>(sql`select actor, detail from audit_log where action = 'erase'`);
    expect(entry).toEqual({ actor: 'local:ops', detail: { customerIds: receipt.customerIds, removed: receipt.removed, kept: receipt.kept } });
  });

  it('no longer finds the erased person by email or phone, and says so', async () => {
    await expect(eraseCustomer(store, testCipher, admin, CANARY.phoneE164, { phoneRegion: 'CN', now })).rejects.toThrow(/No customer matches/);
  });

  it('refuses a role that may not erase', async () => {
    await store.rows(sql`insert into roles (user_id, role, granted_by) values ('U0MARKETER', 'marketer', 'test')`);
    await expect(eraseCustomer(store, testCipher, { id: 'U0MARKETER', local: false }, 'other.person@example.com', { phoneRegion: 'CN', now })).rejects.toThrow(/may not erase a customer/);
  });
});
