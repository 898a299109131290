/**
 * `precis schedule add "<cron>" <channel-id> <kind> [--tz Zone] [--gate] [--lang en|zh] | list |
 * pause <id> | resume <id> | remove <id> | run <id>` — scheduled reports from the command line.
 * The checks, the permission and the audit live in src/schedule; `run` posts now, so it needs
 * the Slack bot token.
 */
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { WebClient } from '@slack/web-api';
import { z } from 'zod';
import { PrecisError } from '../errors.ts';
import { createScheduler } from '../schedule/scheduler.ts';
import { wallClock } from '../schedule/slack-post.ts';
import { addSchedule, listSchedules, removeSchedule, scheduleId, setPaused, type ListedSchedule, type Schedule } from '../schedule/store.ts';
import { parseFlags, withMaintenanceStore, type CommandContext } from './common.ts';

export const SCHEDULE_USAGE = 'precis schedule add "<cron>" <channel-id> <kind> [--tz Zone] [--gate] [--lang en|zh] | list | pause <id> | resume <id> | remove <id> | run <id>';

const AddFlags = z.object({
  tz: z.string().optional(),
  gate: z.boolean().default(false),
  lang: z.enum(['en', 'zh'], { error: '--lang takes en or zh' }).optional(),
});

/** One schedule per line, as `list` and `add` show it. */
function line(s: Schedule & { lastRun?: ListedSchedule['lastRun'] }): string {
  const flags = [s.gate ? 'gated' : '', s.paused ? 'paused' : ''].filter(Boolean).join(', ');
  const last = s.lastRun ? `last: ${s.lastRun.status} ${wallClock(s.lastRun.tickAt, s.timeZone)} (${s.lastRun.trigger})${s.lastRun.error ? ` ${s.lastRun.error}` : ''}` : 'not run yet';
  return `${s.id}  "${s.cron}" ${s.timeZone}  ${s.channel}  ${s.kind}${flags ? `  [${flags}]` : ''}  ${last}`;
}

export async function scheduleCommand(args: string[], ctx: CommandContext): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({ args: rest, options: { tz: { type: 'string' }, gate: { type: 'boolean' }, lang: { type: 'string' } }, allowPositionals: true });
  const operator = { id: `local:${userInfo().username}`, local: true };
  const out = (text: string) => ctx.io.stdout.write(`${text}\n`);
  return withMaintenanceStore(ctx, async (store, cipher) => {
    if (sub === 'add') {
      const [cron, channel, kind] = positionals;
      if (!cron || !channel || !kind || positionals.length > 3) throw new PrecisError('usage', { detail: `precis schedule add takes the cron expression in quotes, a channel id and a report kind, e.g. precis schedule add "0 9 * * 1" C012AB3CD quality` });
      const flags = parseFlags(AddFlags, values);
      const added = await addSchedule(store, operator, { cron, channel, kind, timeZone: flags.tz ?? ctx.config.timeZone, lang: flags.lang ?? ctx.config.lang, gate: flags.gate });
      out(`Added: ${line(added)}`);
      return 0;
    }
    if (sub === 'list') {
      const rows = await listSchedules(store, operator);
      if (rows.length === 0) out('No scheduled reports yet. Add one with: precis schedule add "0 9 * * 1" C012AB3CD quality');
      for (const row of rows) out(line(row));
      return 0;
    }
    if (sub === 'pause' || sub === 'resume') {
      const id = scheduleId(positionals[0]);
      const changed = await setPaused(store, operator, id, sub === 'pause');
      out(changed ? `Schedule ${id} ${sub === 'pause' ? 'is paused' : 'runs again'}.` : `Schedule ${id} already ${sub === 'pause' ? 'was paused' : 'was running'}.`);
      return 0;
    }
    if (sub === 'remove') {
      const removed = await removeSchedule(store, operator, scheduleId(positionals[0]));
      out(`Removed schedule ${removed.id}.`);
      return 0;
    }
    if (sub === 'run') {
      const id = scheduleId(positionals[0]);
      const slack = ctx.config.slack;
      if (!slack) throw new PrecisError('usage', { detail: 'precis schedule run posts to Slack: set SLACK_BOT_TOKEN (with SLACK_APP_TOKEN or SLACK_SIGNING_SECRET) as for precis start.' });
      const client = new WebClient(slack.botToken, { slackApiUrl: slack.apiUrl });
      const result = await createScheduler({ store, cipher, client, log: ctx.log, minGroupSize: ctx.config.minGroupSize }).runNow(operator, id);
      if (result.status === 'posted') out(`Schedule ${id}: posted (message ${result.messageTs}).`);
      else ctx.io.stderr.write(`Schedule ${id}: ${result.status === 'failed' ? `not posted after ${result.attempts} attempt(s); admins were told, and the log has the reason` : result.status}.\n`);
      return result.status === 'posted' ? 0 : 1;
    }
    throw new PrecisError('usage', { detail: SCHEDULE_USAGE });
  });
}
