/**
 * The audit log: every question, query and answer, role change, export, erasure and backup,
 * appended as a hash chain. Each entry's hash covers the previous entry's hash and its own
 * content, so an edited or deleted row breaks the chain from there on; a trigger refuses UPDATE,
 * DELETE and TRUNCATE (db/migrations/0011_audit_append_only.sql), so only someone able to switch
 * triggers off can even try. Details must already be free of personal data when they arrive here.
 */
import { createHash } from 'node:crypto';
import { and, asc, desc, eq, gt, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { Db, Store } from '../db/client.ts';
import { auditLog } from '../db/schema/index.ts';

export interface AuditEntry {
  actor: string;
  action: string;
  detail: Record<string, unknown>;
}

/** A transaction of the store's database: erasure appends its entry inside its own transaction. */
export type AuditWriter = Pick<Db, 'execute' | 'select' | 'insert'>;

const GENESIS = '0'.repeat(64);
/** Serializes appends across connections and replicas, so the chain never forks. */
const CHAIN_LOCK = 0x70726563; // "prec"

/** Canonical JSON: keys sorted, so the same content always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function entryHash(prevHash: string, at: string, entry: AuditEntry): string {
  return createHash('sha256').update(`${prevHash}\n${at}\n${canonical(entry)}`).digest('hex');
}

/**
 * Appends one entry through `db` (the store's database or an open transaction). The detail is
 * hashed as jsonb will give it back (undefined members dropped, dates as strings), so
 * `verifyAuditChain` recomputes the same hash from the stored row.
 */
export async function appendAudit(db: AuditWriter, entry: AuditEntry, now: Date): Promise<void> {
  const stored: AuditEntry = { actor: entry.actor, action: entry.action, detail: JSON.parse(JSON.stringify(entry.detail)) as Record<string, unknown> };
  await db.execute(sql`select pg_advisory_xact_lock(${CHAIN_LOCK})`);
  const [last] = await db.select({ hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.id)).limit(1);
  const prevHash = last?.hash ?? GENESIS;
  await db.insert(auditLog).values({ ...stored, at: now, prevHash, hash: entryHash(prevHash, now.toISOString(), stored) });
}

export async function recordAudit(store: Store, entry: AuditEntry, now: Date = new Date()): Promise<void> {
  await store.db.transaction((tx) => appendAudit(tx, entry, now));
}

export type ChainBreak = 'content_changed' | 'link_broken' | 'anchor_mismatch' | 'anchor_missing';

/**
 * An entry's id and hash (or a prefix of it, at least 16 hex characters), kept outside the
 * database — posted in the access review, written down by an operator. The chain alone cannot
 * show that its newest entries were removed; an anchor taken earlier can.
 */
export interface AuditAnchor {
  id: number;
  hash: string;
}

export interface ChainVerdict {
  ok: boolean;
  /** Entries read before the walk ended (all of them when ok). */
  checked: number;
  /** The first entry whose hash does not match its content, or whose link to the previous entry is broken. */
  firstBroken?: { id: number; at: string; reason: ChainBreak };
  /** The newest entry read: the anchor to keep for the next check. */
  head?: AuditAnchor;
}

/** `1234:9f2c…` → an anchor; undefined when it is not one. */
export function parseAnchor(text: string): AuditAnchor | undefined {
  const m = /^(\d{1,15}):([0-9a-f]{16,64})$/.exec(text.trim().toLowerCase());
  return m ? { id: Number(m[1]), hash: m[2]! } : undefined;
}

export const formatAnchor = (a: AuditAnchor) => `${a.id}:${a.hash.slice(0, 32)}`;

/** The newest entry's anchor; undefined while the log is empty. */
export async function auditHead(store: Store): Promise<AuditAnchor | undefined> {
  const [row] = await store.db.select({ id: auditLog.id, hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.id)).limit(1);
  return row ? { id: row.id, hash: row.hash } : undefined;
}

const PAGE = 2000;

/**
 * Walks the whole chain in id order, a page at a time (memory stays flat however long the log),
 * and stops at the first entry that does not check out. An entry edited in place fails its own
 * hash; a deleted entry leaves the next one pointing at a hash that is no longer its predecessor's.
 */
export async function verifyAuditChain(store: Store, anchor?: AuditAnchor): Promise<ChainVerdict> {
  let prevHash = GENESIS;
  let afterId = 0;
  let checked = 0;
  let head: AuditAnchor | undefined;
  let anchorSeen = false;
  for (;;) {
    const page = await store.db.select().from(auditLog).where(gt(auditLog.id, afterId)).orderBy(asc(auditLog.id)).limit(PAGE);
    for (const row of page) {
      const at = row.at.toISOString();
      if (row.prevHash !== prevHash) return { ok: false, checked, firstBroken: { id: row.id, at, reason: 'link_broken' } };
      const content: AuditEntry = { actor: row.actor, action: row.action, detail: row.detail as Record<string, unknown> };
      if (entryHash(row.prevHash, at, content) !== row.hash) return { ok: false, checked, firstBroken: { id: row.id, at, reason: 'content_changed' } };
      if (anchor && row.id === anchor.id) {
        if (!row.hash.startsWith(anchor.hash)) return { ok: false, checked, firstBroken: { id: row.id, at, reason: 'anchor_mismatch' } };
        anchorSeen = true;
      }
      prevHash = row.hash;
      head = { id: row.id, hash: row.hash };
      checked += 1;
    }
    if (page.length < PAGE) break;
    afterId = page[page.length - 1]!.id;
  }
  // The anchored entry is gone: the log was cut back (its newest entries removed) or rebuilt.
  if (anchor && !anchorSeen) return { ok: false, checked, firstBroken: { id: anchor.id, at: '', reason: 'anchor_missing' }, head };
  return { ok: true, checked, head };
}

export interface AuditQuery {
  actor?: string;
  action?: string;
  since?: Date;
  until?: Date;
  limit: number;
}

export interface AuditRow {
  id: number;
  at: Date;
  actor: string;
  action: string;
  detail: unknown;
}

/** Entries matching every given filter, newest first. `until` is exclusive. */
export async function searchAudit(store: Store, query: AuditQuery): Promise<AuditRow[]> {
  const filters: (SQL | undefined)[] = [
    query.actor === undefined ? undefined : eq(auditLog.actor, query.actor),
    query.action === undefined ? undefined : eq(auditLog.action, query.action),
    query.since === undefined ? undefined : gte(auditLog.at, query.since),
    query.until === undefined ? undefined : lt(auditLog.at, query.until),
  ];
  return store.db
    .select({ id: auditLog.id, at: auditLog.at, actor: auditLog.actor, action: auditLog.action, detail: auditLog.detail })
    .from(auditLog)
    .where(and(...filters))
    .orderBy(desc(auditLog.id))
    .limit(query.limit);
}
