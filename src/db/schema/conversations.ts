/**
 * Conversations: the last query asked in each thread, so a follow-up ("and in Beijing?",
 * "按月拆分") edits it instead of starting over. Kept in the database, not in memory, so any
 * replica can answer the next message of a thread.
 */
import { jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const threads = pgTable('threads', {
  /** The door's id for the conversation: a Slack channel + thread ts, or a console session. */
  id: text('id').primaryKey(),
  actor: text('actor').notNull(),
  /** The validated QuerySpec last answered in the thread. */
  query: jsonb('query').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Verified answers: a phrasing an admin checked, with the query it must run. Consulted before
 * any parser; an answer that runs a verified query carries the mark.
 */
export const verifiedQueries = pgTable('verified_queries', {
  /** The question as the parser sees it (NFKC, lower-case, single spaces). */
  phrasing: text('phrasing').primaryKey(),
  query: jsonb('query').notNull(),
  verifiedBy: text('verified_by').notNull(),
  verifiedAt: timestamp('verified_at', { withTimezone: true }).notNull().defaultNow(),
});
