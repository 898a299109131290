/**
 * Export requests: a person asks for an answer's rows as a CSV, with a reason; admins approve or
 * deny; the file is delivered privately and expires. Nothing personal is stored here: the query
 * is the validated DSL object, the words are the redacted reading of it, and the reason is
 * masked before it is kept. The CSV itself is never stored; it is built at delivery.
 */
import { bigint, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** `answer`: the answer's table, redacted. `personal`: a customer list with clear contact fields (two admins). */
export const exportScopes = ['answer', 'personal'] as const;
export type ExportScope = (typeof exportScopes)[number];

export const exportStatuses = ['requested', 'approved', 'denied', 'delivered', 'expired'] as const;
export type ExportStatus = (typeof exportStatuses)[number];

/** One admin's approval. */
export interface ExportApproval {
  admin: string;
  at: string;
}

/** A Slack message that told admins about the request, updated when it is decided. */
export interface ExportNotice {
  channel: string;
  ts: string;
}

export const exportRequests = pgTable(
  'export_requests',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    /** A Slack user id, or `local:<os user>` for a request made at the CLI. */
    requester: text('requester').notNull(),
    reason: text('reason').notNull(),
    query: jsonb('query').notNull(),
    /** How the query reads, in the requester's language: what the admins decide on. */
    words: text('words').notNull(),
    lang: text('lang', { enum: ['en', 'zh'] }).notNull(),
    scope: text('scope', { enum: exportScopes }).notNull(),
    rowCount: integer('row_count').notNull(),
    status: text('status', { enum: exportStatuses }).notNull().default('requested'),
    approvals: jsonb('approvals').$type<ExportApproval[]>().notNull().default([]),
    deniedBy: text('denied_by'),
    denyReason: text('deny_reason'),
    notices: jsonb('notices').$type<ExportNotice[]>().notNull().default([]),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    /** Set at approval: past it the file is deleted and no download is given. */
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    /** The Slack file the CSV was uploaded as, deleted at expiry. */
    fileId: text('file_id'),
  },
  (t) => [index('export_requests_status').on(t.status), index('export_requests_requester').on(t.requester)],
);
