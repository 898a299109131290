/**
 * Runs the scheduled reports: one node-cron task per active schedule, in the schedule's time
 * zone, reloaded when schedules change (at once for changes made in this process, within
 * `pollMs` for changes made elsewhere: the CLI, another replica).
 *
 * A tick posts at most once however many replicas fire it. Each replica tries to insert the run
 * key (schedule id + tick minute) into schedule_runs; the insert that lands owns the run, the
 * others do nothing. The claim is taken under a per-schedule advisory lock, which also covers
 * the missed-run scan at start: that scan reads the schedule's last tick and then writes, so
 * without the lock it could decide about a tick that another replica is claiming that moment.
 *
 * A run: produce the report → gate (cron runs of gated schedules post only when something
 * changed or fails) → post with retries → on failure, a direct message to every admin.
 * Ticks that passed while no scheduler ran are noted once, in the schedule's channel, on start.
 */
import type { WebClient } from '@slack/web-api';
import { and, count, eq, inArray, lt, max, sql } from 'drizzle-orm';
import { createTask, type ScheduledTask } from 'node-cron';
import type { Store } from '../db/client.ts';
import { scheduleRuns, schedules, type RunStatus, type RunTrigger } from '../db/schema/index.ts';
import { toPrecisError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { t } from '../messages/index.ts';
import { authorize, resolveRole, type Actor } from '../privacy/access.ts';
import { recordAudit } from '../privacy/audit.ts';
import type { DataCipher } from '../privacy/crypto.ts';
import { redactText } from '../privacy/redact.ts';
import type { ProduceReport, ReportKind } from '../reports/types.ts';
import { missedTicks } from './cron.ts';
import { producers as registered } from './reports.ts';
import { defaultRetry, postReport, reportName, slackErrorCode, tellAdmins, wallClock, type Retry } from './slack-post.ts';
import { getSchedule, onSchedulesChanged, type Schedule } from './store.ts';

export interface SchedulerDeps {
  store: Store;
  cipher: DataCipher;
  client: WebClient;
  log: Logger;
  clock?: () => Date;
  /** Defaults to the registry (src/schedule/reports.ts). */
  producers?: Partial<Record<ReportKind, ProduceReport>>;
  retry?: Retry;
  /** How often to look for changes made by other processes. */
  pollMs?: number;
  /** The privacy floor for reports that count customers (PRECIS_MIN_GROUP_SIZE). */
  minGroupSize?: number;
}

export interface RunResult {
  /** `taken`: another scheduler (or an earlier call) already owns this tick; `skipped`: paused or gone. */
  status: RunStatus | 'taken' | 'skipped';
  attempts: number;
  messageTs?: string;
}

export interface Scheduler {
  /** Loads the schedules, notes the runs missed while down, and starts the tasks. */
  start(): Promise<void>;
  /** Stops every task and waits for runs in progress. */
  stop(): Promise<void>;
  /** Runs `scheduleId` for the cron tick at `tickAt` (kept to the minute), as a node-cron task does. */
  tick(scheduleId: number, tickAt: Date): Promise<RunResult>;
  /** Posts the report now, gate or not, paused or not (`schedule run <id>`); admins only, audited. */
  runNow(by: Actor, scheduleId: number): Promise<RunResult>;
  /**
   * Closes runs left "running" by a stopped replica, then notes ticks missed up to now in each
   * active schedule's channel; returns how many schedules had some.
   */
  noteMissed(): Promise<number>;
  /** When each running task fires next, by schedule id. */
  nextRuns(): Map<number, Date | null>;
}

/** Arbitrary first key of the two-key advisory lock; the second is the schedule id. */
const SCHEDULE_LOCK = 0x73636864; // "schd"
/** How far back the missed-run scan looks: a month and a bit covers any realistic outage. */
const LOOK_BACK_MS = 35 * 24 * 60 * 60_000;
/** Longer than any run takes (the report, plus about a minute of post retries). */
const INTERRUPTED_AFTER_MS = 30 * 60_000;
/** node-cron skips a tick its timer reaches over a second late; a busy process should still post. */
const LATE_TOLERANCE_MS = 30_000;

const toMinute = (at: Date) => new Date(Math.floor(at.getTime() / 60_000) * 60_000);

/**
 * @example
 *   const scheduler = createScheduler({ store, cipher, client: app.client, log });
 *   await scheduler.start();   // … later, on shutdown:
 *   await scheduler.stop();
 */
export function createScheduler(deps: SchedulerDeps): Scheduler {
  const { store, client, log } = deps;
  const clock = deps.clock ?? (() => new Date());
  const producers = deps.producers ?? registered;
  const retry = deps.retry ?? defaultRetry;
  const tasks = new Map<number, { task: ScheduledTask; signature: string }>();
  const inFlight = new Set<Promise<unknown>>();
  let fingerprint = '';
  let running = false;
  let reloading: Promise<void> = Promise.resolve();
  let poll: NodeJS.Timeout | undefined;
  let unsubscribe: (() => void) | undefined;

  const track = <T>(work: Promise<T>): Promise<T> => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work)).catch(() => undefined);
    return work;
  };

  /** Inserts the run key under the schedule's lock; the run's id when this call owns the tick. */
  async function claim(schedule: Schedule, tickAt: Date, trigger: RunTrigger): Promise<number | undefined> {
    return store.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${SCHEDULE_LOCK}, ${schedule.id}::int)`);
      const [row] = await tx.insert(scheduleRuns).values({ scheduleId: schedule.id, tickAt, trigger, status: 'running', startedAt: clock() }).onConflictDoNothing().returning({ id: scheduleRuns.id });
      return row?.id;
    });
  }

  async function finish(runId: number, status: RunStatus, fields: { attempts?: number; messageTs?: string; error?: string } = {}): Promise<void> {
    await store.db.update(scheduleRuns).set({ status, ...fields, finishedAt: clock() }).where(eq(scheduleRuns.id, runId));
  }

  async function run(schedule: Schedule, tickAt: Date, trigger: RunTrigger): Promise<RunResult> {
    const runId = await claim(schedule, tickAt, trigger);
    if (runId === undefined) return { status: 'taken', attempts: 0 };
    const report = producers[schedule.kind];
    const name = reportName(schedule.lang, schedule.kind);
    const now = clock();
    let output;
    try {
      if (!report) throw new Error(`no producer registered for ${schedule.kind}`);
      output = await report({ store, cipher: deps.cipher, now, lang: schedule.lang, timeZone: schedule.timeZone, minGroupSize: deps.minGroupSize });
    } catch (err) {
      const e = toPrecisError(err);
      log.error('schedule_report_failed', { schedule: schedule.id, ref: e.params.ref, code: e.code, detail: redactText(e.detail ?? e.code).text });
      await finish(runId, 'failed', { error: `report_failed:${e.code}` });
      await tellAdmins(store, client, log, t(schedule.lang, 'schedule.report_failed', { report: name, id: schedule.id, channel: schedule.channel, ref: String(e.params.ref ?? e.code) }), now);
      return { status: 'failed', attempts: 0 };
    }
    if (trigger === 'cron' && schedule.gate && !output.changed && !output.failing) {
      await finish(runId, 'gated');
      return { status: 'gated', attempts: 0 };
    }
    const posted = await postReport(client, log, schedule.channel, output, retry);
    if (posted.ok) {
      await finish(runId, 'posted', { attempts: posted.attempts, messageTs: posted.ts });
      return { status: 'posted', attempts: posted.attempts, messageTs: posted.ts };
    }
    await finish(runId, 'failed', { attempts: posted.attempts, error: posted.error });
    const told = await tellAdmins(store, client, log, t(schedule.lang, 'schedule.post_failed', { report: name, id: schedule.id, channel: schedule.channel, attempts: posted.attempts, error: posted.error }), clock());
    log.error('schedule_post_failed', { schedule: schedule.id, attempts: posted.attempts, error: posted.error, adminsTold: told });
    return { status: 'failed', attempts: posted.attempts };
  }

  async function tick(scheduleId: number, tickAt: Date): Promise<RunResult> {
    const [schedule] = await store.db.select().from(schedules).where(eq(schedules.id, scheduleId));
    // A task may fire once more between a pause (or removal) elsewhere and the next reload.
    if (!schedule || schedule.paused) return { status: 'skipped', attempts: 0 };
    return run(schedule, toMinute(tickAt), 'cron');
  }

  /** Records and announces the ticks `schedule` missed; true when this replica noted them. */
  async function noteMissedFor(schedule: Schedule, task: ScheduledTask, now: Date): Promise<boolean> {
    const missed = await store.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${SCHEDULE_LOCK}, ${schedule.id}::int)`);
      const [last] = await tx
        .select({ at: max(scheduleRuns.tickAt) })
        .from(scheduleRuns)
        .where(and(eq(scheduleRuns.scheduleId, schedule.id), inArray(scheduleRuns.trigger, ['cron', 'missed'])));
      const since = Math.max(last?.at?.getTime() ?? 0, schedule.activeSince.getTime(), now.getTime() - LOOK_BACK_MS);
      const ticks = missedTicks(task, schedule.timeZone, new Date(since), now);
      if (!ticks) return undefined;
      const [row] = await tx
        .insert(scheduleRuns)
        .values({ scheduleId: schedule.id, tickAt: ticks.last, trigger: 'missed', status: 'missed', attempts: ticks.count, missedFrom: ticks.first, startedAt: now, finishedAt: now })
        .onConflictDoNothing()
        .returning({ id: scheduleRuns.id });
      return row ? ticks : undefined;
    });
    if (!missed) return false;
    log.warn('schedule_missed', { schedule: schedule.id, ticks: missed.count, from: missed.first.toISOString(), to: missed.last.toISOString() });
    const text = t(schedule.lang, 'schedule.missed', {
      report: reportName(schedule.lang, schedule.kind),
      id: schedule.id,
      count: missed.count,
      first: wallClock(missed.first, schedule.timeZone),
      last: wallClock(missed.last, schedule.timeZone),
      zone: schedule.timeZone,
    });
    try {
      await client.chat.postMessage({ channel: schedule.channel, text });
    } catch (err) {
      log.warn('schedule_missed_notice_failed', { schedule: schedule.id, error: slackErrorCode(err) });
    }
    return true;
  }

  const signatureOf = (s: Schedule) => `${s.cron}|${s.timeZone}`;

  function taskFor(schedule: Schedule): ScheduledTask {
    const task = createTask(
      schedule.cron,
      async (ctx) => {
        // node-cron logs a throw from here in its own words; ours are structured and PII-free.
        await track(tick(schedule.id, ctx.date)).catch((err: unknown) => {
          const e = toPrecisError(err);
          log.error('schedule_tick_failed', { schedule: schedule.id, ref: e.params.ref, detail: redactText(e.detail ?? e.code).text });
        });
      },
      { timezone: schedule.timeZone, name: `precis-schedule-${schedule.id}`, missedExecutionTolerance: LATE_TOLERANCE_MS, suppressMissedWarning: true },
    );
    return task;
  }

  /** Creates, replaces and destroys tasks so that exactly the active schedules have one; new ones start when running. */
  async function reload(): Promise<void> {
    fingerprint = await currentFingerprint();
    const active = await store.db.select().from(schedules).where(eq(schedules.paused, false));
    const keep = new Set(active.map((s) => s.id));
    for (const [id, entry] of tasks) {
      if (keep.has(id)) continue;
      await entry.task.destroy();
      tasks.delete(id);
    }
    for (const schedule of active) {
      const existing = tasks.get(schedule.id);
      if (existing?.signature === signatureOf(schedule)) continue;
      if (existing) await existing.task.destroy();
      const task = taskFor(schedule);
      tasks.set(schedule.id, { task, signature: signatureOf(schedule) });
      if (running) await task.start();
    }
  }

  async function currentFingerprint(): Promise<string> {
    const [row] = await store.db.select({ n: count(), at: max(schedules.updatedAt) }).from(schedules);
    return `${row?.n ?? 0}|${row?.at?.toISOString() ?? ''}`;
  }

  /** Reloads (one reload at a time) when this process changed something or the fingerprint moved. */
  const reloadSoon = (force: boolean) => {
    reloading = reloading
      .then(async () => {
        if (running && (force || (await currentFingerprint()) !== fingerprint)) await reload();
      })
      .catch((err: unknown) => log.error('schedule_reload_failed', { detail: redactText(toPrecisError(err).detail ?? '').text }));
    void track(reloading);
  };

  /**
   * A replica that stopped mid-run leaves its run "running" for good: no one else may take that
   * tick (its key is held), so it is closed as failed, visibly in `schedule list`.
   */
  async function closeInterrupted(now: Date): Promise<void> {
    const closed = await store.db
      .update(scheduleRuns)
      .set({ status: 'failed', error: 'interrupted', finishedAt: now })
      .where(and(eq(scheduleRuns.status, 'running'), lt(scheduleRuns.startedAt, new Date(now.getTime() - INTERRUPTED_AFTER_MS))))
      .returning({ scheduleId: scheduleRuns.scheduleId, tickAt: scheduleRuns.tickAt });
    for (const run of closed) log.warn('schedule_run_interrupted', { schedule: run.scheduleId, tick: run.tickAt.toISOString() });
  }

  async function noteMissed(): Promise<number> {
    const now = clock();
    await closeInterrupted(now);
    const active = await store.db.select().from(schedules).where(eq(schedules.paused, false));
    let noted = 0;
    for (const schedule of active) {
      const task = tasks.get(schedule.id)?.task ?? taskFor(schedule);
      try {
        if (await noteMissedFor(schedule, task, now)) noted += 1;
      } finally {
        if (!tasks.has(schedule.id)) await task.destroy();
      }
    }
    return noted;
  }

  return {
    async start() {
      await reload();
      await noteMissed();
      running = true;
      for (const { task } of tasks.values()) await task.start();
      unsubscribe = onSchedulesChanged(() => reloadSoon(true));
      poll = setInterval(() => reloadSoon(false), deps.pollMs ?? 30_000);
      poll.unref();
      log.info('scheduler_started', { schedules: tasks.size });
    },
    async stop() {
      running = false;
      unsubscribe?.();
      if (poll) clearInterval(poll);
      for (const { task } of tasks.values()) await task.stop();
      await Promise.allSettled([...inFlight]);
      for (const { task } of tasks.values()) await task.destroy();
      tasks.clear();
    },
    tick: (scheduleId, tickAt) => track(tick(scheduleId, tickAt)),
    async runNow(by, scheduleId) {
      const now = clock();
      authorize(await resolveRole(store, by, now), 'manage_schedules');
      const schedule = await getSchedule(store, scheduleId);
      await recordAudit(store, { actor: by.id, action: 'schedule_run', detail: { id: scheduleId } }, now);
      return track(run(schedule, now, 'manual'));
    },
    noteMissed,
    nextRuns: () => new Map([...tasks].map(([id, { task }]) => [id, task.getNextRun()])),
  };
}
