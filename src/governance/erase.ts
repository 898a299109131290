/**
 * Erasure ("right to be forgotten"): a person's personal data and identities go, everywhere the
 * store keeps them; their orders and browsing events stay, attached to a customer record with
 * nothing personal left, so revenue and counts of the past do not change.
 *
 * Where a person can appear (src/db/schema): customers (encrypted email, phone, name, address,
 * their blind indexes, and the quasi-identifiers postcode and birth year), customer_identities
 * (platform account ids), identity_links (merge evidence), customer_features (RFM segment
 * membership and CLV), quarantine and stage_quarantine (encrypted raw rows), stage_customers
 * (left-overs of a killed ingest). Aggregates (item_similarities, product_stats) and saved
 * segment definitions name no one.
 *
 * Quarantined rows are encrypted and were never linked to a customer (they failed before
 * resolution), so they are found by decrypting each one in code and reading it with its batch's
 * mapping: a row is the person's when its customer id is one of their platform accounts on that
 * platform, or any of its cells normalizes (as ingest would) to one of their emails or phones.
 *
 * Never logs, returns or audits a personal value: the receipt and the audit entry hold ids and counts.
 */
import { parse as parseCsvLine } from 'csv-parse/sync';
import { eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Store } from '../db/client.ts';
import {
  customerFeatures, customerIdentities, customers, events, identityLinks, ingestBatches, orders, quarantine,
  stageCustomers, stageQuarantine,
} from '../db/schema/index.ts';
import { PrecisError } from '../errors.ts';
import { loadMapping, type Mapping } from '../ingest/mapping.ts';
import { id as sourceId } from '../ingest/normalize.ts';
import { pick } from '../ingest/parse.ts';
import { normalizeEmail, normalizePhone } from '../ingest/values.ts';
import { authorize, resolveRole, type Actor } from '../privacy/access.ts';
import { appendAudit } from '../privacy/audit.ts';
import type { DataCipher } from '../privacy/crypto.ts';

export interface ErasureReceipt {
  customerIds: number[];
  erasedAt: string;
  /** Rows deleted, per table. */
  removed: Record<string, number>;
  /** customers: records whose personal fields were cleared. */
  cleared: { customers: number; fields: string[] };
  /** Rows kept, now attached to a record with nothing personal. */
  kept: { orders: number; events: number };
}

/** Columns of `customers` cleared by erasure; city, region, country, gender and signup stay for aggregates. */
const CLEARED_FIELDS = ['email', 'phone', 'name', 'address', 'postcode', 'birth_year', 'marketing_consent'];

/**
 * Finds the customers `text` names: an id (`42` or `id:42`), an email, or a phone number
 * (read in `phoneRegion` when it has no country code). A bare number that is both an existing id
 * and someone's phone is refused as ambiguous.
 */
export async function findCustomers(store: Store, cipher: DataCipher, text: string, phoneRegion: string): Promise<number[]> {
  const trimmed = text.trim();
  const byIndex = async (column: typeof customers.emailIdx | typeof customers.phoneIdx, index: string) =>
    (await store.db.select({ id: customers.id }).from(customers).where(eq(column, index))).map((r) => r.id);
  if (trimmed.includes('@')) {
    const email = normalizeEmail(trimmed);
    if (!email.ok) throw new PrecisError('input_invalid', { detail: 'That is not an email address ingest would accept.' });
    return byIndex(customers.emailIdx, cipher.blindIndex('email', email.value));
  }
  const explicitId = /^id:(\d{1,15})$/i.exec(trimmed)?.[1];
  const numeric = explicitId ?? (/^\d{1,15}$/.test(trimmed) ? trimmed : undefined);
  const byId = numeric === undefined ? [] : (await store.db.select({ id: customers.id }).from(customers).where(eq(customers.id, Number(numeric)))).map((r) => r.id);
  if (explicitId !== undefined) return byId;
  const phone = normalizePhone(trimmed, phoneRegion);
  const byPhone = phone.ok ? await byIndex(customers.phoneIdx, cipher.blindIndex('phone', phone.value)) : [];
  if (byId.length > 0 && byPhone.length > 0) {
    throw new PrecisError('input_invalid', { detail: 'That number is both a customer id and a phone number on file: write `id:<number>`, or the phone with its country code (+86…).' });
  }
  if (numeric === undefined && !phone.ok) throw new PrecisError('input_invalid', { detail: 'Give a customer id, an email address or a phone number.' });
  return byId.length > 0 ? byId : byPhone;
}

/** Everything that identifies the person, to recognise them in rows not linked by customer id. */
interface Identifiers {
  emails: Set<string>;
  phones: Set<string>;
  /** platform → platform customer ids */
  accounts: Map<string, Set<string>>;
  indexes: string[];
}

async function identifiersOf(store: Store, cipher: DataCipher, ids: number[]): Promise<Identifiers> {
  const found: Identifiers = { emails: new Set(), phones: new Set(), accounts: new Map(), indexes: [] };
  for (const c of await store.db.select().from(customers).where(inArray(customers.id, ids))) {
    if (c.emailEnc) found.emails.add(cipher.decrypt(c.emailEnc));
    if (c.phoneEnc) found.phones.add(cipher.decrypt(c.phoneEnc));
    for (const idx of [c.emailIdx, c.phoneIdx]) if (idx) found.indexes.push(idx);
  }
  for (const e of found.emails) found.indexes.push(cipher.blindIndex('email', e));
  for (const p of found.phones) found.indexes.push(cipher.blindIndex('phone', p));
  const accounts = [
    ...(await store.db.select({ platform: customerIdentities.platform, pcid: customerIdentities.platformCustomerId }).from(customerIdentities).where(inArray(customerIdentities.customerId, ids))),
    ...(await store.db.select({ platform: identityLinks.platform, pcid: identityLinks.platformCustomerId }).from(identityLinks).where(inArray(identityLinks.customerId, ids))),
  ];
  for (const a of accounts) found.accounts.set(a.platform, (found.accounts.get(a.platform) ?? new Set()).add(a.pcid));
  return found;
}

/** `(platform, platform_customer_id) in ((…), …)`, parameterized; false when the person has no accounts. */
function accountPredicate(platform: SQL | typeof identityLinks.platform, pcid: SQL | typeof identityLinks.platformCustomerId, who: Identifiers): SQL {
  const pairs = [...who.accounts].flatMap(([p, ids]) => [...ids].map((i) => sql`(${p}, ${i})`));
  return pairs.length === 0 ? sql`false` : sql`(${platform}, ${pcid}) in (${sql.join(pairs, sql`, `)})`;
}

/** A raw source row read with its batch's mapping: its mapped cells, and every cell for the email/phone scan. */
function cellsOf(raw: string, mapping: Mapping | undefined, header: string[] | null): { mapped: Record<string, string | undefined>; all: string[] } {
  const mapped: Record<string, string | undefined> = {};
  try {
    if (mapping?.format === 'ndjson' || (!mapping && raw.trimStart().startsWith('{'))) {
      const obj: unknown = JSON.parse(raw);
      if (mapping) for (const [field, path] of Object.entries(mapping.columns)) mapped[field] = pick(obj, path);
      const leaves = (v: unknown): string[] => (v && typeof v === 'object' ? Object.values(v).flatMap(leaves) : v === null || v === undefined ? [] : [String(v)]);
      return { mapped, all: leaves(obj) };
    }
    const [cells = []] = parseCsvLine(raw, { delimiter: mapping?.csv.delimiter ?? ',', relax_quotes: true, relax_column_count: true }) as string[][];
    if (mapping && header) for (const [field, column] of Object.entries(mapping.columns)) mapped[field] = cells[header.indexOf(column)];
    return { mapped, all: cells };
  } catch {
    // An unreadable row (why it was quarantined, perhaps): its whitespace- and comma-separated pieces.
    return { mapped, all: raw.split(/[\s,;|\t"']+/) };
  }
}

function belongsTo(raw: string, batch: { platform: string; mapping: Mapping | undefined; header: string[] | null }, who: Identifiers): boolean {
  const { mapped, all } = cellsOf(raw, batch.mapping, batch.header);
  if (mapped.customer_id !== undefined && who.accounts.get(batch.platform)?.has(sourceId(mapped.customer_id))) return true;
  const region = batch.mapping?.phoneRegion;
  return all.some((cell) => {
    if (cell.length < 5 || cell.length > 320) return false;
    const email = normalizeEmail(cell);
    if (email.ok && who.emails.has(email.value)) return true;
    const phone = /\d{5}/.test(cell.replace(/[\s()-]/g, '')) ? normalizePhone(cell, region) : undefined;
    return phone?.ok === true && who.phones.has(phone.value);
  });
}

/** Mappings by reference; one a batch named that can no longer be loaded leaves only the cell scan. */
function mappingCache(): (ref: string) => Mapping | undefined {
  const cache = new Map<string, Mapping | undefined>();
  return (ref) => {
    if (!cache.has(ref)) {
      try {
        cache.set(ref, loadMapping(ref));
      } catch {
        cache.set(ref, undefined);
      }
    }
    return cache.get(ref);
  };
}

const PAGE = 1000;

/** Quarantined (and staged-for-quarantine) rows that are the person's, by key. Reads page by page. */
async function quarantinedRowsOf(store: Store, cipher: DataCipher, who: Identifiers): Promise<{ quarantine: number[]; staged: { batchId: number; line: number }[] }> {
  const mappingOf = mappingCache();
  const batches = new Map((await store.db.select({ id: ingestBatches.id, platform: ingestBatches.platform, mapping: ingestBatches.mapping, header: ingestBatches.header }).from(ingestBatches)).map((b) => [b.id, b]));
  const batchOf = (id: number) => {
    const b = batches.get(id);
    return { platform: b?.platform ?? '', mapping: b ? mappingOf(b.mapping) : undefined, header: b?.header ?? null };
  };
  const found = { quarantine: [] as number[], staged: [] as { batchId: number; line: number }[] };
  for (let after = 0; ; ) {
    const page = await store.db.select({ id: quarantine.id, batchId: quarantine.batchId, raw: quarantine.raw }).from(quarantine).where(sql`${quarantine.id} > ${after}`).orderBy(quarantine.id).limit(PAGE);
    for (const r of page) if (belongsTo(cipher.decrypt(r.raw), batchOf(r.batchId), who)) found.quarantine.push(r.id);
    if (page.length < PAGE) break;
    after = page[page.length - 1]!.id;
  }
  // Staged quarantine rows exist only while a batch is being merged (or after it was killed): few.
  for (const r of await store.db.select().from(stageQuarantine)) {
    if (belongsTo(cipher.decrypt(r.raw), batchOf(r.batchId), who)) found.staged.push({ batchId: r.batchId, line: r.line });
  }
  return found;
}

/** Rows a delete or update touched, whichever driver ran it. */
async function affected(store: Store, statement: SQL, via: Parameters<Store['rows']>[1]): Promise<number> {
  const rows = await store.rows<{ n: unknown }>(sql`with done as (${statement} returning 1) select count(*)::int as n from done`, via);
  return Number(rows[0]?.n ?? 0);
}

/**
 * Erases the customers `text` names (see findCustomers) and returns the receipt. Admins only; one
 * transaction, with its audit entry inside it, so an erasure is never half done nor unrecorded.
 */
export async function eraseCustomer(
  store: Store, cipher: DataCipher, actor: Actor, text: string, options: { phoneRegion: string; now?: Date },
): Promise<ErasureReceipt> {
  const now = options.now ?? new Date();
  authorize(await resolveRole(store, actor, now), 'erase_customer');
  const ids = await findCustomers(store, cipher, text, options.phoneRegion);
  if (ids.length === 0) throw new PrecisError('input_invalid', { detail: 'No customer matches that id, email or phone (already erased customers are found by id only).' });

  const who = await identifiersOf(store, cipher, ids);
  const inQuarantine = await quarantinedRowsOf(store, cipher, who);
  const idList = sql.join(ids.map((i) => sql`${i}`), sql`, `);
  const indexes = who.indexes.length > 0 ? sql`or s.email_idx in (${sql.join(who.indexes.map((i) => sql`${i}`), sql`, `)}) or s.phone_idx in (${sql.join(who.indexes.map((i) => sql`${i}`), sql`, `)})` : sql``;

  return store.db.transaction(async (tx) => {
    const removed: Record<string, number> = {
      customer_features: await affected(store, sql`delete from ${customerFeatures} where customer_id in (${idList})`, tx),
      identity_links: await affected(store, sql`delete from ${identityLinks} where customer_id in (${idList}) or ${accountPredicate(identityLinks.platform, identityLinks.platformCustomerId, who)}`, tx),
      customer_identities: await affected(store, sql`delete from ${customerIdentities} where customer_id in (${idList})`, tx),
      quarantine: inQuarantine.quarantine.length === 0 ? 0 : await affected(store, sql`delete from ${quarantine} where id in (${sql.join(inQuarantine.quarantine.map((i) => sql`${i}`), sql`, `)})`, tx),
      stage_quarantine: inQuarantine.staged.length === 0 ? 0 : await affected(store, sql`delete from ${stageQuarantine} where (batch_id, line) in (${sql.join(inQuarantine.staged.map((s) => sql`(${s.batchId}, ${s.line})`), sql`, `)})`, tx),
      stage_customers: await affected(store, sql`delete from ${stageCustomers} s using ${ingestBatches} b where b.id = s.batch_id and (s.customer_id in (${idList}) ${indexes} or ${accountPredicate(sql`b.platform`, sql`s.platform_customer_id`, who)})`, tx),
    };
    const cleared = await affected(
      store,
      sql`update ${customers} set email_enc = null, email_idx = null, phone_enc = null, phone_idx = null, name_enc = null, address_enc = null,
            postcode = null, birth_year = null, marketing_consent = false, erased_at = coalesce(erased_at, ${now.toISOString()}::timestamptz) where id in (${idList})`,
      tx,
    );
    const [kept] = await store.rows<{ orders: unknown; events: unknown }>(
      sql`select (select count(*) from ${orders} where customer_id in (${idList}))::int as orders, (select count(*) from ${events} where customer_id in (${idList}))::int as events`,
      tx,
    );
    const receipt: ErasureReceipt = {
      customerIds: ids,
      erasedAt: now.toISOString(),
      removed,
      cleared: { customers: cleared, fields: CLEARED_FIELDS },
      kept: { orders: Number(kept?.orders ?? 0), events: Number(kept?.events ?? 0) },
    };
    await appendAudit(tx, { actor: actor.id, action: 'erase', detail: { customerIds: ids, removed, kept: receipt.kept } }, now);
    return receipt;
  });
}
