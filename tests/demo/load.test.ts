/**
 * `precis demo load`: the demo shop's dirty platform exports, through the whole ingest
 * pipeline. The store must end up with one golden record per person (near enough: identity
 * resolution is scored in the ingest tests), nothing personal in clear, and the quarantine
 * beside it.
 */
import { sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Store } from '../../src/db/client.ts';
import { generateDemo } from '../../src/demo/generate.ts';
import { loadDemo, totalRows, type DemoProgress, type DemoSummary } from '../../src/demo/load.ts';
import { testCipher } from '../helpers/keys.ts';
import { describeEachStore } from '../helpers/stores.ts';

const options = { customers: 300, seed: 11, until: new Date('2026-03-31T16:00:00Z') };
const people = generateDemo(options).customers;

const refusal =
  'The store already has customers, so the demo data was not loaded. ' +
  'Use --replace to delete all customers, orders, products and events and load the demo data in their place.';

describeEachStore('loadDemo', (kind) => {
  let store: Store;
  let drop: () => Promise<void>;
  let summary: DemoSummary;
  const progress: DemoProgress[] = [];

  beforeAll(async () => {
    ({ store, drop } = await kind.open());
    summary = await loadDemo(store, testCipher, options, (p) => progress.push(p));
  });
  afterAll(() => drop?.());

  const one = async <T>(query: SQL) => (await store.rows<T>(query))[0]!;
  const count = async (table: string) => (await one<{ n: number }>(sql`select count(*)::int as n from ${sql.identifier(table)}`)).n;

  it('ingests all twelve platform files and reports what the store holds', async () => {
    expect(summary.batches.map((b) => [b.platform, b.kind, b.status])).toEqual(
      ['tmall', 'jd', 'shopify'].flatMap((p) => ['customers', 'products', 'order_lines', 'events'].map((k) => [p, k, 'loaded'])),
    );
    let stored = 0;
    for (const [table, n] of Object.entries(summary.rows)) {
      const inStore = await count(table);
      expect(inStore, table).toBe(n);
      if (table !== 'quarantine') stored += inStore;
    }
    // The total the progress line prints counts what the shop holds, not what was set aside.
    expect(totalRows(summary)).toBe(stored);
    expect(summary.rows.quarantine).toBeGreaterThan(0);
  });

  it('resolves the platforms’ accounts into about one golden record per person', () => {
    // Each of the 300 people has 1–3 platform accounts; duplicates and typos are injected.
    expect(summary.rows.customer_identities).toBeGreaterThan(350);
    expect(summary.rows.customers).toBeGreaterThanOrEqual(295);
    expect(summary.rows.customers).toBeLessThanOrEqual(310);
  });

  it('reports progress step by step', () => {
    expect(progress.map((p) => p.step)).toEqual(['writing the platforms’ exports', 'ingesting tmall', 'ingesting jd', 'ingesting shopify', 'refreshing segments and recommendations', 'done']);
  });

  // Problem: the demo is full of realistic-looking personal data, and the store is read by many
  // tools. Required behaviour: only ciphertext and blind indexes reach it, quarantine included.
  it('stores no email, phone or name in clear anywhere in customers or the quarantine', async () => {
    const rows = await store.rows<{ row: string }>(sql`select c::text as row from customers c union all select q::text from quarantine q`);
    const text = rows.map((r) => r.row).join('\n');
    const leaked = people.flatMap((c) => [c.personal.email, c.personal.phone, c.personal.name]).filter((value) => text.includes(value));
    expect(leaked).toEqual([]);
  });

  it('finds a customer by the blind index of their email, and decrypts it back', async () => {
    const rows = await store.rows<{ id: number; email_enc: string }>(sql`select id::int as id, email_enc from customers where email_enc is not null order by id limit 1`);
    const email = testCipher.decrypt(rows[0]!.email_enc);
    expect(email).toMatch(/@example\.(com|org|net)$/);
    const found = await store.rows(sql`select id::int as id from customers where email_idx = ${testCipher.blindIndex('email', email)}`);
    expect(found).toEqual([{ id: rows[0]!.id }]);
  });

  it('refuses to load over existing customers, with a sentence saying what to do, and changes nothing', async () => {
    const before = await count('customers');
    await expect(loadDemo(store, testCipher, options)).rejects.toMatchObject({ code: 'input_invalid', message: refusal });
    expect(await count('customers')).toBe(before);
  });

  it('leaves identity sequences past the loaded ids, so inserts without an id work', async () => {
    const max = await one<{ n: number }>(sql`select max(id)::int as n from customers`);
    const inserted = await one<{ id: number }>(sql`insert into customers (city) values ('Test') returning id::int as id`);
    expect(inserted.id).toBeGreaterThan(max.n);
    await store.rows(sql`delete from customers where id = ${inserted.id}`);
  });

  // Runs last: it swaps the data every other test reads.
  it('replaces the demo data when asked, leaving audit, roles and settings alone', async () => {
    await store.rows(sql`insert into roles (user_id, role, granted_by) values ('U123', 'admin', 'test')`);
    await store.rows(sql`insert into audit_log (actor, action, detail, prev_hash, hash) values ('U123', 'test', '{}', '', 'h')`);
    await store.rows(sql`insert into precis_meta (key, value) values ('test', '1')`);
    const replaced = await loadDemo(store, testCipher, { customers: 120, seed: 12, until: options.until, replace: true });
    expect(replaced.rows.customers).toBeGreaterThanOrEqual(115);
    expect(replaced.rows.customers).toBeLessThanOrEqual(125);
    expect([await count('roles'), await count('audit_log'), await count('precis_meta')]).toEqual([1, 1, 1]);
    expect(await count('ingest_batches')).toBe(12);
  });
});
