/**
 * Export requests and their decisions. A request carries a reason, the query, how the query
 * reads in words and its row count; admins approve or deny it. The rules, all enforced here so
 * every door (Slack, CLI) gets them: only roles with `request_export` ask, only `approve_export`
 * decides; nobody approves their own request; the personal scope needs two distinct admins,
 * neither of them the requester; a denial carries a reason. Every step and every refusal is
 * audited. The reason is free text: anything personal in it is masked before it is kept.
 */
import { and, desc, eq, gt, isNull, like, ne, or } from 'drizzle-orm';
import { exportRequests, roles, threads, type ExportApproval, type ExportNotice, type ExportScope } from '../db/schema/index.ts';
import { PrecisError, toPrecisError } from '../errors.ts';
import { t, type Lang } from '../messages/index.ts';
import { describeQuery } from '../nl/rules/clarify.ts';
import { authorize, resolveRole, type Actor } from '../privacy/access.ts';
import { appendAudit, recordAudit } from '../privacy/audit.ts';
import { redactText } from '../privacy/redact.ts';
import { readingLine } from '../present/text.ts';
import { QuerySpec } from '../query/dsl.ts';
import type { TableAnswer } from '../assistant/types.ts';
import { countCustomerList } from './customer-list.ts';
import { nowOf, type ExportDeps, type ExportRequest } from './types.ts';

const MAX_REASON = 500;

/** Approvals each scope needs before the file is built. */
export const approvalsNeeded = (scope: ExportScope) => (scope === 'personal' ? 2 : 1);

function cleanReason(reason: string): string {
  const text = redactText(reason.replace(/\s+/g, ' ').trim()).text;
  if (text === '') throw new PrecisError('export_reason_missing');
  return text.slice(0, MAX_REASON);
}

/** Runs `query` for `actor` through the answer core: the same rows, redaction and audit as any answer. */
export async function runAnswer(deps: ExportDeps, actor: Actor, query: QuerySpec, lang: Lang): Promise<TableAnswer> {
  const answer = await deps.assistant.answer(describeQuery(query, lang), actor, { query, lang });
  if (answer.kind === 'table') return answer;
  throw new PrecisError('export_not_table', { detail: answer.kind === 'refusal' ? answer.message : describeQuery(query, lang) });
}

/** Audits a refused step (who tried what on which request, and why), then lets the refusal go on. */
async function auditedRefusal<T>(deps: ExportDeps, actor: Actor, step: string, id: number | null, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    const e = toPrecisError(err);
    await recordAudit(deps.store, { actor: actor.id, action: 'export_refused', detail: { step, id, code: e.code } }, nowOf(deps));
    throw err;
  }
}

export interface ExportAsk {
  query: QuerySpec;
  reason: string;
  scope: ExportScope;
  lang: Lang;
}

/**
 * Records a request after running its query once, so admins see how many rows they approve.
 *
 * @example await requestExport(deps, { id: 'U012', local: false }, { query, reason: 'Q3 review', scope: 'answer', lang: 'en' })
 */
export async function requestExport(deps: ExportDeps, actor: Actor, ask: ExportAsk): Promise<ExportRequest> {
  return auditedRefusal(deps, actor, 'request', null, async () => {
    const now = nowOf(deps);
    authorize(await resolveRole(deps.store, actor, now), 'request_export');
    const reason = cleanReason(ask.reason);
    const query = QuerySpec.parse(ask.query);
    const answer = await runAnswer(deps, actor, query, ask.lang);
    const personal = ask.scope === 'personal';
    const words = personal
      ? t(ask.lang, 'export.personal', { filters: answer.reading.filters.join(' · ') || t(ask.lang, 'export.all_customers') })
      : readingLine(answer.reading, ask.lang);
    const rowCount = personal ? await countCustomerList(deps.store, query, deps.timeZone) : answer.rows.length;
    // Each step and its audit entry commit together: no step without its entry.
    return deps.store.db.transaction(async (tx) => {
      const [row] = await tx.insert(exportRequests).values({ requester: actor.id, reason, query, words, lang: ask.lang, scope: ask.scope, rowCount, requestedAt: now }).returning();
      await appendAudit(tx, { actor: actor.id, action: 'export_request', detail: { id: row!.id, scope: ask.scope, query, rows: rowCount, reason } }, now);
      return row!;
    });
  });
}

export async function getExport(deps: Pick<ExportDeps, 'store'>, id: number): Promise<ExportRequest> {
  const [row] = await deps.store.db.select().from(exportRequests).where(eq(exportRequests.id, id));
  if (!row) throw new PrecisError('export_not_found', { id });
  return row;
}

export async function listExports(deps: Pick<ExportDeps, 'store'>, limit = 50): Promise<ExportRequest[]> {
  return deps.store.db.select().from(exportRequests).orderBy(desc(exportRequests.id)).limit(limit);
}

export interface Approval {
  request: ExportRequest;
  /** True when this approval was the last one needed: the file may be built now. */
  complete: boolean;
}

/** One admin's approval; the request is approved once its scope has enough of them. */
export async function approveExport(deps: ExportDeps, actor: Actor, id: number): Promise<Approval> {
  return auditedRefusal(deps, actor, 'approve', id, async () => {
    const now = nowOf(deps);
    authorize(await resolveRole(deps.store, actor, now), 'approve_export');
    const request = await deps.store.db.transaction(async (tx) => {
      // Locked, so two admins approving at once cannot both count as "the first".
      const [row] = await tx.select().from(exportRequests).where(eq(exportRequests.id, id)).for('update');
      if (!row) throw new PrecisError('export_not_found', { id });
      if (row.status !== 'requested') throw new PrecisError('export_closed', { id, status: row.status });
      if (row.requester === actor.id) throw new PrecisError('export_self_approval', { id });
      if (row.approvals.some((a) => a.admin === actor.id)) throw new PrecisError('export_already_approved', { id });
      const approvals: ExportApproval[] = [...row.approvals, { admin: actor.id, at: now.toISOString() }];
      const complete = approvals.length >= approvalsNeeded(row.scope);
      const set = complete
        ? { approvals, status: 'approved' as const, decidedAt: now, expiresAt: new Date(now.getTime() + deps.ttlHours * 3_600_000) }
        : { approvals };
      const [updated] = await tx.update(exportRequests).set(set).where(eq(exportRequests.id, id)).returning();
      await appendAudit(tx, { actor: actor.id, action: 'export_approve', detail: { id, approvals: approvals.length, needed: approvalsNeeded(row.scope), approved: complete } }, now);
      return updated!;
    });
    return { request, complete: request.status === 'approved' };
  });
}

/** Denies a request; the reason goes to the requester. */
export async function denyExport(deps: ExportDeps, actor: Actor, id: number, reason: string): Promise<ExportRequest> {
  return auditedRefusal(deps, actor, 'deny', id, async () => {
    const now = nowOf(deps);
    authorize(await resolveRole(deps.store, actor, now), 'approve_export');
    const why = cleanReason(reason);
    const row = await deps.store.db.transaction(async (tx) => {
      const [denied] = await tx
        .update(exportRequests)
        .set({ status: 'denied', deniedBy: actor.id, denyReason: why, decidedAt: now })
        .where(and(eq(exportRequests.id, id), eq(exportRequests.status, 'requested')))
        .returning();
      if (denied) await appendAudit(tx, { actor: actor.id, action: 'export_deny', detail: { id, reason: why } }, now);
      return denied;
    });
    if (!row) throw new PrecisError('export_closed', { id, status: (await getExport(deps, id)).status });
    return row;
  });
}

/** Remembers the Slack messages that told admins, so a decision can update them all. */
export async function rememberNotices(deps: Pick<ExportDeps, 'store'>, id: number, notices: ExportNotice[]): Promise<void> {
  await deps.store.db.update(exportRequests).set({ notices }).where(eq(exportRequests.id, id));
}

/** The admins who may decide `request`: everyone holding the admin role now, except its requester. */
export async function approvers(deps: Pick<ExportDeps, 'store' | 'clock'>, request: ExportRequest): Promise<string[]> {
  const rows = await deps.store.db
    .select({ userId: roles.userId })
    .from(roles)
    .where(and(eq(roles.role, 'admin'), ne(roles.userId, request.requester), or(isNull(roles.expiresAt), gt(roles.expiresAt, nowOf(deps)))))
    .orderBy(roles.userId);
  return rows.map((r) => r.userId);
}

/**
 * The query `actor` last had answered in a conversation whose id starts with `prefix` (a Slack
 * channel's threads: `C123:`), for "/precis export" typed outside any thread.
 */
export async function latestQueryIn(store: ExportDeps['store'], actor: string, prefix: string): Promise<QuerySpec | undefined> {
  const [row] = await store.db
    .select({ query: threads.query })
    .from(threads)
    .where(and(eq(threads.actor, actor), like(threads.id, `${prefix.replace(/[\\%_]/g, '\\$&')}%`)))
    .orderBy(desc(threads.updatedAt))
    .limit(1);
  const parsed = row ? QuerySpec.safeParse(row.query) : undefined;
  return parsed?.success ? parsed.data : undefined;
}
