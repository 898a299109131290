/**
 * The personal-data scope of an export: the customers a query's filters and period select (the
 * same audience a customer list or a promotion reads, src/query/audience.ts), with their email,
 * phone and name decrypted. This is the only place Precis reads personal columns for people to
 * see, and it runs only for an export two admins approved (src/exports/requests.ts), under the
 * database role that may read them. Erased customers never appear.
 */
import { sql } from 'drizzle-orm';
import type { Store } from '../db/client.ts';
import { withPersonalAccess } from '../db/roles.ts';
import { customers } from '../db/schema/index.ts';
import { t, type Lang } from '../messages/index.ts';
import type { DataCipher } from '../privacy/crypto.ts';
import { audienceOf } from '../query/audience.ts';
import type { QuerySpec } from '../query/dsl.ts';
import type { CsvCell } from './csv.ts';

export async function countCustomerList(store: Store, query: QuerySpec, timeZone: string): Promise<number> {
  const [row] = await store.rows<{ n: unknown }>(sql`select count(*) as n from ${customers} where ${await audienceOf(store, query.filters, query.period, timeZone)}`);
  return Number(row?.n ?? 0);
}

export async function customerList(store: Store, cipher: DataCipher, query: QuerySpec, timeZone: string, lang: Lang): Promise<{ header: string[]; rows: CsvCell[][] }> {
  const matching = await audienceOf(store, query.filters, query.period, timeZone);
  // Under the database role that may read personal columns (src/db/roles.ts), as erasure does.
  const found = await withPersonalAccess(store, (tx) =>
    store.rows<{ id: unknown; email: string | null; phone: string | null; name: string | null }>(
      sql`select ${customers.id} as id, ${customers.emailEnc} as email, ${customers.phoneEnc} as phone, ${customers.nameEnc} as name
          from ${customers} where ${matching} order by ${customers.id}`,
      tx,
    ),
  );
  const clear = (token: string | null) => (token === null ? null : cipher.decrypt(token));
  return {
    header: [t(lang, 'export.col_customer'), t(lang, 'export.col_email'), t(lang, 'export.col_phone'), t(lang, 'export.col_name')],
    rows: found.map((c) => [Number(c.id), clear(c.email), clear(c.phone), clear(c.name)]),
  };
}
