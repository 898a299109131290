/**
 * Stage 4a: a batch's customer rows → golden records, in chunks so memory does not grow with the
 * file. Rows whose platform id is already known stay with their customer; the rest are resolved
 * by src/ingest/identity together with the records they could match: the golden records and the
 * earlier chunks' rows of this batch that share a blocking key, email or phone with them. A
 * KeyIndex of every golden record's keys finds those; only they are read back and decrypted (in
 * memory only, never logged). Each row is staged with the customer id it resolves to and, when
 * it joined another record, the link's evidence.
 */
import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { Store } from '../db/client.ts';
import { allocateIds } from '../db/ids.ts';
import { customerIdentities, customers, stageCustomers } from '../db/schema/index.ts';
import type { DataCipher } from '../privacy/crypto.ts';
import type { HeldRow } from './batch.ts';
import { KeyIndex, lookupKeys, resolveIdentities, type Link, type MatchModel, type PersonRecord } from './identity/index.ts';
import type { NormalCustomer } from './normalize.ts';
import type { StagingWriter } from './stage.ts';

/** Rows resolved together at most: big enough for the match model to learn from, small enough to hold. */
export const CHUNK_ROWS = 25_000;
/**
 * Records one resolution holds at most: a chunk's rows plus the stored records they may match.
 * Those grow with the store (about one more per row for every 75,000 people in it), so a chunk is
 * cut short when they reach this; memory then follows this figure, not the store's size.
 */
export const CHUNK_RECORDS = 50_000;

export interface ChunkLimits {
  rows: number;
  records: number;
}
/** A model fitted on at least this many candidate pairs is reused for the file's later chunks; a thinner one is fitted again. */
const MIN_PAIRS_TO_REUSE = 10_000;
/** Golden records read per query while the index is built. */
const PAGE_ROWS = 10_000;

/** The address as stored (encrypted): its parts, so matching can compare them again later. */
interface AddressParts {
  streetNumber?: string;
  line1?: string;
  line2?: string;
}

const lower = (v: string | undefined) => v?.toLowerCase();
const idList = (ids: Iterable<number>) => `{${[...ids].join(',')}}`;

function personOf(id: string, c: NormalCustomer, emailIdx?: string, phoneIdx?: string): PersonRecord {
  return {
    id, emailIdx, phoneIdx,
    givenName: lower(c.givenName), surname: lower(c.surname), fullName: lower(c.name),
    streetNumber: c.streetNumber, address: lower(c.address), address2: lower(c.address2),
    city: lower(c.city), postcode: c.postcode, region: lower(c.region), birthDate: c.birthDate,
  };
}

const displayName = (c: NormalCustomer) => c.name ?? ([c.givenName, c.surname].filter(Boolean).join(' ') || undefined);

/** The golden records (not erased) that `which` selects, with what matching reads of them; a page of `limit` in id order. */
function readGolden(store: Store, which: SQL, limit?: number) {
  const query = store.db
    .select({
      id: customers.id, nameEnc: customers.nameEnc, addressEnc: customers.addressEnc, emailIdx: customers.emailIdx,
      phoneIdx: customers.phoneIdx, city: customers.city, postcode: customers.postcode, region: customers.region,
    })
    .from(customers)
    .where(and(isNull(customers.erasedAt), which));
  return limit === undefined ? query : query.orderBy(customers.id).limit(limit);
}
type GoldenRow = Awaited<ReturnType<typeof readGolden>>[number];

/** A golden record as a PersonRecord keyed `c:<id>`: what the store knows of the person, decrypted. */
function goldenRecord(r: GoldenRow, cipher: DataCipher): PersonRecord {
  const address: AddressParts = r.addressEnc ? (JSON.parse(cipher.decrypt(r.addressEnc)) as AddressParts) : {};
  return {
    id: `c:${r.id}`, emailIdx: r.emailIdx ?? undefined, phoneIdx: r.phoneIdx ?? undefined,
    fullName: r.nameEnc ? cipher.decrypt(r.nameEnc).toLowerCase() : undefined,
    streetNumber: address.streetNumber, address: lower(address.line1), address2: lower(address.line2),
    city: lower(r.city ?? undefined), postcode: r.postcode ?? undefined, region: lower(r.region ?? undefined),
  };
}

/** The keys of every golden record, read a page at a time so the records themselves are never all held. */
async function indexGoldenRecords(store: Store, cipher: DataCipher): Promise<KeyIndex> {
  const index = new KeyIndex();
  for (let after = -1; ; ) {
    const page = await readGolden(store, sql`${customers.id} > ${after}`, PAGE_ROWS);
    for (const row of page) index.add(lookupKeys(goldenRecord(row, cipher)), row.id);
    if (page.length < PAGE_ROWS) return index;
    after = page[page.length - 1]!.id;
  }
}

/**
 * Resolves a customers file's rows as they arrive: `add` each kept row, then `finish`.
 *
 * @example
 * const resolver = await CustomerResolver.open(store, cipher, 'tmall', batchId, writer);
 * for (const row of rows) await resolver.add(row);
 * await resolver.finish();
 */
/** A row waiting in the current chunk, with what matching reads of it. */
interface PendingRow {
  row: HeldRow<NormalCustomer>;
  person: PersonRecord;
  keys: number[];
}

export class CustomerResolver {
  private pending: PendingRow[] = [];
  /** The stored records (customer ids) the pending rows share a key with. */
  private candidateIds = new Set<number>();
  /** The match model of the file's first well-populated chunk, reused for the rest. */
  private model: MatchModel | undefined;

  private constructor(
    private readonly store: Store,
    private readonly cipher: DataCipher,
    private readonly platform: string,
    private readonly batchId: number,
    private readonly writer: StagingWriter,
    private readonly index: KeyIndex,
    private readonly limits: ChunkLimits,
  ) {}

  static async open(store: Store, cipher: DataCipher, platform: string, batchId: number, writer: StagingWriter, limits: ChunkLimits = { rows: CHUNK_ROWS, records: CHUNK_RECORDS }): Promise<CustomerResolver> {
    return new CustomerResolver(store, cipher, platform, batchId, writer, await indexGoldenRecords(store, cipher), limits);
  }

  async add(row: HeldRow<NormalCustomer>): Promise<void> {
    const { cipher, candidateIds } = this;
    const c = row.record;
    const person = personOf(`r:${this.pending.length}`, c, c.email ? cipher.blindIndex('email', c.email) : undefined, c.phone ? cipher.blindIndex('phone', c.phone) : undefined);
    const keys = lookupKeys(person);
    // Once the model is fitted, a row's candidates under a common key need a second key to agree.
    // Not before: the fit reads its prior off every pair of its chunk, and fitted on chunks without
    // those candidates, precision at 1M fell from 0.994 to 0.964 (BENCHMARKS.md, 2026-11-30).
    this.index.lookup(keys, candidateIds, this.model !== undefined);
    this.pending.push({ row, person, keys });
    if (this.pending.length >= this.limits.rows || this.pending.length + candidateIds.size >= this.limits.records) await this.resolvePending(false);
  }

  async finish(): Promise<void> {
    if (this.pending.length > 0) await this.resolvePending(true);
  }

  /** @param last the file's last chunk: no later chunk reads its rows back, so they keep no match record. */
  private async resolvePending(last: boolean): Promise<void> {
    const pending = this.pending;
    const rows = pending.map((p) => p.row);
    const people = pending.map((p) => p.person);
    // The chunks before are read back from staging: their COPY has run while this chunk was read.
    await this.writer.flush();
    const [{ records: candidates, customerOf }, known] = await Promise.all([this.candidates(this.candidateIds), this.knownAccounts(rows)]);
    this.pending = [];
    this.candidateIds = new Set();
    const { clusters, links, model } = resolveIdentities([...candidates, ...people], { model: this.model, resolved: candidates.length });
    if (!this.model && model.candidatePairs >= MIN_PAIRS_TO_REUSE) this.model = model;

    // Which link brought each row into its cluster (none for the row that starts a new one).
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
      // Two customers in one cluster are not merged here: the rows join the oldest.
      const existing = cluster.filter((id) => !id.startsWith('r:')).map((id) => customerOf.get(id)!);
      const customerId = pinned ?? (existing.length > 0 ? Math.min(...existing) : undefined);
      if (customerId === undefined) newClusters.push(members);
      for (const i of members) {
        if (customerId !== undefined) target[i] = known.get(rows[i]!.record.platformCustomerId) ?? customerId;
        joined[i] = customerId !== undefined ? !known.has(rows[i]!.record.platformCustomerId) : i !== members[0];
      }
    }
    const ids = await allocateIds(this.store, 'customers', newClusters.length);
    newClusters.forEach((members, k) => members.forEach((i) => (target[i] = ids[k]!)));

    for (const [i, row] of rows.entries()) {
      const link = joined[i] ? linkOf.get(`r:${i}`) : undefined;
      await this.stage(row, people[i]!, target[i]!, link ?? (joined[i] ? { rule: 'cluster' } : undefined), !last);
      // Later chunks of this batch find the row under its keys (and read it back from staging).
      this.index.add(pending[i]!.keys, target[i]!);
    }
  }

  /**
   * The records behind `ids`: golden records (`c:<id>`) and this batch's staged rows (`s:<line>`),
   * with the customer each stands for.
   */
  private async candidates(ids: Set<number>): Promise<{ records: PersonRecord[]; customerOf: Map<string, number> }> {
    const records: PersonRecord[] = [];
    const customerOf = new Map<string, number>();
    if (ids.size === 0) return { records, customerOf };
    const list = idList(ids);
    // Both reads are sent at once (the store has a pool of connections): the golden records are
    // decrypted while the database looks for the staged rows.
    const stagedRead = this.store.db.select({ line: stageCustomers.line, customerId: stageCustomers.customerId, matchEnc: stageCustomers.matchEnc }).from(stageCustomers)
      .where(and(eq(stageCustomers.batchId, this.batchId), sql`${stageCustomers.customerId} = any(${list}::bigint[])`)).execute();
    // Marked handled until it is awaited below: if the golden read fails first, its error is the one raised.
    stagedRead.catch(() => {});
    const golden = await readGolden(this.store, sql`${customers.id} = any(${list}::bigint[])`);
    for (const row of golden) {
      const record = goldenRecord(row, this.cipher);
      records.push(record);
      customerOf.set(record.id, row.id);
    }
    for (const row of await stagedRead) {
      if (!row.matchEnc || row.customerId === null) continue;
      const id = `s:${row.line}`;
      records.push({ ...(JSON.parse(this.cipher.decrypt(row.matchEnc)) as PersonRecord), id });
      customerOf.set(id, row.customerId);
    }
    return { records, customerOf };
  }

  /** Customers already known by these rows' platform ids. */
  private async knownAccounts(rows: readonly HeldRow<NormalCustomer>[]): Promise<Map<string, number>> {
    const pids = rows.map((r) => r.record.platformCustomerId);
    const found = await this.store.db.select({ pid: customerIdentities.platformCustomerId, cid: customerIdentities.customerId }).from(customerIdentities)
      // The ids are untrusted text: one JSON parameter, never spliced into the statement.
      .where(and(eq(customerIdentities.platform, this.platform), sql`${customerIdentities.platformCustomerId} in (select jsonb_array_elements_text(${JSON.stringify(pids)}::jsonb))`));
    return new Map(found.map((r) => [r.pid, r.cid]));
  }

  /** @param readBack whether a later chunk may read the row back: only then is its match record kept (encrypted). */
  private async stage({ line, record: c }: HeldRow<NormalCustomer>, person: PersonRecord, customerId: number, link: { rule: string; score?: number; evidence?: Link['evidence'] } | undefined, readBack: boolean): Promise<void> {
    const { cipher } = this;
    const name = displayName(c);
    const address: AddressParts = { streetNumber: c.streetNumber, line1: c.address, line2: c.address2 };
    const hasAddress = Object.values(address).some(Boolean);
    const profile = [c.email, c.phone, name, hasAddress, c.city, c.region, c.country, c.postcode, c.gender, c.birthYear, c.signupAt];
    await this.writer.add('stage_customers', [
      this.batchId, line, c.platformCustomerId, customerId,
      c.email ? cipher.encrypt(c.email) : null, person.emailIdx ?? null,
      c.phone ? cipher.encrypt(c.phone) : null, person.phoneIdx ?? null,
      name ? cipher.encrypt(name) : null, hasAddress ? cipher.encrypt(JSON.stringify(address)) : null,
      c.city, c.region, c.country, c.postcode, c.gender, c.birthYear, c.signupAt, c.marketingConsent,
      profile.filter((v) => v !== undefined && v !== false).length,
      link?.rule ?? null, link?.score ?? null, link?.evidence ? JSON.stringify(link.evidence) : null,
      readBack ? cipher.encrypt(JSON.stringify(person)) : null,
    ]);
  }
}
