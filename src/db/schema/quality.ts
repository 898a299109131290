/**
 * Data-quality history: one row per run of the check suite, and one row per check per run with
 * its measured value, so scores, trends and "failing since" are read back from here. Samples
 * of offending rows are stored redacted (ids and non-personal values only), never clear PII.
 */
import { bigint, boolean, doublePrecision, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const qualityStatuses = ['pass', 'fail', 'skipped'] as const;
export type QualityStatus = (typeof qualityStatuses)[number];

export const qualityRuns = pgTable(
  'quality_runs',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    ranAt: timestamp('ran_at', { withTimezone: true }).notNull(),
    /** 0–100: the mean of the dimension scores. */
    score: doublePrecision('score').notNull(),
    /** dimension → 0–100 (share of its evaluated checks that pass); dimensions with none are absent. */
    dimensions: jsonb('dimensions').$type<Record<string, number>>().notNull(),
    seconds: doublePrecision('seconds').notNull(),
  },
  (t) => [index('quality_runs_ran_at').on(t.ranAt)],
);

export const qualityResults = pgTable(
  'quality_results',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    runId: bigint('run_id', { mode: 'number' })
      .notNull()
      .references(() => qualityRuns.id, { onDelete: 'cascade' }),
    checkId: text('check_id').notNull(),
    status: text('status', { enum: qualityStatuses }).notNull(),
    /** The measured value in the check's unit (count, percent, hours, robust z); null when skipped for lack of data. */
    value: doublePrecision('value'),
    /** Offending rows (or batches, products, days) and how many were looked at. */
    violations: bigint('violations', { mode: 'number' }).notNull(),
    considered: bigint('considered', { mode: 'number' }).notNull(),
    /** `considered` is the planner's row estimate: the table is large and none of its checks reads a row (src/quality/pass.ts). */
    consideredEstimated: boolean('considered_estimated').notNull().default(false),
    /** Start of the current failing streak (this run's time when it starts now). */
    failingSince: timestamp('failing_since', { withTimezone: true }),
    /** Up to five redacted examples of what fails, for people. */
    samples: jsonb('samples').$type<string[]>().notNull().default([]),
  },
  (t) => [index('quality_results_run').on(t.runId), index('quality_results_check').on(t.checkId, t.runId)],
);
