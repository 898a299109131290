/**
 * What the scheduler says in Slack: the report itself (retried with backoff, chart attached in
 * its thread), the notice of runs missed while Precis was down, and a direct message to every
 * admin when a report could not be posted. Nothing here throws at the scheduler except through
 * the result of `postReport`; the notes and alerts log their own failures.
 */
import type { WebClient } from '@slack/web-api';
import { and, eq, gt, isNull, or } from 'drizzle-orm';
import type { Store } from '../db/client.ts';
import { roles } from '../db/schema/index.ts';
import type { Logger } from '../log.ts';
import { t, type Lang } from '../messages/index.ts';
import type { ReportKind, ReportOutput } from '../reports/types.ts';

export interface Retry {
  /** Waits before the 2nd, 3rd, … attempt; its length + 1 is the number of attempts. */
  delaysMs: readonly number[];
  sleep: (ms: number) => Promise<void>;
}

/** Three attempts over about a minute, on top of the Web API client's own 429/5xx retries. */
export const defaultRetry: Retry = { delaysMs: [10_000, 50_000], sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) };

/** Slack errors that another attempt cannot fix: go straight to the admins. */
const PERMANENT = new Set(['channel_not_found', 'not_in_channel', 'is_archived', 'invalid_auth', 'account_inactive', 'token_revoked', 'missing_scope', 'invalid_blocks', 'msg_too_long']);

/** Slack's error code ("not_in_channel"), or the client's own, never a message body. */
export function slackErrorCode(err: unknown): string {
  const e = err as { data?: { error?: unknown }; code?: unknown } | null;
  return String(e?.data?.error ?? e?.code ?? (err instanceof Error ? err.name : 'error'));
}

export type PostResult = { ok: true; ts: string; attempts: number } | { ok: false; error: string; attempts: number };

/** Posts the report to `channel`, retrying per `retry`; the chart follows in the report's thread. */
export async function postReport(client: WebClient, log: Logger, channel: string, report: ReportOutput, retry: Retry): Promise<PostResult> {
  let error = 'error';
  for (let attempt = 1; ; attempt += 1) {
    try {
      const posted = await client.chat.postMessage({ channel, text: report.text, blocks: report.blocks });
      if (!posted.ts) throw new Error('chat.postMessage returned no ts');
      await attachChart(client, log, channel, posted.ts, report);
      return { ok: true, ts: posted.ts, attempts: attempt };
    } catch (err) {
      error = slackErrorCode(err);
      const wait = retry.delaysMs[attempt - 1];
      if (wait === undefined || PERMANENT.has(error)) return { ok: false, error, attempts: attempt };
      log.warn('schedule_post_retry', { channel, attempt, error });
      await retry.sleep(wait);
    }
  }
}

/** A chart that fails is logged; the report already stands. */
async function attachChart(client: WebClient, log: Logger, channel: string, threadTs: string, report: ReportOutput): Promise<void> {
  if (!report.chart) return;
  const { png, filename, alt } = report.chart;
  try {
    await client.filesUploadV2({ channel_id: channel, thread_ts: threadTs, file: png, filename, title: report.title, alt_text: alt });
  } catch (err) {
    log.warn('schedule_chart_failed', { channel, error: slackErrorCode(err) });
  }
}

/** Admins now (granted, not expired): who hears about a report that could not be posted. */
async function adminIds(store: Store, now: Date): Promise<string[]> {
  const rows = await store.db
    .select({ userId: roles.userId })
    .from(roles)
    .where(and(eq(roles.role, 'admin'), or(isNull(roles.expiresAt), gt(roles.expiresAt, now))));
  return rows.map((r) => r.userId);
}

/** Sends `text` to every admin by direct message; with none reachable, the log is the only record. */
export async function tellAdmins(store: Store, client: WebClient, log: Logger, text: string, now: Date): Promise<number> {
  let told = 0;
  for (const user of await adminIds(store, now)) {
    try {
      const opened = await client.conversations.open({ users: user });
      if (!opened.channel?.id) throw new Error('conversations.open returned no channel');
      await client.chat.postMessage({ channel: opened.channel.id, text });
      told += 1;
    } catch (err) {
      log.warn('schedule_admin_dm_failed', { user, error: slackErrorCode(err) });
    }
  }
  return told;
}

/** "2026-11-23 09:00" on the wall clock of `timeZone`. */
export function wallClock(at: Date, timeZone: string): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(at)
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** The report's name in a sentence ("the data-quality report"). */
export const reportName = (lang: Lang, kind: ReportKind) => t(lang, `schedule.kind.${kind}`);
