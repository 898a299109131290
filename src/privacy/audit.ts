/**
 * The audit log: every question, query and answer appended as a hash chain. Each entry's hash
 * covers the previous entry's hash and its own content, so an edited or deleted row breaks the
 * chain from there on. Details must already be free of personal data when they arrive here.
 */
import { createHash } from 'node:crypto';
import { desc, sql } from 'drizzle-orm';
import type { Store } from '../db/client.ts';
import { auditLog } from '../db/schema/index.ts';

export interface AuditEntry {
  actor: string;
  action: string;
  detail: Record<string, unknown>;
}

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

export async function recordAudit(store: Store, entry: AuditEntry, now: Date = new Date()): Promise<void> {
  await store.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${CHAIN_LOCK})`);
    const [last] = await tx.select({ hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.id)).limit(1);
    const prevHash = last?.hash ?? GENESIS;
    const at = now.toISOString();
    await tx.insert(auditLog).values({ ...entry, at: now, prevHash, hash: entryHash(prevHash, at, entry) });
  });
}
