/**
 * Problem: redaction and the semantic catalog keep personal columns out of answers only as long
 * as our code is right. Required behaviour: the database itself refuses. Answers run as a role
 * that cannot read email_enc, phone_enc, name_enc or their blind indexes and cannot write; only
 * the export and erasure paths run as a role that can; the check names whatever is missing.
 * PGlite supports CREATE ROLE and SET ROLE, so the same suite runs on both stores.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/client.ts';
import { checkDbRoles, createDbRoles, dbRoles, forgetRoleChecks, isPersonalColumn, personalColumns, withPersonalAccess } from '../../src/db/roles.ts';
import { build, plan, validate } from '../../src/query/index.ts';
import { answerTables, execute } from '../../src/query/execute.ts';
import { describeEachStore } from '../helpers/stores.ts';
import { q } from '../helpers/query.ts';

const limits = { timeoutMs: 5000, rowCap: 100 };

/** The SQLSTATE a failed statement ended with (Drizzle wraps the driver's error as `cause`); 42501 is "permission denied". */
async function failure(run: Promise<unknown>): Promise<string | undefined> {
  try {
    await run;
    return undefined;
  } catch (err) {
    const e = err as { code?: string; cause?: { code?: string } };
    return e.cause?.code ?? e.code;
  }
}
const PERMISSION_DENIED = '42501';
const grant = { tables: answerTables(), timeoutMs: 5000 };

describe('personal columns', () => {
  it('are every encrypted field, blind index, raw quarantine row and identity evidence in the schema', () => {
    expect(personalColumns).toEqual(
      expect.arrayContaining([
        'customers.email_enc', 'customers.email_idx', 'customers.phone_enc', 'customers.phone_idx', 'customers.name_enc', 'customers.address_enc',
        'stage_customers.email_enc', 'stage_customers.link_evidence', 'quarantine.raw', 'stage_quarantine.raw', 'identity_links.evidence',
      ]),
    );
    expect(personalColumns.every((c) => /_(enc|idx)$|\.raw$|evidence$/.test(c))).toBe(true);
    expect(isPersonalColumn('customers', 'city')).toBe(false);
  });

  it('answers read the catalog tables (and the similarities promotions use) and nothing else', () => {
    expect(answerTables()).toEqual(['categories', 'customer_features', 'customers', 'item_similarities', 'order_items', 'orders', 'products']);
  });
});

describeEachStore('database roles', (kind) => {
  let store: Store;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    ({ store, drop } = await kind.open());
    await store.rows(sql`insert into customers (city, email_enc, email_idx) values ('Shanghai', 'ciphertext', 'index')`);
  });
  afterAll(() => drop());

  it('names each role as missing on a database that has none', async () => {
    // Roles belong to the whole server, so names of our own keep this independent of other tests.
    const suffix = randomBytes(4).toString('hex');
    const names = { reader: `precis_reader_${suffix}`, personal: `precis_personal_${suffix}` };
    expect(await checkDbRoles(store, grant.tables, names)).toEqual([`role ${names.reader} does not exist`, `role ${names.personal} does not exist`]);
  });

  it('runs answers as the connection user until the roles are in place', async () => {
    // The database is fresh: whether or not the roles exist on this server, they have no grants here.
    expect(await checkDbRoles(store, grant.tables)).not.toEqual([]);
    const { rows } = await execute(store, sql`select current_user as who, email_enc from customers`, limits);
    expect(rows[0]?.who).not.toBe(dbRoles.reader);
  });

  describe('once set up', () => {
    beforeAll(async () => {
      await createDbRoles(store, grant);
    });

    it('has nothing missing', async () => {
      expect(await checkDbRoles(store, grant.tables)).toEqual([]);
    });

    it('runs answers as the reader', async () => {
      const { rows } = await execute(store, sql`select current_user as who`, limits);
      expect(rows).toEqual([{ who: dbRoles.reader }]);
    });

    it('refuses an answer that reads a personal column', async () => {
      for (const column of ['email_enc', 'email_idx', 'phone_enc', 'name_enc']) {
        expect(await failure(execute(store, sql`select ${sql.identifier(column)} from customers`, limits))).toBe(PERMISSION_DENIED);
      }
      expect(await failure(execute(store, sql`select raw from quarantine`, limits))).toBe(PERMISSION_DENIED);
    });

    it('refuses an answer that reads a table outside the catalog', async () => {
      expect(await failure(execute(store, sql`select user_id from roles`, limits))).toBe(PERMISSION_DENIED);
    });

    it('still answers every catalog question shape', async () => {
      const spec = q({ intent: 'breakdown', metrics: ['customers'], dimensions: ['city'] });
      const { resolution } = validate(spec);
      const { rows } = await execute(store, build(plan(spec, resolution), { lang: 'en', timeZone: 'Asia/Shanghai', rowCap: 100, now: new Date() }), limits);
      expect(rows).toEqual([{ city: 'Shanghai', customers: 1, group_customers: 1 }]);
    });

    it('keeps the switch to the reader inside the answer transaction', async () => {
      await execute(store, sql`select 1`, limits);
      const [row] = await store.rows<{ who: string }>(sql`select current_user as who`);
      expect(row?.who).not.toBe(dbRoles.reader);
    });

    it('lets the export and erasure paths read personal columns under the personal role', async () => {
      const rows = await withPersonalAccess(store, (tx) => store.rows<{ who: string; email_enc: string }>(sql`select current_user as who, email_enc from customers`, tx));
      expect(rows).toEqual([{ who: dbRoles.personal, email_enc: 'ciphertext' }]);
    });

    it('says when the reader has been given a personal column, and setting up again takes it back', async () => {
      await store.rows(sql`grant select (email_enc) on customers to ${sql.identifier(dbRoles.reader)}`);
      expect(await checkDbRoles(store, grant.tables)).toEqual([`${dbRoles.reader} can read personal columns: customers.email_enc`]);
      await createDbRoles(store, grant);
      expect(await checkDbRoles(store, grant.tables)).toEqual([]);
    });

    it('says when a table added later is not covered, until set up again', async () => {
      await store.rows(sql`create table later_table (id int)`);
      expect(await checkDbRoles(store, grant.tables)).toEqual([`${dbRoles.personal} cannot read all of later_table`, `${dbRoles.personal} cannot write to later_table`]);
      await createDbRoles(store, grant);
      expect(await checkDbRoles(store, grant.tables)).toEqual([]);
    });

    it('says when the reader may write', async () => {
      await store.rows(sql`grant insert on orders to ${sql.identifier(dbRoles.reader)}`);
      expect(await checkDbRoles(store, grant.tables)).toEqual([`${dbRoles.reader} can write to orders`]);
      await createDbRoles(store, grant);
      forgetRoleChecks(store);
    });
  });
});
