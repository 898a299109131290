/**
 * `/precis schedule add "<cron>" #channel <report> [--tz Zone] [--gate] | list | pause <n> |
 * resume <n> | remove <n>` — scheduled reports, for admins (src/schedule/store.ts checks, decides
 * and audits; the running scheduler picks changes up at once). The reply goes only to the admin.
 */
import { PrecisError, toPrecisError } from '../errors.ts';
import type { Lang } from '../messages/index.ts';
import type { Actor } from '../privacy/access.ts';
import { redactText } from '../privacy/redact.ts';
import { wallClock } from '../schedule/slack-post.ts';
import { addSchedule, listSchedules, removeSchedule, scheduleId, setPaused, type ListedSchedule, type Schedule } from '../schedule/store.ts';
import type { Door } from './reply.ts';
import { word } from './words.ts';

/** `<#C012AB3CD|marketing>` (a mention, with should_escape), `<#C012AB3CD>` or a bare id. */
const CHANNEL = /^(?:<#([CG][A-Z0-9]{2,})(?:\|[^>]*)?>|([CG][A-Z0-9]{2,}))$/;
/** Slack (or the keyboard) may curl the quotes around the cron expression. */
const QUOTED = /^["“”'‘’]([^"“”'‘’]*)["“”'‘’]\s*(.*)$/s;
/** `--gate`; phones and Macs turn `--` into an em or en dash. */
const FLAG = /^(?:--|—|–)(tz|gate|lang)$/;

/** Runs the schedule subcommand in `text` (what follows "schedule"); returns the reply, a refusal or an apology. */
export async function scheduleReply(door: Door, by: Actor, text: string, lang: Lang): Promise<string> {
  try {
    return await runSchedule(door, by, text.trim(), lang, (door.deps.clock ?? (() => new Date()))());
  } catch (err) {
    const e = toPrecisError(err);
    if (e.code === 'internal') door.deps.log.error('slack_schedule_failed', { requestId: door.requestId, ref: e.params.ref, detail: redactText(e.detail ?? '').text });
    return e.code === 'usage' ? `${e.userMessage(lang)}\n${word(lang, 'schedule_usage')}` : e.userMessage(lang);
  }
}

async function runSchedule(door: Door, by: Actor, text: string, lang: Lang, now: Date): Promise<string> {
  const { store } = door.deps;
  const [sub = '', ...words] = text.split(/\s+/);
  if (sub === 'add') {
    const added = await addSchedule(store, by, { ...parseAdd(text.slice(sub.length).trim(), door.deps.timeZone ?? 'UTC'), lang }, now);
    return word(lang, 'schedule_added', { id: added.id, line: line(added, lang) });
  }
  if (sub === 'list') {
    const rows = await listSchedules(store, by, now);
    return rows.length === 0 ? word(lang, 'schedule_list_empty') : rows.map((r) => line(r, lang)).join('\n');
  }
  if (sub === 'pause' || sub === 'resume') {
    const id = scheduleId(words[0]);
    const changed = await setPaused(store, by, id, sub === 'pause', now);
    const key = sub === 'pause' ? (changed ? 'schedule_paused' : 'schedule_already_paused') : changed ? 'schedule_resumed' : 'schedule_already_running';
    return word(lang, key, { id });
  }
  if (sub === 'remove') return word(lang, 'schedule_removed', { id: (await removeSchedule(store, by, scheduleId(words[0]), now)).id });
  throw new PrecisError('usage', { detail: sub ? `"${sub}" is not a schedule command.` : 'What should I do with schedules?' });
}

/** `"0 9 * * 1" <#C…|name> quality --tz Europe/Berlin --gate`; the quotes may be left out. */
function parseAdd(rest: string, defaultZone: string): { cron: string; channel: string; kind: string; timeZone: string; gate: boolean } {
  const quoted = QUOTED.exec(rest);
  let cron: string;
  let after: string[];
  if (quoted) {
    cron = quoted[1] ?? '';
    after = (quoted[2] ?? '').split(/\s+/).filter(Boolean);
  } else {
    const words = rest.split(/\s+/).filter(Boolean);
    const at = words.findIndex((w) => CHANNEL.test(w) || w.startsWith('#'));
    if (at < 1) throw new PrecisError('usage', { detail: 'Give the cron expression in quotes, then the channel and the report.' });
    cron = words.slice(0, at).join(' ');
    after = words.slice(at);
  }
  const [channelToken = '', kind = '', ...flags] = after;
  const m = CHANNEL.exec(channelToken);
  if (!m) throw new PrecisError('usage', { detail: `Mention the channel so that Slack links it (#marketing)${channelToken ? `; "${channelToken}" is not a channel Slack linked` : ''}.` });
  if (!kind) throw new PrecisError('usage', { detail: 'Name the report to post, e.g. quality.' });
  let timeZone: string | undefined;
  let gate = false;
  for (let i = 0; i < flags.length; i += 1) {
    const flag = FLAG.exec(flags[i] ?? '')?.[1];
    if (flag === 'gate') gate = true;
    else if (flag === 'tz' && flags[i + 1]) timeZone = flags[++i];
    else throw new PrecisError('usage', { detail: `I do not know "${flags[i]}" here.` });
  }
  return { cron, channel: (m[1] ?? m[2])!, kind, timeZone: timeZone ?? defaultZone, gate };
}

/** One schedule as `list` and `add` show it. */
function line(s: Schedule & { lastRun?: ListedSchedule['lastRun'] }, lang: Lang): string {
  const flags = `${s.gate ? word(lang, 'schedule_flag_gated') : ''}${s.paused ? word(lang, 'schedule_flag_paused') : ''}`;
  const last = s.lastRun ? word(lang, 'schedule_last_run', { status: s.lastRun.status, at: wallClock(s.lastRun.tickAt, s.timeZone) }) : word(lang, 'schedule_never_run');
  return word(lang, 'schedule_line', { id: s.id, cron: s.cron, zone: s.timeZone, channel: s.channel, kind: s.kind, flags, last });
}
