/**
 * Stage 4a: a batch's customer rows → golden records. Rows whose platform id is already known
 * stay with their customer; the rest are resolved together with the store's golden records
 * (decrypted here, in memory only, never logged) by src/ingest/identity. Each row is staged with
 * the customer id it resolves to and, when it joined another record, the link's evidence.
 */
import { eq, isNull } from 'drizzle-orm';
import type { Store } from '../db/client.ts';
import { allocateIds } from '../db/ids.ts';
import { customerIdentities, customers } from '../db/schema/index.ts';
import type { DataCipher } from '../privacy/crypto.ts';
import type { HeldRow } from './batch.ts';
import { resolveIdentities, type Link, type PersonRecord } from './identity/index.ts';
import type { NormalCustomer } from './normalize.ts';
import type { StagingWriter } from './stage.ts';

/** The address as stored (encrypted): its parts, so matching can compare them again later. */
interface AddressParts {
  streetNumber?: string;
  line1?: string;
  line2?: string;
}

const lower = (v: string | undefined) => v?.toLowerCase();

function personOf(id: string, c: NormalCustomer, emailIdx?: string, phoneIdx?: string): PersonRecord {
  return {
    id, emailIdx, phoneIdx,
    givenName: lower(c.givenName), surname: lower(c.surname), fullName: lower(c.name),
    streetNumber: c.streetNumber, address: lower(c.address), address2: lower(c.address2),
    city: lower(c.city), postcode: c.postcode, region: lower(c.region), birthDate: c.birthDate,
  };
}

const displayName = (c: NormalCustomer) => c.name ?? ([c.givenName, c.surname].filter(Boolean).join(' ') || undefined);

/** The store's golden records as PersonRecords, keyed `c:<id>`. */
async function goldenRecords(store: Store, cipher: DataCipher): Promise<PersonRecord[]> {
  const rows = await store.db
    .select({ id: customers.id, nameEnc: customers.nameEnc, addressEnc: customers.addressEnc, emailIdx: customers.emailIdx, phoneIdx: customers.phoneIdx, city: customers.city, postcode: customers.postcode, region: customers.region })
    .from(customers)
    .where(isNull(customers.erasedAt));
  return rows.map((r) => {
    const address: AddressParts = r.addressEnc ? (JSON.parse(cipher.decrypt(r.addressEnc)) as AddressParts) : {};
    return {
      id: `c:${r.id}`, emailIdx: r.emailIdx ?? undefined, phoneIdx: r.phoneIdx ?? undefined,
      fullName: r.nameEnc ? cipher.decrypt(r.nameEnc).toLowerCase() : undefined,
      streetNumber: address.streetNumber, address: lower(address.line1), address2: lower(address.line2),
      city: lower(r.city ?? undefined), postcode: r.postcode ?? undefined, region: lower(r.region ?? undefined),
    };
  });
}

export async function resolveCustomerRows(store: Store, cipher: DataCipher, platform: string, batchId: number, rows: HeldRow<NormalCustomer>[], writer: StagingWriter): Promise<void> {
  const known = new Map(
    (await store.db.select({ pid: customerIdentities.platformCustomerId, cid: customerIdentities.customerId }).from(customerIdentities).where(eq(customerIdentities.platform, platform))).map((r) => [r.pid, r.cid]),
  );
  const emailIdx = rows.map((r) => (r.record.email ? cipher.blindIndex('email', r.record.email) : undefined));
  const phoneIdx = rows.map((r) => (r.record.phone ? cipher.blindIndex('phone', r.record.phone) : undefined));

  const batchPeople = rows.map((r, i) => personOf(`r:${i}`, r.record, emailIdx[i], phoneIdx[i]));
  const { clusters, links } = resolveIdentities([...(await goldenRecords(store, cipher)), ...batchPeople]);

  // Which link brought each batch row into its cluster (none for the row that starts a new one).
  const linkOf = new Map<string, Link>();
  for (const link of links) {
    if (link.b.startsWith('r:') && !linkOf.has(link.b)) linkOf.set(link.b, link);
    else if (link.a.startsWith('r:') && !linkOf.has(link.a)) linkOf.set(link.a, link);
  }
  const target = new Array<number>(rows.length);
  const joined = new Array<boolean>(rows.length).fill(false);
  const newClusters: number[][] = [];
  for (const cluster of clusters) {
    const members = cluster.filter((id) => id.startsWith('r:')).map((id) => Number(id.slice(2)));
    if (members.length === 0) continue;
    // A row whose platform id is known stays with its customer; the cluster follows the first such.
    const pinned = members.map((i) => known.get(rows[i]!.record.platformCustomerId)).find((id) => id !== undefined);
    // Two golden records in one cluster are not merged here: the rows join the oldest.
    const existing = cluster.filter((id) => id.startsWith('c:')).map((id) => Number(id.slice(2)));
    const customerId = pinned ?? (existing.length > 0 ? Math.min(...existing) : undefined);
    if (customerId === undefined) newClusters.push(members);
    for (const i of members) {
      if (customerId !== undefined) target[i] = known.get(rows[i]!.record.platformCustomerId) ?? customerId;
      joined[i] = customerId !== undefined ? !known.has(rows[i]!.record.platformCustomerId) : i !== members[0];
    }
  }
  const ids = await allocateIds(store, 'customers', newClusters.length);
  newClusters.forEach((members, k) => members.forEach((i) => (target[i] = ids[k]!)));

  for (const [i, { line, record: c }] of rows.entries()) {
    const link = joined[i] ? linkOf.get(`r:${i}`) : undefined;
    const name = displayName(c);
    const address: AddressParts = { streetNumber: c.streetNumber, line1: c.address, line2: c.address2 };
    const hasAddress = Object.values(address).some(Boolean);
    const profile = [c.email, c.phone, name, hasAddress, c.city, c.region, c.country, c.postcode, c.gender, c.birthYear, c.signupAt];
    await writer.add('stage_customers', [
      batchId, line, c.platformCustomerId, target[i],
      c.email ? cipher.encrypt(c.email) : null, emailIdx[i] ?? null,
      c.phone ? cipher.encrypt(c.phone) : null, phoneIdx[i] ?? null,
      name ? cipher.encrypt(name) : null, hasAddress ? cipher.encrypt(JSON.stringify(address)) : null,
      c.city, c.region, c.country, c.postcode, c.gender, c.birthYear, c.signupAt, c.marketingConsent,
      profile.filter((v) => v !== undefined && v !== false).length,
      link?.rule ?? (joined[i] ? 'cluster' : null), link?.score ?? null, link ? JSON.stringify(link.evidence) : null,
    ]);
  }
}
