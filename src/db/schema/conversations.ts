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
