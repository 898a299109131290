/**
 * The quarantine: rows that could not be loaded, kept with their batch, source line, reasons
 * and raw text (encrypted). Listing shows reasons and masked rows; retry runs unresolved rows of
 * a batch through the pipeline again, as a new batch, with the batch's mapping or a fixed one.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Store } from '../db/client.ts';
import { ingestBatches, quarantine } from '../db/schema/index.ts';
import { PrecisError } from '../errors.ts';
import type { DataCipher } from '../privacy/crypto.ts';
import { redactText } from '../privacy/redact.ts';
import { ingestFile, type BatchSummary, type IngestOptions } from './batch.ts';
import { loadMapping } from './mapping.ts';

export interface QuarantineBatch {
  batchId: number;
  source: string;
  platform: string;
  unresolved: number;
  reasons: Record<string, number>;
}

export async function listQuarantine(store: Store): Promise<QuarantineBatch[]> {
  const rows = await store.rows<{ batch_id: unknown; source: string; platform: string; reason: string; n: unknown }>(sql`
    select q.batch_id, b.source, b.platform, r.reason, count(*)::int as n
    from ${quarantine} q join ${ingestBatches} b on b.id = q.batch_id, jsonb_array_elements_text(q.reasons) r(reason)
    where q.resolved_at is null group by 1, 2, 3, 4 order by 1, 5 desc`);
  const totals = await store.rows<{ batch_id: unknown; n: unknown }>(sql`select batch_id, count(*)::int as n from ${quarantine} where resolved_at is null group by 1`);
  const byBatch = new Map<number, QuarantineBatch>();
  for (const r of rows) {
    const id = Number(r.batch_id);
    const entry = byBatch.get(id) ?? { batchId: id, source: r.source, platform: r.platform, unresolved: 0, reasons: {} };
    entry.reasons[r.reason] = Number(r.n);
    byBatch.set(id, entry);
  }
  for (const t of totals) {
    const entry = byBatch.get(Number(t.batch_id));
    if (entry) entry.unresolved = Number(t.n);
  }
  return [...byBatch.values()];
}

export interface QuarantinedRow {
  line: number;
  reasons: string[];
  /** The raw row with emails, phones and ID numbers masked. */
  masked: string;
}

export async function showQuarantine(store: Store, cipher: DataCipher, batchId: number, options: { reason?: string; limit: number }): Promise<QuarantinedRow[]> {
  const rows = await store.db
    .select()
    .from(quarantine)
    .where(and(eq(quarantine.batchId, batchId), isNull(quarantine.resolvedAt), options.reason ? sql`${quarantine.reasons} ? ${options.reason}` : undefined))
    .orderBy(asc(quarantine.sourceLine))
    .limit(options.limit);
  return rows.map((r) => ({ line: r.sourceLine, reasons: r.reasons, masked: redactText(cipher.decrypt(r.raw)).text }));
}

/**
 * Retries a batch's unresolved rows. Rows quarantined only as exact duplicates stay: their
 * original was loaded. The retried rows are marked resolved; any that fail again are in the
 * new batch's quarantine with their new reasons.
 */
export async function retryQuarantine(
  store: Store, cipher: DataCipher, batchId: number, options: Pick<IngestOptions, 'baseCurrency' | 'now'> & { mapping?: string },
): Promise<BatchSummary | undefined> {
  const [batch] = await store.db.select().from(ingestBatches).where(eq(ingestBatches.id, batchId));
  if (!batch) throw new PrecisError('input_invalid', { detail: `No batch ${batchId}. \`precis quarantine list\` shows the batches with quarantined rows.` });
  const rows = (await store.db.select().from(quarantine).where(and(eq(quarantine.batchId, batchId), isNull(quarantine.resolvedAt))).orderBy(asc(quarantine.sourceLine)))
    .filter((r) => r.reasons.some((reason) => reason !== 'duplicate_row'));
  if (rows.length === 0) return undefined;

  const mappingRef = options.mapping ?? batch.mapping;
  const mapping = loadMapping(mappingRef);
  const lines = rows.map((r) => cipher.decrypt(r.raw));
  const header = mapping.format === 'csv' ? [(batch.header ?? []).map((h) => (/[",\n]/.test(h) ? `"${h.replaceAll('"', '""')}"` : h)).join(mapping.csv.delimiter)] : [];
  // The rows pass through a private temporary file, deleted straight after.
  const dir = mkdtempSync(join(tmpdir(), 'precis-retry-'));
  const file = join(dir, `retry-of-batch-${batchId}.${mapping.format}`);
  try {
    writeFileSync(file, `${[...header, ...lines].join('\n')}\n`, { mode: 0o600 });
    const summary = await ingestFile(store, cipher, file, { ...options, platform: batch.platform, mapping, mappingRef, dryRun: false });
    // The same rows through the same mapping fail the same way: nothing to resolve then.
    if (summary.status === 'unchanged') return summary;
    await store.db.update(quarantine).set({ resolvedAt: new Date() }).where(and(eq(quarantine.batchId, batchId), isNull(quarantine.resolvedAt), sql`${quarantine.reasons} <> '["duplicate_row"]'::jsonb`));
    return summary;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
