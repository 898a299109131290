import { sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Store } from '../../src/db/client.ts';
import { generateDemo } from '../../src/demo/generate.ts';
import { loadDemo, totalRows, type DemoProgress, type DemoSummary } from '../../src/demo/load.ts';
import { testCipher } from '../helpers/keys.ts';
import { describeEachStore } from '../helpers/stores.ts';

const options = { customers: 300, seed: 11, until: new Date('2026-03-31T16:00:00Z') };
const data = generateDemo(options);

/** What each table must hold after loading `data`, in foreign-key order. */
const expectedRows = {
  categories: data.categories.length,
  products: data.products.length,
  product_aliases: data.productAliases.length,
  customers: data.customers.length,
  customer_identities: data.customerIdentities.length,
  orders: data.orders.length,
  order_items: data.orderItems.length,
  events: data.events.length,
};

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
  afterAll(async () => {
    await drop?.();
  });

  const one = async <T>(query: SQL) => (await store.rows<T>(query))[0]!;
  const countRows = async (tables: string[]) =>
    Object.fromEntries(
      await Promise.all(tables.map(async (t) => [t, (await one<{ n: number }>(sql`select count(*)::int as n from ${sql.identifier(t)}`)).n])),
    );

  it('loads exactly the rows the generator makes, and reports them', async () => {
    expect(summary.rows).toEqual(expectedRows);
    expect(totalRows(summary)).toBe(Object.values(expectedRows).reduce((a, b) => a + b));
    expect(await countRows(Object.keys(expectedRows))).toEqual(expectedRows);
  });

  it('reports progress once per table, parents before children', () => {
    const tables = Object.entries(expectedRows);
    expect(progress).toEqual(tables.map(([table, rows], i) => ({ table, rows, done: i + 1, total: tables.length })));
  });

  // Problem: the demo set is full of realistic-looking personal data, and the customers table is
  // read by many tools. Required behaviour: only ciphertext and blind indexes reach it.
  it('stores no email, phone, name or address in clear anywhere in the customers table', async () => {
    const rows = await store.rows<{ row: string }>(sql`select c::text as row from customers c`);
    const text = rows.map((r) => r.row).join('\n');
    const leaked = data.customers.flatMap((c) => Object.values(c.personal)).filter((value) => text.includes(value));
    expect(rows).toHaveLength(data.customers.length);
    expect(leaked).toEqual([]);
  });

  it('finds a customer by the blind index of their email or phone', async () => {
    const customer = data.customers[41]!;
    const emailIdx = testCipher.blindIndex('email', customer.personal.email);
    const phoneIdx = testCipher.blindIndex('phone', customer.personal.phone);
    const byEmail = await store.rows(sql`select id::int as id from customers where email_idx = ${emailIdx}`);
    const byPhone = await store.rows(sql`select id::int as id from customers where phone_idx = ${phoneIdx}`);
    expect({ byEmail, byPhone }).toEqual({ byEmail: [{ id: customer.id }], byPhone: [{ id: customer.id }] });
  });

  it('decrypts every personal field back to what was generated', async () => {
    const rows = await store.rows<{ email_enc: string; phone_enc: string; name_enc: string; address_enc: string }>(
      sql`select email_enc, phone_enc, name_enc, address_enc from customers order by id`,
    );
    const decrypted = rows.map((r) => ({
      email: testCipher.decrypt(r.email_enc),
      phone: testCipher.decrypt(r.phone_enc),
      name: testCipher.decrypt(r.name_enc),
      address: testCipher.decrypt(r.address_enc),
    }));
    expect(decrypted).toEqual(data.customers.map((c) => c.personal));
  });

  it('refuses to load over existing customers, with a sentence saying what to do, and changes nothing', async () => {
    await expect(loadDemo(store, testCipher, options)).rejects.toMatchObject({ code: 'input_invalid', message: refusal });
    expect(await countRows(Object.keys(expectedRows))).toEqual(expectedRows);
  });

  it('moves every identity sequence past the loaded ids, so inserts without an id work', async () => {
    const id = async (query: SQL) => (await one<{ id: number }>(query)).id;
    const category = await id(sql`insert into categories (name) values ('Test category') returning id::int as id`);
    const product = await id(sql`insert into products (title) values ('Test product') returning id::int as id`);
    const alias = await id(
      sql`insert into product_aliases (product_id, platform, platform_product_id) values (${product}, 'tmall', 'test') returning id::int as id`,
    );
    const customer = await id(sql`insert into customers (city) values ('Test') returning id::int as id`);
    const identity = await id(
      sql`insert into customer_identities (customer_id, platform, platform_customer_id) values (${customer}, 'tmall', 'tm_test') returning id::int as id`,
    );
    const order = await id(
      sql`insert into orders (customer_id, platform, platform_order_id, ordered_at, status, currency, total_minor, total_base_minor)
          values (${customer}, 'tmall', 'test', now(), 'paid', 'CNY', 100, 100) returning id::int as id`,
    );
    const item = await id(
      sql`insert into order_items (order_id, product_id, quantity, unit_price_base_minor, line_total_base_minor)
          values (${order}, ${product}, 1, 100, 100) returning id::int as id`,
    );
    const event = await id(
      sql`insert into events (customer_id, product_id, type, occurred_at, platform)
          values (${customer}, ${product}, 'view', now(), 'tmall') returning id::int as id`,
    );

    expect({ category, product, alias, customer, identity, order, item, event }).toEqual({
      category: expectedRows.categories + 1,
      product: expectedRows.products + 1,
      alias: expectedRows.product_aliases + 1,
      customer: expectedRows.customers + 1,
      identity: expectedRows.customer_identities + 1,
      order: expectedRows.orders + 1,
      item: expectedRows.order_items + 1,
      event: expectedRows.events + 1,
    });
  });

  // Runs last: it swaps the data every other test reads.
  it('replaces the demo data when asked, numbering from 1 again and leaving audit, roles and settings alone', async () => {
    await store.rows(sql`insert into roles (user_id, role, granted_by) values ('U123', 'admin', 'test')`);
    await store.rows(sql`insert into audit_log (actor, action, detail, prev_hash, hash) values ('U123', 'test', '{}', '', 'h')`);
    await store.rows(sql`insert into precis_meta (key, value) values ('test', '1')`);
    const other = { customers: 120, seed: 12, until: options.until };
    const otherData = generateDemo(other);

    const replaced = await loadDemo(store, testCipher, { ...other, replace: true });

    expect(replaced.rows.customers).toBe(120);
    expect(await countRows(['customers', 'orders', 'events', 'roles', 'audit_log', 'precis_meta'])).toEqual({
      customers: 120,
      orders: otherData.orders.length,
      events: otherData.events.length,
      roles: 1,
      audit_log: 1,
      precis_meta: 1,
    });
    expect(await one(sql`select min(id)::int as first, max(id)::int as last from customers`)).toEqual({ first: 1, last: 120 });
  });
});
