/**
 * Scheduled reports as admins manage them: add, list, pause, resume, remove. Every input is
 * checked here (cron by node-cron, time zone, channel id, report kind), every change needs the
 * `manage_schedules` action and is audited. Both doors (Slack, CLI) call these; neither checks
 * anything itself.
 */
import { EventEmitter } from 'node:events';
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Store } from '../db/client.ts';
import { reportKinds, scheduleRuns, schedules } from '../db/schema/index.ts';
import { PrecisError } from '../errors.ts';
import type { Lang } from '../messages/index.ts';
import { authorize, resolveRole, type Actor } from '../privacy/access.ts';
import { recordAudit } from '../privacy/audit.ts';
import type { ReportKind } from '../reports/types.ts';
import { isTimeZone } from '../time-zone.ts';
import { checkCron } from './cron.ts';
import { producers } from './reports.ts';

export type Schedule = typeof schedules.$inferSelect;
export type ScheduleRun = typeof scheduleRuns.$inferSelect;

export interface NewSchedule {
  cron: string;
  channel: string;
  kind: string;
  timeZone: string;
  lang: Lang;
  gate: boolean;
}

/** Public (C…) and private (G…) channel ids, as Slack writes them. */
const CHANNEL = /^[CG][A-Z0-9]{2,}$/;

const changes = new EventEmitter();

/** Calls `listener` after every change made in this process; returns the unsubscribe function. */
export function onSchedulesChanged(listener: () => void): () => void {
  changes.on('change', listener);
  return () => changes.off('change', listener);
}

async function mayManage(store: Store, by: Actor, now: Date): Promise<void> {
  authorize(await resolveRole(store, by, now), 'manage_schedules');
}

const isReportKind = (kind: string): kind is ReportKind => (reportKinds as readonly string[]).includes(kind);

function checkKind(kind: string): ReportKind {
  const available = reportKinds.filter((k) => producers[k]);
  if (!isReportKind(kind)) throw new PrecisError('usage', { detail: `"${kind}" is not a report; reports are ${available.join(', ')}.` });
  if (!producers[kind]) throw new PrecisError('usage', { detail: `The ${kind} report is not available in this version; reports are ${available.join(', ')}.` });
  return kind;
}

/**
 * Adds a schedule after checking every field; the running scheduler picks it up at once.
 *
 * @example await addSchedule(store, admin, { cron: '0 9 * * 1', channel: 'C123ABC456', kind: 'quality', timeZone: 'Asia/Shanghai', lang: 'en', gate: false })
 */
export async function addSchedule(store: Store, by: Actor, input: NewSchedule, now = new Date()): Promise<Schedule> {
  await mayManage(store, by, now);
  const cron = checkCron(input.cron);
  const kind = checkKind(input.kind);
  if (!isTimeZone(input.timeZone)) throw new PrecisError('usage', { detail: `"${input.timeZone}" is not a time zone; use an IANA name such as Asia/Shanghai or Europe/Berlin.` });
  if (!CHANNEL.test(input.channel)) throw new PrecisError('usage', { detail: `"${input.channel}" is not a channel id; give a channel such as C012AB3CD (in Slack, mention it: #marketing).` });
  const [row] = await store.db
    .insert(schedules)
    .values({ cron, kind, channel: input.channel, timeZone: input.timeZone, lang: input.lang, gate: input.gate, createdBy: by.id, createdAt: now, activeSince: now, updatedAt: now })
    .returning();
  if (!row) throw new Error('insert into schedules returned no row');
  await recordAudit(store, { actor: by.id, action: 'schedule_add', detail: { id: row.id, cron, timeZone: row.timeZone, channel: row.channel, kind, gate: row.gate } }, now);
  changes.emit('change');
  return row;
}

export interface ListedSchedule extends Schedule {
  lastRun: Pick<ScheduleRun, 'tickAt' | 'trigger' | 'status' | 'error'> | undefined;
}

/** Every schedule with its latest run, oldest schedule first. */
export async function listSchedules(store: Store, by: Actor, now = new Date()): Promise<ListedSchedule[]> {
  await mayManage(store, by, now);
  const rows = await store.db.select().from(schedules).orderBy(asc(schedules.id));
  const ids = rows.map((r) => r.id);
  const runs = ids.length === 0 ? [] : await store.db.selectDistinctOn([scheduleRuns.scheduleId]).from(scheduleRuns).where(inArray(scheduleRuns.scheduleId, ids)).orderBy(scheduleRuns.scheduleId, desc(scheduleRuns.startedAt), desc(scheduleRuns.id));
  const last = new Map(runs.map((r) => [r.scheduleId, { tickAt: r.tickAt, trigger: r.trigger, status: r.status, error: r.error }]));
  return rows.map((r) => ({ ...r, lastRun: last.get(r.id) }));
}

const noSuchSchedule = (id: number) => new PrecisError('usage', { detail: `There is no schedule ${id}; list them with "schedule list".` });

/** The schedule `id`, or a usage error naming it. */
export async function getSchedule(store: Store, id: number): Promise<Schedule> {
  const [row] = await store.db.select().from(schedules).where(eq(schedules.id, id));
  if (!row) throw noSuchSchedule(id);
  return row;
}

/** Pauses or resumes; a resumed schedule owes nothing for the ticks it slept through. Returns false when it already was. */
export async function setPaused(store: Store, by: Actor, id: number, paused: boolean, now = new Date()): Promise<boolean> {
  await mayManage(store, by, now);
  await getSchedule(store, id);
  const changed = await store.db
    .update(schedules)
    .set(paused ? { paused, updatedAt: now } : { paused, activeSince: now, updatedAt: now })
    .where(and(eq(schedules.id, id), eq(schedules.paused, !paused)))
    .returning({ id: schedules.id });
  if (changed.length === 0) return false;
  await recordAudit(store, { actor: by.id, action: paused ? 'schedule_pause' : 'schedule_resume', detail: { id } }, now);
  changes.emit('change');
  return true;
}

/** Removes the schedule and its run history. */
export async function removeSchedule(store: Store, by: Actor, id: number, now = new Date()): Promise<Schedule> {
  await mayManage(store, by, now);
  const [row] = await store.db.delete(schedules).where(eq(schedules.id, id)).returning();
  if (!row) throw noSuchSchedule(id);
  await recordAudit(store, { actor: by.id, action: 'schedule_remove', detail: { id, cron: row.cron, channel: row.channel, kind: row.kind } }, now);
  changes.emit('change');
  return row;
}

/** Parses a schedule id typed by a person ("3"). */
export function scheduleId(text: string | undefined): number {
  if (!text || !/^\d{1,12}$/.test(text)) throw new PrecisError('usage', { detail: `Give the schedule's number, as "schedule list" shows it${text ? ` ("${text}" is not one)` : ''}.` });
  return Number(text);
}
