/**
 * Exports in Slack: asking (the "Export this" button opens a form for the reason; "export this
 * because …" in an answer's thread; `/precis export [personal] <reason>`), the admins' message
 * with the query in words, the row count and Approve / Deny (Deny asks for a reason in a form),
 * the file uploaded to the requester in a direct message, and its deletion when it expires.
 * Every rule and every audit entry is in src/exports; this file only speaks Slack.
 */
import type { App } from '@slack/bolt';
import type { KnownBlock } from '@slack/web-api';
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import { lastQuery } from '../assistant/threads.ts';
import { toPrecisError } from '../errors.ts';
import {
  approvalsNeeded,
  approveExport,
  approvers,
  deliverExport,
  denyExport,
  expireExports,
  getExport,
  latestQueryIn,
  rememberNotices,
  requestExport,
  type ExportDeps,
  type ExportRequest,
  type ExportSettings,
} from '../exports/index.ts';
import { detectLang, type Lang } from '../messages/index.ts';
import { actionIds } from '../present/blocks.ts';
import type { Actor } from '../privacy/access.ts';
import { redactText } from '../privacy/redact.ts';
import type { ExportScope } from '../db/schema/index.ts';
import type { QuerySpec } from '../query/dsl.ts';
import { parsePayload } from './payloads.ts';
import { queryOfButton } from './picks.ts';
import { orApologize, tellPrivately, threadIdOf, type Door, type SlackDeps } from './reply.ts';
import { word } from './words.ts';
import { ClickWithTrigger, plain, readJson, reasonForm, Submission } from './forms.ts';
import { onMessageClick, type DoorFor } from './listeners/door.ts';

/** What the door needs for exports besides the answer core; from configuration at start. */
export interface SlackExportSettings extends ExportSettings {
  /** The channel admins decide in; without it each admin gets a direct message. */
  adminChannel?: string | undefined;
}

/** The configuration's defaults, for a door built without export settings (tests of other features). */
const DEFAULT_SETTINGS: SlackExportSettings = { ttlHours: 24, timeZone: 'Asia/Shanghai' };

export const exportActionIds = { approve: 'precis_export_approve', deny: 'precis_export_deny' } as const;
export const exportViewIds = { request: 'precis_export_request', deny: 'precis_export_deny_reason' } as const;

export const exportDepsOf = (deps: SlackDeps): ExportDeps & SlackExportSettings => ({
  ...(deps.exports ?? DEFAULT_SETTINGS),
  store: deps.store,
  assistant: deps.assistant,
  ...(deps.clock ? { clock: deps.clock } : {}),
});

const when = (d: Date | null) => (d ? `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC` : '');
const slackError = (err: unknown) => String((err as { data?: { error?: unknown } }).data?.error ?? '');

// ── Asking ───────────────────────────────────────────────────────────────────────────────────

/** Records the request and tells the admins; returns what to tell the requester (privately). */
async function ask(door: Door, actor: Actor, query: QuerySpec, reason: string, scope: ExportScope, lang: Lang): Promise<string> {
  const request = await requestExport(exportDepsOf(door.deps), actor, { query, reason, scope, lang });
  await notifyAdmins(door, request);
  const key = request.scope === 'personal' ? 'export_requested_personal' : 'export_requested';
  return word(lang, key, { id: request.id, words: request.words, rows: request.rowCount });
}

/** "export this [personal] because …" / "导出这份数据，因为…": the words after it are the reason. */
const EXPORT_THIS = /^(?:export this|导出这份数据|导出这个)(\s*(?:personal|个人信息))?(?=$|[\s,:;，：；])[\s,:;，：；]*(?:(?:because|for|as|因为|用于)\s*)?(.*)$/is;

/**
 * Handles a thread message that asks for an export of the thread's last answer; false when the
 * message is something else (a question for the core).
 */
export async function exportFromThread(door: Door, where: { channel: string; threadTs: string }, actor: Actor, text: string): Promise<boolean> {
  const m = EXPORT_THIS.exec(text.trim());
  if (!m) return false;
  const lang = detectLang(text);
  const to = { channel: where.channel, user: actor.id, threadTs: where.threadTs };
  await orApologize(door, to, lang, async () => {
    const query = await lastQuery(door.deps.store, threadIdOf(where.channel, where.threadTs));
    if (!query) return tellPrivately(door, to, word(lang, 'export_no_query'));
    const reason = m[2]!.trim();
    if (!reason) return tellPrivately(door, to, word(lang, 'export_reason_missing'));
    await tellPrivately(door, to, await ask(door, actor, query, reason, m[1] ? 'personal' : 'answer', lang));
  });
  return true;
}

/** `/precis export [personal] <reason>`: exports the asker's last answered question in this channel. */
export async function exportCommandReply(door: Door, actor: Actor, channel: string, args: string[], lang: Lang): Promise<string> {
  const personal = args[0]?.toLowerCase() === 'personal';
  const reason = (personal ? args.slice(1) : args).join(' ');
  try {
    const query = await latestQueryIn(door.deps.store, actor.id, `${channel}:`);
    if (!query) return word(lang, 'export_no_query');
    if (!reason.trim()) return word(lang, 'export_reason_missing');
    return await ask(door, actor, query, reason, personal ? 'personal' : 'answer', lang);
  } catch (err) {
    const e = toPrecisError(err);
    if (e.code === 'internal') door.deps.log.error('slack_export_failed', { requestId: door.requestId, ref: e.params.ref, detail: redactText(e.detail ?? '').text });
    return e.userMessage(lang);
  }
}

/** The optional tick box of the request form: the personal scope. */
const scopeInput = (lang: Lang): KnownBlock => ({
  type: 'input',
  block_id: 'scope',
  optional: true,
  label: plain(word(lang, 'export_scope_label')),
  element: { type: 'checkboxes', action_id: 'scope', options: [{ text: plain(word(lang, 'export_scope_personal')), value: 'personal' }] },
});

/** What the reason form carries between the click and the submission. */
const RequestForm = z.object({ ref: z.string(), channel: z.string(), threadTs: z.string().optional(), lang: z.enum(['en', 'zh']) });
const DenyForm = z.object({ id: z.number().int().positive(), lang: z.enum(['en', 'zh']) });

// ── Admins ───────────────────────────────────────────────────────────────────────────────────

const scopeWords = (lang: Lang, scope: ExportScope) => word(lang, scope === 'personal' ? 'export_scope_personal' : 'export_scope_answer');

function requestBlocks(request: ExportRequest, status?: string): { text: string; blocks: KnownBlock[] } {
  const lang = request.lang as Lang;
  const text = word(lang, 'export_admin', { id: request.id, user: request.requester, rows: request.rowCount, words: request.words, scope: scopeWords(lang, request.scope), reason: request.reason });
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: text.slice(0, 3000) } }];
  if (status) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: status }] });
  if (request.status === 'requested') {
    const value = String(request.id);
    blocks.push({
      type: 'actions',
      block_id: `precis_export_${request.id}`,
      elements: [
        { type: 'button', action_id: exportActionIds.approve, style: 'primary', text: plain(word(lang, 'export_approve')), value },
        { type: 'button', action_id: exportActionIds.deny, style: 'danger', text: plain(word(lang, 'export_deny')), value },
      ],
    });
  }
  return { text, blocks };
}

/** Posts the request to the admin channel, or to each admin privately; remembers where. */
export async function notifyAdmins(door: Door, request: ExportRequest): Promise<void> {
  const deps = exportDepsOf(door.deps);
  const message = requestBlocks(request);
  const channels = deps.adminChannel ? [deps.adminChannel] : await Promise.all((await approvers(deps, request)).map((admin) => dmOf(door.client, admin)));
  const notices = [];
  for (const channel of channels) {
    const posted = await door.client.chat.postMessage({ channel, ...message });
    if (posted.ts) notices.push({ channel, ts: posted.ts });
  }
  await rememberNotices(deps, request.id, notices);
}

/** Rewrites every admin message of the request with where it stands (buttons go once it is decided). */
async function updateNotices(door: Door, request: ExportRequest, status: string): Promise<void> {
  const message = requestBlocks(request, status);
  for (const notice of request.notices) await door.client.chat.update({ channel: notice.channel, ts: notice.ts, ...message });
}

async function dmOf(client: WebClient, user: string): Promise<string> {
  const opened = await client.conversations.open({ users: user });
  if (!opened.channel?.id) throw new Error('conversations.open returned no channel');
  return opened.channel.id;
}

/** Builds the approved file and uploads it to the requester in a direct message. */
export async function sendToRequester(client: WebClient, deps: ExportDeps, request: ExportRequest): Promise<ExportRequest> {
  const lang = request.lang as Lang;
  return deliverExport(deps, { id: request.requester, local: false }, request.id, async (file) => {
    const uploaded = (await client.filesUploadV2({
      channel_id: await dmOf(client, request.requester),
      file: Buffer.from(file.csv, 'utf8'),
      filename: file.filename,
      title: file.filename,
      initial_comment: word(lang, 'export_delivered', { id: request.id, words: request.words, rows: file.rows, until: when(request.expiresAt) }),
    })) as { files?: { files?: { id?: string }[] }[] };
    return uploaded.files?.[0]?.files?.[0]?.id;
  });
}

async function tellRequester(door: Door, request: ExportRequest, text: string): Promise<void> {
  if (request.requester.startsWith('local:')) return; // asked at the CLI: `precis export list` shows it
  await door.client.chat.postMessage({ channel: await dmOf(door.client, request.requester), text });
}

// ── Expiry ───────────────────────────────────────────────────────────────────────────────────

/** Expires what is due and deletes its Slack files; a file already gone counts as deleted. */
export async function sweepExports(client: WebClient, deps: ExportDeps): Promise<ExportRequest[]> {
  return expireExports(deps, async (fileId) => {
    try {
      await client.files.delete({ file: fileId });
    } catch (err) {
      // Another replica's sweep, or a person, deleted it first.
      if (!['file_not_found', 'file_deleted'].includes(slackError(err))) throw err;
    }
  });
}

/**
 * Sweeps at once (files that expired while Precis was down) and then every `everyMs` until the
 * returned stop is called; a failed sweep is logged and retried next time.
 */
export function startExportSweep(client: WebClient, deps: ExportDeps, log: Door['deps']['log'], everyMs = 10 * 60_000): () => void {
  const sweep = () =>
    void sweepExports(client, deps).catch((err: unknown) => {
      const e = toPrecisError(err);
      log.error('export_sweep_failed', { ref: e.params.ref, detail: redactText(e.detail ?? e.code).text });
    });
  sweep();
  const timer = setInterval(sweep, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

// ── Listeners ────────────────────────────────────────────────────────────────────────────────

export function onExportActions(app: App, doorFor: DoorFor): void {
  // "Export this" on an answer: a form for the reason (and the personal scope), carrying the query reference.
  app.action(actionIds.export, async ({ ack, body, client, context }) => {
    await ack();
    const click = parsePayload(ClickWithTrigger.extend({ channel: z.object({ id: z.string() }), message: z.object({ ts: z.string(), thread_ts: z.string().optional(), text: z.string().optional() }) }), body);
    if (!click) return;
    const door = doorFor(client, context);
    const lang = detectLang(click.message.text ?? '');
    const metadata = { ref: click.actions[0]!.value ?? '', channel: click.channel.id, threadTs: click.message.thread_ts ?? click.message.ts, lang };
    await orApologize(door, { channel: click.channel.id, user: click.user.id, threadTs: metadata.threadTs }, lang, async () => {
      await client.views.open({ trigger_id: click.trigger_id, view: reasonForm({ callbackId: exportViewIds.request, metadata, lang, title: 'export_form_title', label: 'export_reason_label', submit: 'export_submit', close: 'export_cancel', extra: [scopeInput(lang)] }) });
    });
  });

  app.view(exportViewIds.request, async ({ ack, body, client, context }) => {
    const submitted = parsePayload(Submission, body);
    const form = submitted && readJson(RequestForm, submitted.view.private_metadata);
    if (!submitted || !form) return void (await ack());
    const reason = submitted.view.state.values.reason.reason.value ?? '';
    if (!reason.trim()) return void (await ack({ response_action: 'errors', errors: { reason: word(form.lang, 'export_reason_missing') } }));
    await ack();
    const door = doorFor(client, context);
    const actor = { id: submitted.user.id, local: false };
    const to = { channel: form.channel, user: actor.id, threadTs: form.threadTs };
    await orApologize(door, to, form.lang, async () => {
      const query = await queryOfButton(door, form.ref, threadIdOf(form.channel, form.threadTs ?? ''));
      if (!query) return tellPrivately(door, to, word(form.lang, 'query_unknown'));
      const personal = (submitted.view.state.values.scope?.scope.selected_options ?? []).some((o) => o.value === 'personal');
      await tellPrivately(door, to, await ask(door, actor, query, reason, personal ? 'personal' : 'answer', form.lang));
    });
  });

  onMessageClick(app, exportActionIds.approve, doorFor, async (door, _click, { actor, action }) => {
    const deps = exportDepsOf(door.deps);
    const { request, complete } = await approveExport(deps, actor, Number(action.value));
    const lang = request.lang as Lang;
    const admins = request.approvals.map((a) => `<@${a.admin}>`).join(', ');
    if (!complete) {
      await updateNotices(door, request, word(lang, 'export_approved_partly', { admins, n: request.approvals.length, needed: approvalsNeeded(request.scope) }));
      return;
    }
    const delivered = await sendToRequester(door.client, deps, request);
    await updateNotices(door, delivered, word(lang, 'export_approved', { admins, user: request.requester, until: when(request.expiresAt) }));
  });

  // Deny: a form for the reason, which the requester gets.
  app.action(exportActionIds.deny, async ({ ack, body, client, context }) => {
    await ack();
    const click = parsePayload(ClickWithTrigger, body);
    const id = Number(click?.actions[0]?.value);
    if (!click || !Number.isInteger(id)) return;
    const door = doorFor(client, context);
    const lang = ((await getExport(door.deps, id).catch(() => undefined))?.lang ?? door.deps.lang) as Lang;
    await client.views.open({ trigger_id: click.trigger_id, view: reasonForm({ callbackId: exportViewIds.deny, metadata: { id, lang }, lang, title: 'export_deny_title', label: 'export_deny_label', submit: 'export_deny', close: 'export_cancel' }) });
  });

  app.view(exportViewIds.deny, async ({ ack, body, client, context }) => {
    const submitted = parsePayload(Submission, body);
    const form = submitted && readJson(DenyForm, submitted.view.private_metadata);
    if (!submitted || !form) return void (await ack());
    const door = doorFor(client, context);
    const actor = { id: submitted.user.id, local: false };
    let request: ExportRequest;
    try {
      request = await denyExport(exportDepsOf(door.deps), actor, form.id, submitted.view.state.values.reason.reason.value ?? '');
    } catch (err) {
      // Shown in the form, next to the reason: not allowed, already decided, no reason.
      const e = toPrecisError(err);
      if (e.code === 'internal') door.deps.log.error('slack_export_failed', { requestId: door.requestId, ref: e.params.ref, detail: redactText(e.detail ?? '').text });
      return void (await ack({ response_action: 'errors', errors: { reason: e.userMessage(form.lang) } }));
    }
    await ack();
    const lang = request.lang as Lang;
    await updateNotices(door, request, word(lang, 'export_denied_admin', { admin: actor.id, reason: request.denyReason ?? '' }));
    await tellRequester(door, request, word(lang, 'export_denied', { id: request.id, words: request.words, admin: actor.id, reason: request.denyReason ?? '' }));
  });
}
