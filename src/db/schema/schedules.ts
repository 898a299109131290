/**
 * Scheduled reports (issue 7): what to post where and when (schedules), and one row per run of a
 * schedule (schedule_runs). The unique (schedule_id, tick_at) key is what makes a tick post at
 * most once however many replicas fire it: only the replica whose insert lands runs the report.
 */
import { bigint, boolean, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

export const reportKinds = ['quality', 'backup_drill', 'access_review', 'model_refresh'] as const;

export const schedules = pgTable('schedules', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  /** Five-field cron expression, read in `time_zone` ("0 9 * * 1" is Mondays 09:00 there). */
  cron: text('cron').notNull(),
  /** IANA zone, e.g. Asia/Shanghai. */
  timeZone: text('time_zone').notNull(),
  /** Slack channel id (C…, G…). */
  channel: text('channel').notNull(),
  kind: text('kind', { enum: reportKinds }).notNull(),
  /** Language the report is written in. */
  lang: text('lang', { enum: ['en', 'zh'] }).notNull(),
  /** Post only when something changed since the last run or a check fails. */
  gate: boolean('gate').notNull().default(false),
  paused: boolean('paused').notNull().default(false),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  /** Since when ticks count as due: creation, or the last resume (ticks while paused were never due). */
  activeSince: timestamp('active_since', { withTimezone: true }).notNull().defaultNow(),
  /** Bumped by every change, so running schedulers can tell cheaply that they must reload. */
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const runTriggers = ['cron', 'manual', 'missed'] as const;
export type RunTrigger = (typeof runTriggers)[number];

/**
 * running → posted | gated (nothing new, gate on) | failed (after the retries; admins told);
 * missed: ticks that passed while no scheduler ran, noted once on the next start.
 */
export const runStatuses = ['running', 'posted', 'gated', 'failed', 'missed'] as const;
export type RunStatus = (typeof runStatuses)[number];

export const scheduleRuns = pgTable(
  'schedule_runs',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    scheduleId: bigint('schedule_id', { mode: 'number' })
      .notNull()
      .references(() => schedules.id, { onDelete: 'cascade' }),
    /** The cron tick (to the minute) this run is for; for a missed row, the latest tick missed. */
    tickAt: timestamp('tick_at', { withTimezone: true }).notNull(),
    trigger: text('trigger', { enum: runTriggers }).notNull(),
    status: text('status', { enum: runStatuses }).notNull(),
    /** Post attempts made; for a missed row, how many ticks were missed. */
    attempts: integer('attempts').notNull().default(0),
    /** First tick of a missed stretch. */
    missedFrom: timestamp('missed_from', { withTimezone: true }),
    messageTs: text('message_ts'),
    /** Slack's error code or a short reason; never report content. */
    error: text('error'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('schedule_runs_run_key').on(t.scheduleId, t.tickAt)],
);
