/**
 * A person met again on another platform fills the gaps of their golden record, and only the
 * gaps: what the record holds already stays as the first platform gave it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Store } from '../../src/db/client.ts';
import { ingestPath } from '../../src/ingest/index.ts';
import { describeEachStore } from '../helpers/stores.ts';
import { testCipher } from '../helpers/keys.ts';

const dir = mkdtempSync(join(tmpdir(), 'precis-gaps-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const mapping = join(dir, 'people.json');
writeFileSync(mapping, JSON.stringify({
  name: 'people', kind: 'customers', format: 'csv', timeZone: 'UTC', dateFormat: 'iso', phoneRegion: 'US',
  columns: { customer_id: 'id', given_name: 'first', surname: 'last', email: 'email', phone: 'phone', city: 'city', postcode: 'zip' },
}));
const file = (name: string, lines: string[]) => {
  const path = join(dir, name);
  writeFileSync(path, ['id,first,last,email,phone,city,zip', ...lines].join('\n'));
  return path;
};
// The demo generator's kind of fake people; the same email links the two accounts.
const first = file('a.csv', ['a1,Mara,Quill,mara.quill@example.com,,Springfield,', 'a2,Otto,Brandt,otto.brandt@example.com,+1 415 555 0142,Shelbyville,94110']);
const second = file('b.csv', ['b1,Mara,Quill,mara.quill@example.com,+1 415 555 0199,Capital City,62704', 'b2,Otto,Brandt,otto.brandt@example.com,+1 415 555 0142,Shelbyville,94110']);

describeEachStore('golden records across platforms', (kind) => {
  let store: Store;
  let drop: () => Promise<void>;
  const options = { mapping, baseCurrency: 'CNY', now: new Date('2026-01-01T00:00:00Z'), dryRun: false };
  beforeAll(async () => {
    ({ store, drop } = await kind.open());
    await ingestPath(store, testCipher, first, { ...options, platform: 'a' });
    await ingestPath(store, testCipher, second, { ...options, platform: 'b' });
  });
  afterAll(() => drop());

  const golden = async (pid: string) =>
    (await store.rows<{ city: string | null; postcode: string | null; phone: boolean; signup: string | null; accounts: number }>(sql`
      select c.city, c.postcode, c.phone_enc is not null as phone, c.signup_platform as signup,
        (select count(*)::int from customer_identities x where x.customer_id = c.id) as accounts
      from customers c join customer_identities i on i.customer_id = c.id where i.platform_customer_id = ${pid}`))[0];

  it('fills what the first platform left empty, and keeps what it gave', async () => {
    expect(await golden('b1')).toEqual({ city: 'Springfield', postcode: '62704', phone: true, signup: 'a', accounts: 2 });
  });

  it('leaves a record the second platform adds nothing to as it was', async () => {
    expect(await golden('b2')).toEqual({ city: 'Shelbyville', postcode: '94110', phone: true, signup: 'a', accounts: 2 });
  });
});
