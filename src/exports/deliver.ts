/**
 * Building and handing over an approved export, and expiring it. The CSV is built at delivery,
 * never stored: the answer scope re-runs the query through the answer core as the requester
 * (same rows, same redaction, and the requester must still hold a role that may ask); the
 * personal scope reads the customer list (src/exports/customer-list.ts). Past `expires_at` no
 * file is given, and the sweep deletes the delivered one. Every delivery and expiry is audited.
 */
import { createHash } from 'node:crypto';
import { and, inArray, lte, eq } from 'drizzle-orm';
import { exportRequests } from '../db/schema/index.ts';
import { PrecisError } from '../errors.ts';
import type { Lang } from '../messages/index.ts';
import type { Actor } from '../privacy/access.ts';
import { appendAudit } from '../privacy/audit.ts';
import { QuerySpec } from '../query/dsl.ts';
import { toCsv } from './csv.ts';
import { customerList } from './customer-list.ts';
import { getExport, runAnswer } from './requests.ts';
import { actorOf, nowOf, type ExportDeps, type ExportRequest } from './types.ts';

export interface ExportFile {
  filename: string;
  csv: string;
  rows: number;
}

export async function buildExportFile(deps: ExportDeps, request: ExportRequest): Promise<ExportFile> {
  const query = QuerySpec.parse(request.query);
  const lang = request.lang as Lang;
  const filename = `precis-export-${request.id}.csv`;
  if (request.scope === 'personal') {
    if (!deps.cipher) throw new PrecisError('config_invalid', { problems: 'no data key is loaded, so a personal export cannot be built' });
    const list = await customerList(deps.store, deps.cipher, query, deps.timeZone, lang);
    return { filename, csv: toCsv(list.header, list.rows), rows: list.rows.length };
  }
  const answer = await runAnswer(deps, actorOf(request.requester), query, lang);
  return { filename, csv: toCsv(answer.columns.map((c) => c.label), answer.rows), rows: answer.rows.length };
}

/**
 * Builds the approved export and hands it to `send` (a Slack upload, a file on disk), which
 * returns the id of what it made when there is one (the Slack file id, deleted at expiry).
 * `by` is who receives it: only the requester may.
 */
export async function deliverExport(deps: ExportDeps, by: Actor, id: number, send: (file: ExportFile) => Promise<string | undefined>): Promise<ExportRequest> {
  const now = nowOf(deps);
  const request = await getExport(deps, id);
  if (by.id !== request.requester) throw new PrecisError('export_not_found', { id });
  if (request.status === 'expired' || (request.expiresAt && request.expiresAt <= now)) {
    throw new PrecisError('export_expired', { id, at: (request.expiresAt ?? now).toISOString().slice(0, 16).replace('T', ' ') });
  }
  if (request.status === 'requested') throw new PrecisError('export_pending', { id });
  if (request.status !== 'approved' && request.status !== 'delivered') throw new PrecisError('export_closed', { id, status: request.status });
  const file = await buildExportFile(deps, request);
  const fileId = await send(file);
  const sha256 = createHash('sha256').update(file.csv).digest('hex');
  return deps.store.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(exportRequests)
      .set({ status: 'delivered', deliveredAt: now, ...(fileId ? { fileId } : {}) })
      .where(eq(exportRequests.id, id))
      .returning();
    await appendAudit(tx, { actor: by.id, action: 'export_deliver', detail: { id, scope: request.scope, rows: file.rows, bytes: Buffer.byteLength(file.csv), sha256, fileId: fileId ?? null } }, now);
    return updated!;
  });
}

/**
 * Marks every approved or delivered export past its time as expired, deleting its Slack file
 * first when `deleteFile` is given (a delete that fails stops the sweep and leaves that request
 * open, so the next sweep tries again). Returns the requests expired.
 */
export async function expireExports(deps: ExportDeps, deleteFile?: (fileId: string) => Promise<void>): Promise<ExportRequest[]> {
  const now = nowOf(deps);
  const due = await deps.store.db
    .select()
    .from(exportRequests)
    .where(and(inArray(exportRequests.status, ['approved', 'delivered']), lte(exportRequests.expiresAt, now)));
  const expired: ExportRequest[] = [];
  for (const request of due) {
    const fileDeleted = request.fileId !== null && deleteFile !== undefined;
    if (fileDeleted) await deleteFile(request.fileId!);
    // Conditional, so two replicas sweeping at once expire (and audit) each request once.
    const row = await deps.store.db.transaction(async (tx) => {
      const [done] = await tx
        .update(exportRequests)
        .set({ status: 'expired' })
        .where(and(eq(exportRequests.id, request.id), inArray(exportRequests.status, ['approved', 'delivered'])))
        .returning();
      if (done) await appendAudit(tx, { actor: 'precis', action: 'export_expire', detail: { id: request.id, fileId: request.fileId, fileDeleted } }, now);
      return done;
    });
    if (row) expired.push(row);
  }
  return expired;
}
