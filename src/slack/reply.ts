/**
 * How a question asked in Slack gets its answer, whichever way it came in: a "working…" message
 * in the thread at once, the core's answer, then that same message updated in place with the
 * answer's blocks (and a chart image for tables that have one). Answers that may not be shown
 * where they were asked go to the asker privately (src/slack/disclosure.ts).
 *
 * Never silence: anything that fails on the way becomes a short apology with a reference in the
 * thread, and one log line with that reference and the failure — no question text, no data.
 */
import type { WebClient } from '@slack/web-api';
import type { RespondFn } from '@slack/bolt';
import type { Assistant } from '../assistant/answer.ts';
import type { Answer } from '../assistant/types.ts';
import type { Store } from '../db/client.ts';
import { toPrecisError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { detectLang, type Lang } from '../messages/index.ts';
import { answerBlocks, type SlackMessage } from '../present/blocks.ts';
import { renderChartPng } from '../present/chart.ts';
import type { Actor } from '../privacy/access.ts';
import type { QuerySpec } from '../query/dsl.ts';
import { redactText } from '../privacy/redact.ts';
import { exposureOf, lookupPlace, mayShow } from './disclosure.ts';
import type { SlackExportSettings } from './exports.ts';
import type { SlackStore } from './store.ts';
import { word } from './words.ts';

export interface SlackDeps {
  assistant: Pick<Assistant, 'answer'>;
  store: Store;
  log: Logger;
  /** Language of the door's own words where the person's is unknown (App Home before any question). */
  lang: Lang;
  /** Injected so tests can fix "now". */
  clock?: () => Date;
  /** Zone of schedules added without --tz (PRECIS_TIMEZONE); UTC when unset. */
  timeZone?: string;
  /** Exports: time to live, data key (personal scope), admin channel; defaults when absent (src/slack/exports.ts). */
  exports?: SlackExportSettings;
}

/** One request's view of the door: its Web API client, the dependencies, its id for the log. */
export interface Door {
  client: WebClient;
  deps: SlackDeps;
  slackStore: SlackStore;
  requestId: string;
}

/** Where a question was asked. */
export interface Conversation {
  channel: string;
  /** The thread to answer in; absent for a slash command, whose "working…" message starts one. */
  threadTs?: string;
  /** Slash commands only: answers privately through the response URL when the bot may not post in the channel. */
  respond?: RespondFn;
}

/** Rows of a table shown in Slack; more are cut by src/present with a note and the export offer. */
export const MAX_ROWS = 20;

/** The posted "working…" message, updated in place with the answer; undefined when answering through `respond`. */
type Working = { channel: string; ts: string } | undefined;

export const threadIdOf = (channel: string, threadTs: string) => `${channel}:${threadTs}`;

/** Answers `question` (or runs the `query` the asker picked) for `actor` in the conversation. Never throws. */
export async function answerInThread(door: Door, where: Conversation, actor: Actor, question: string, lang: Lang = detectLang(question), query?: QuerySpec): Promise<void> {
  let working: Working;
  try {
    working = await postWorking(door, where, lang);
    const threadTs = where.threadTs ?? working?.ts;
    const answer = await door.deps.assistant.answer(question, actor, { lang, query, ...(threadTs ? { threadId: threadIdOf(where.channel, threadTs) } : {}) });
    await deliver(door, { ...where, ...(threadTs ? { threadTs } : {}) }, working, actor, answer);
  } catch (err) {
    await apologize(door, where, working, lang, err);
  }
}

async function postWorking(door: Door, where: Conversation, lang: Lang): Promise<Working> {
  try {
    const posted = await door.client.chat.postMessage({ channel: where.channel, text: word(lang, 'working'), ...(where.threadTs ? { thread_ts: where.threadTs } : {}) });
    return posted.ts ? { channel: where.channel, ts: posted.ts } : undefined;
  } catch (err) {
    // A slash command in a channel the bot is not in: answer privately through the response URL.
    if (where.respond && isNotInChannel(err)) return undefined;
    throw err;
  }
}

const isNotInChannel = (err: unknown) => ['not_in_channel', 'channel_not_found'].includes(String((err as { data?: { error?: unknown } }).data?.error));

async function deliver(door: Door, where: Conversation, working: Working, actor: Actor, answer: Answer): Promise<void> {
  const message = answerBlocks(answer, { maxRows: MAX_ROWS });
  const exposure = exposureOf(answer);
  if (exposure === 'aggregate' || mayShow(await lookupPlace(door.client, where.channel), exposure)) {
    await show(door, where, working, message);
    await attachChart(door, where.respond && !working ? undefined : { channel: where.channel, threadTs: where.threadTs }, answer);
    return;
  }
  const opened = await door.client.conversations.open({ users: actor.id });
  const dm = opened.channel?.id;
  if (!dm) throw new Error('conversations.open returned no channel');
  const intro = word(answer.lang, 'private_answer_intro', { channel: where.channel });
  await door.client.chat.postMessage({ channel: dm, text: `${intro}\n${message.text}`, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: intro } }, ...message.blocks] });
  await show(door, where, working, { text: word(answer.lang, 'sent_privately'), blocks: [] });
  await attachChart(door, { channel: dm }, answer);
}

/** Puts `message` where the answer goes: over the "working…" message, or through the response URL. */
async function show(door: Door, where: Conversation, working: Working, message: SlackMessage): Promise<void> {
  const { text } = message;
  const blocks = message.blocks.length > 0 ? { blocks: message.blocks } : {};
  if (working) await door.client.chat.update({ channel: working.channel, ts: working.ts, text, ...blocks });
  else if (where.respond) await where.respond({ response_type: 'ephemeral', text, ...blocks });
  else await door.client.chat.postMessage({ channel: where.channel, text, ...blocks, ...(where.threadTs ? { thread_ts: where.threadTs } : {}) });
}

/** Trends and breakdowns also get a picture. A chart that fails is logged; the answer already stands. */
async function attachChart(door: Door, to: { channel: string; threadTs?: string | undefined } | undefined, answer: Answer): Promise<void> {
  if (!to || answer.kind !== 'table') return;
  try {
    const png = await renderChartPng(answer);
    if (!png) return;
    const file = { file: png, filename: 'precis-chart.png', title: answer.reading.metrics.join(', '), alt_text: answer.reading.metrics.join(', ') };
    await door.client.filesUploadV2(to.threadTs ? { ...file, channel_id: to.channel, thread_ts: to.threadTs } : { ...file, channel_id: to.channel });
  } catch (err) {
    const e = toPrecisError(err);
    door.deps.log.warn('slack_chart_failed', { requestId: door.requestId, ref: e.params.ref, detail: redactText(e.detail ?? e.code).text });
  }
}

/** The short apology with a reference, in the thread; its log line carries the same reference. */
async function apologize(door: Door, where: Conversation, working: Working, lang: Lang, err: unknown): Promise<void> {
  const e = toPrecisError(err);
  door.deps.log.error('slack_answer_failed', { requestId: door.requestId, ref: e.params.ref, code: e.code, detail: redactText(e.detail ?? e.message).text });
  try {
    await show(door, where, working, { text: e.userMessage(lang), blocks: [] });
  } catch (again) {
    door.deps.log.error('slack_apology_failed', { requestId: door.requestId, ref: e.params.ref, detail: redactText(toPrecisError(again).detail ?? '').text });
  }
}

/** Posts a note only the clicker sees, in the thread of the message they clicked. */
export async function tellPrivately(door: Door, to: { channel: string; user: string; threadTs?: string | undefined }, text: string, blocks: SlackMessage['blocks'] = []): Promise<void> {
  await door.client.chat.postEphemeral({ channel: to.channel, user: to.user, text, ...(blocks.length > 0 ? { blocks } : {}), ...(to.threadTs ? { thread_ts: to.threadTs } : {}) });
}

/**
 * Runs a click's work (feedback, show query, export); if it fails, the clicker gets the apology
 * with a reference privately and the log gets the line. Never throws.
 */
export async function orApologize(door: Door, to: { channel: string; user: string; threadTs?: string | undefined }, lang: Lang, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (err) {
    const e = toPrecisError(err);
    door.deps.log.error('slack_action_failed', { requestId: door.requestId, ref: e.params.ref, code: e.code, detail: redactText(e.detail ?? e.message).text });
    await tellPrivately(door, to, e.userMessage(lang)).catch(() => undefined);
  }
}
