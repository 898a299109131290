/**
 * The backup drill as a scheduled report (src/reports/types.ts): each run backs the store up,
 * restores it into a scratch database, and reports per table whether rows and checksums match.
 * A drill that cannot run at all (no pg_dump, no right to create a database) is reported as
 * failing with its reason, never swallowed. Table names and counts only: nothing personal.
 */
import type { KnownBlock } from '@slack/web-api';
import { desc, eq } from 'drizzle-orm';
import { auditLog } from '../db/schema/index.ts';
import { toPrecisError } from '../errors.ts';
import { t } from '../messages/index.ts';
import { iso, todayIn } from '../nl/calendar.ts';
import type { ProduceReport, ReportContext, ReportOutput } from '../reports/types.ts';
import { drillBackup, drillTable, type DrillResult } from './backup.ts';

const ACTOR = 'precis:backup_drill';

const size = (bytes: number) => (bytes >= 1 << 20 ? `${(bytes / (1 << 20)).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`);

function render(result: DrillResult, ctx: ReportContext): Pick<ReportOutput, 'text' | 'blocks'> {
  const failing = result.tables.filter((x) => !x.ok);
  const summary = result.ok
    ? t(ctx.lang, 'backup.drill_ok', { size: size(result.backupBytes), tables: result.tables.length, seconds: result.seconds.toFixed(1) })
    : t(ctx.lang, 'backup.drill_failed', { failing: failing.length, tables: result.tables.length, names: failing.map((x) => x.table).join(', ') });
  const table = drillTable(result);
  // Slack allows 3,000 characters per section: the full table when it fits, else the differing tables.
  const shown = table.length <= 2900 ? table : drillTable({ ...result, tables: failing }).slice(0, 2900);
  return {
    text: `${summary}\n${table}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: summary } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: t(ctx.lang, 'backup.drill_columns') }] },
      { type: 'section', text: { type: 'mrkdwn', text: `\`\`\`${shown}\`\`\`` } },
    ],
  };
}

export const backupDrillReport: ProduceReport = async (ctx) => {
  const title = t(ctx.lang, 'backup.drill_title', { date: iso(todayIn(ctx.now, ctx.timeZone)) });
  const header: KnownBlock = { type: 'header', text: { type: 'plain_text', text: title } };
  let wasOk: boolean | undefined;
  try {
    const [previous] = await ctx.store.db.select({ detail: auditLog.detail }).from(auditLog).where(eq(auditLog.action, 'backup_drill')).orderBy(desc(auditLog.id)).limit(1);
    wasOk = (previous?.detail as { ok?: boolean } | undefined)?.ok;
    const result = await drillBackup(ctx.store, ctx.cipher, ACTOR, { now: ctx.now });
    const body = render(result, ctx);
    return { title, text: `${title}\n${body.text}`, blocks: [header, ...body.blocks], changed: wasOk !== result.ok, failing: !result.ok };
  } catch (err) {
    const reason = toPrecisError(err).userMessage(ctx.lang);
    const text = t(ctx.lang, 'backup.drill_error', { reason });
    return { title, text: `${title}\n${text}`, blocks: [header, { type: 'section', text: { type: 'mrkdwn', text } }], changed: wasOk !== false, failing: true };
  }
};
