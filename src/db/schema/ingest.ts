/** Ingest bookkeeping: one row per loaded file (batch), and every row that could not be loaded. */
import { bigint, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const batchStatuses = ['running', 'loaded', 'failed'] as const;

export const ingestBatches = pgTable('ingest_batches', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  platform: text('platform').notNull(),
  source: text('source').notNull(),
  /** sha256 of the file's bytes: the same file twice is recognised and changes nothing. */
  checksum: text('checksum').notNull().unique(),
  status: text('status', { enum: batchStatuses }).notNull(),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
  rowsRead: integer('rows_read').notNull().default(0),
  rowsLoaded: integer('rows_loaded').notNull().default(0),
  rowsMerged: integer('rows_merged').notNull().default(0),
  rowsQuarantined: integer('rows_quarantined').notNull().default(0),
  summary: jsonb('summary'),
});

export const quarantine = pgTable(
  'quarantine',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    batchId: bigint('batch_id', { mode: 'number' })
      .notNull()
      .references(() => ingestBatches.id),
    sourceLine: integer('source_line').notNull(),
    /** The raw row as read, so a fixed mapping can retry it; never logged. */
    raw: text('raw').notNull(),
    reasons: jsonb('reasons').$type<string[]>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  },
  (t) => [index('quarantine_batch').on(t.batchId)],
);
