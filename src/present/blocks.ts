/**
 * Answer → Slack Block Kit: the figure or an aligned table, the reading of the question as a
 * compact context line (so a misreading shows at a glance), and the controls a reader needs:
 * show query, break down by…, export this, 👍/👎. Every word comes from src/messages in the
 * asker's language; every number is formatted for it.
 *
 * It knows Answers, not Slack clients: it builds JSON and never posts. It must never exceed
 * Slack's limits (a message over them is rejected whole, `invalid_blocks`), so long tables are
 * cut with a note and the export offer, and long labels are shortened.
 *
 * What the controls carry, for the listener (src/slack):
 * - `precis_show_query`, `precis_export`, `precis_feedback_up`, `precis_feedback_down`: the
 *   button `value` is a query reference (`readQueryRef`). It holds the QuerySpec itself when its
 *   JSON fits Slack's 2000-character limit, which is nearly always. A query too long for that
 *   (dozens of long filter values) is carried as `{ thread: true, digest }` instead: the thread's
 *   stored query (src/assistant/threads.ts `lastQuery`) is used only when its `queryDigest` still
 *   matches, so a click on an older answer never acts on a newer question of the same thread.
 * - `precis_breakdown` (static_select): the option value is a dimension id (option values may
 *   hold only 150 characters). The query to extend is the one the answer's buttons carry:
 *   `findQueryRef(body.message.blocks)`.
 * - `precis_clarify`: one button per option, each in its own actions block (Slack wants
 *   action_ids unique within a block), `value` = the option's QuerySpec JSON when it has one and
 *   it fits, else the option's label to be asked as a question (`readClarifyValue`).
 */
import { createHash } from 'node:crypto';
import type { ActionsBlock, Button, ContextBlock, KnownBlock, PlainTextElement, PlainTextOption, SectionBlock } from '@slack/web-api';
import { z } from 'zod';
import type { Answer, ClarifyAnswer, Column, TableAnswer } from '../assistant/types.ts';
import { t, type Lang } from '../messages/index.ts';
import { QuerySpec } from '../query/dsl.ts';
import { validate } from '../query/validate.ts';
import { dimensionIds, dimensions, type DimensionId } from '../semantic/index.ts';
import { displayWidth, formatCell, padEnd, padStart } from './format.ts';
import { readingLine, renderText } from './text.ts';

/** Slack's published limits, the ones these messages can reach. */
export const slackLimits = {
  blocks: 50,
  sectionText: 3000,
  headerText: 150,
  fieldText: 2000,
  fields: 10,
  contextElements: 10,
  buttonText: 75,
  value: 2000,
  optionText: 75,
  options: 100,
} as const;

/** Rows of a table shown in a message before it is cut; the export has them all. */
export const DEFAULT_MAX_ROWS = 50;
/** A cell wider than this (in terminal columns) is shortened, so one long title cannot wreck the table. */
const MAX_CELL_WIDTH = 36;

export const actionIds = {
  showQuery: 'precis_show_query',
  breakdown: 'precis_breakdown',
  export: 'precis_export',
  feedbackUp: 'precis_feedback_up',
  feedbackDown: 'precis_feedback_down',
  clarify: 'precis_clarify',
} as const;

export interface SlackMessage {
  /** Plain fallback, shown in notifications and by clients that cannot draw blocks. */
  text: string;
  blocks: KnownBlock[];
}

/**
 * Builds the Slack message for an answer.
 *
 * @example
 *   const { text, blocks } = answerBlocks(answer);
 *   await client.chat.postMessage({ channel, thread_ts, text, blocks });
 */
export function answerBlocks(answer: Answer, options: { maxRows?: number } = {}): SlackMessage {
  switch (answer.kind) {
    case 'table':
      return tableMessage(answer, Math.max(1, options.maxRows ?? DEFAULT_MAX_ROWS));
    case 'clarify':
      return clarifyMessage(answer);
    case 'report':
      return { text: cut(answer.report.text, slackLimits.sectionText), blocks: answer.report.blocks };
    case 'help':
    case 'notice':
    case 'refusal': {
      const text = renderText(answer);
      return { text: cut(text, slackLimits.sectionText), blocks: plainSections(text) };
    }
  }
}

// ── Query references carried by buttons ────────────────────────────────────────────────────

export const QueryRef = z.union([
  z.object({ query: QuerySpec }),
  z.object({ thread: z.literal(true), digest: z.string().regex(/^[0-9a-f]{16}$/) }),
]);
export type QueryRef = z.infer<typeof QueryRef>;

/** JSON with keys sorted at every level: the same query gives the same text after a jsonb round trip. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A short fingerprint of a query, stable across storage (key order does not matter). */
export function queryDigest(query: QuerySpec): string {
  return createHash('sha256').update(canonicalJson(query)).digest('hex').slice(0, 16);
}

/**
 * The button value for a query: the query itself when it fits, else a reference to the
 * thread's stored query, checked by digest.
 *
 * @example encodeQueryRef(query) // '{"query":{"intent":"breakdown",…}}'
 */
export function encodeQueryRef(query: QuerySpec): string {
  const inline = JSON.stringify({ query });
  return inline.length <= slackLimits.value ? inline : JSON.stringify({ thread: true, digest: queryDigest(query) });
}

/** Reads a button value back; undefined when it is not one of ours (a forged or stale payload). */
export function readQueryRef(value: string): QueryRef | undefined {
  try {
    const parsed = QueryRef.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

const carriesQuery = new Set<unknown>([actionIds.export, actionIds.showQuery, actionIds.feedbackUp, actionIds.feedbackDown]);

/** The query reference of an answer message, from its blocks as Slack sends them back in an action payload. */
export function findQueryRef(blocks: unknown): QueryRef | undefined {
  if (!Array.isArray(blocks)) return undefined;
  for (const block of blocks as { type?: unknown; elements?: unknown }[]) {
    if (block?.type !== 'actions' || !Array.isArray(block.elements)) continue;
    for (const element of block.elements as { action_id?: unknown; value?: unknown }[]) {
      if (carriesQuery.has(element?.action_id) && typeof element.value === 'string') return readQueryRef(element.value);
    }
  }
  return undefined;
}

/** A clarification button's value: the option's query, or words to ask as a new question. */
export function readClarifyValue(value: string): { query: QuerySpec } | { question: string } {
  if (value.startsWith('{')) {
    try {
      const parsed = QuerySpec.safeParse(JSON.parse(value));
      if (parsed.success) return { query: parsed.data };
    } catch {
      // Not JSON: a label that happens to start with a brace.
    }
  }
  return { question: value };
}

// ── Breakdowns ──────────────────────────────────────────────────────────────────────────────

/**
 * Catalog dimensions the query can still be broken down by: not already asked, not pinned to
 * one value by a filter, one time grain at most, and valid on the source the extended query
 * resolves to (checked by the query validator itself, so this never offers what would fail).
 *
 * @example breakdownDimensions(revenueByCity) // ['region', 'country', …, 'category', 'month', …]
 */
export function breakdownDimensions(query: QuerySpec): DimensionId[] {
  if (query.dimensions.length >= 2) return [];
  const hasTime = query.dimensions.some((d) => dimensions[d].kind === 'time');
  const intent = query.intent === 'trend' || query.intent === 'compare' ? query.intent : 'breakdown';
  return dimensionIds.filter((d) => {
    if (query.dimensions.includes(d)) return false;
    if (hasTime && dimensions[d].kind === 'time') return false;
    if (query.filters.some((f) => f.dimension === d && f.values.length === 1)) return false;
    return validate({ ...query, intent, dimensions: [...query.dimensions, d] }).problems.length === 0;
  });
}

// ── Table answers ───────────────────────────────────────────────────────────────────────────

function tableMessage(answer: TableAnswer, maxRows: number): SlackMessage {
  const { lang, columns, rows } = answer;
  const reading = `${answer.verified ? `✓ ${t(lang, 'answer.verified')} · ` : ''}${readingLine(answer.reading, lang)}`;
  const notes = [...answer.notes];
  const blocks: KnownBlock[] = [];
  let fallback = reading;

  if (rows.length === 0) {
    blocks.push(section(plain(t(lang, 'answer.no_rows'))));
  } else if (rows.length === 1 && columns.every((c) => c.role === 'metric') && columns.length <= slackLimits.fields) {
    const values = columns.map((c, i) => ({ label: c.label, value: formatCell(rows[0]![i] ?? null, c, lang) }));
    if (values.length === 1) {
      const figure = t(lang, 'blocks.figure', values[0]!);
      blocks.push({ type: 'header', text: plain(cut(figure, slackLimits.headerText)) });
      fallback = `${figure} · ${reading}`;
    } else {
      blocks.push({ type: 'section', fields: values.map((v) => ({ type: 'mrkdwn', text: cut(`*${escape(v.label)}*\n${escape(v.value)}`, slackLimits.fieldText) })) });
      fallback = `${values.map((v) => t(lang, 'blocks.figure', v)).join(' · ')} · ${reading}`;
    }
  } else {
    const table = codeTable(columns, rows, lang, maxRows);
    blocks.push(section({ type: 'mrkdwn', text: table.text, verbatim: true }));
    if (table.shown < rows.length) {
      // First among the notes: the context block keeps at most ten elements, and this one offers the export.
      notes.unshift(t(lang, 'blocks.rows_shown', { shown: table.shown, total: `${rows.length}${answer.truncated ? '+' : ''}` }));
    }
  }

  const context = [reading, answer.reading.definitions.join('\n'), ...notes.map((n) => `※ ${n}`)].filter((s) => s.length > 0);
  blocks.push(contextBlock(context));
  blocks.push(answerActions(answer));
  return { text: cut(fallback, slackLimits.sectionText), blocks };
}

/**
 * The rows as a monospaced table in a code block, as many as fit Slack's section limit and
 * `maxRows`. Widths count CJK characters as two columns, as Slack's code font draws them.
 */
function codeTable(columns: Column[], rows: TableAnswer['rows'], lang: Lang, maxRows: number): { text: string; shown: number } {
  const cells = rows.slice(0, maxRows).map((row) => row.map((cell, i) => safeCell(shorten(formatCell(cell ?? null, columns[i]!, lang), MAX_CELL_WIDTH))));
  const labels = columns.map((c) => safeCell(shorten(c.label, MAX_CELL_WIDTH)));
  const render = (count: number) => {
    const shown = cells.slice(0, count);
    const widths = columns.map((_, i) => Math.max(displayWidth(labels[i]!), ...shown.map((r) => displayWidth(r[i]!))));
    const align = (text: string, i: number) => (columns[i]!.role === 'metric' ? padStart(text, widths[i]!) : padEnd(text, widths[i]!));
    const lines = [
      labels.map(align).join('  ').trimEnd(),
      widths.map((w) => '─'.repeat(w)).join('  '),
      ...shown.map((r) => r.map(align).join('  ').trimEnd()),
    ];
    return `\`\`\`\n${escape(lines.join('\n'))}\n\`\`\``;
  };
  // Widths depend on the rows shown, so find the largest count that fits by halving.
  let lo = 1;
  let hi = cells.length;
  if (render(hi).length <= slackLimits.sectionText) return { text: render(hi), shown: hi };
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (render(mid).length <= slackLimits.sectionText) lo = mid;
    else hi = mid - 1;
  }
  return { text: render(lo), shown: lo };
}

/** Feedback always; "show query", breakdowns and export only for answers that are a DSL query. */
function answerActions(answer: TableAnswer): ActionsBlock {
  const { lang, query } = answer;
  const ref = query ? encodeQueryRef(query) : '{}';
  const elements: ActionsBlock['elements'] = query ? [button(actionIds.showQuery, t(lang, 'blocks.show_query'), ref)] : [];
  if (query && answer.rows.length > 0) {
    const options = breakdownDimensions(query)
      .slice(0, slackLimits.options)
      .map((d): PlainTextOption => ({ text: plain(cut(dimensions[d].label[lang], slackLimits.optionText)), value: d }));
    if (options.length > 0) {
      elements.push({ type: 'static_select', action_id: actionIds.breakdown, placeholder: plain(t(lang, 'blocks.breakdown')), options });
    }
    elements.push(button(actionIds.export, t(lang, 'blocks.export'), ref));
  }
  elements.push(
    { ...button(actionIds.feedbackUp, '👍', ref), accessibility_label: t(lang, 'blocks.feedback_up') },
    { ...button(actionIds.feedbackDown, '👎', ref), accessibility_label: t(lang, 'blocks.feedback_down') },
  );
  return { type: 'actions', block_id: 'precis_answer', elements };
}

// ── Clarifications, help, refusals ──────────────────────────────────────────────────────────

function clarifyMessage(answer: ClarifyAnswer): SlackMessage {
  const blocks: KnownBlock[] = [section(plain(cut(answer.message, slackLimits.sectionText)))];
  for (const [i, option] of answer.options.slice(0, slackLimits.blocks - 1).entries()) {
    const json = option.query ? JSON.stringify(option.query) : undefined;
    const value = json && json.length <= slackLimits.value ? json : cut(option.label, slackLimits.value);
    blocks.push({ type: 'actions', block_id: `precis_clarify_${i}`, elements: [button(actionIds.clarify, option.label, value)] });
  }
  return { text: cut(renderText(answer), slackLimits.sectionText), blocks };
}

/** Plain text as sections, split at line breaks so none exceeds Slack's limit. */
function plainSections(text: string): KnownBlock[] {
  const chunks: string[] = [];
  let current = '';
  for (const line of text.split('\n').map((l) => cut(l, slackLimits.sectionText))) {
    const next = current ? `${current}\n${line}` : line;
    if (next.length > slackLimits.sectionText) {
      chunks.push(current);
      current = line;
    } else current = next;
  }
  if (current.trim()) chunks.push(current);
  return chunks.slice(0, slackLimits.blocks).map((c) => section(plain(c)));
}

// ── Small builders ──────────────────────────────────────────────────────────────────────────

const plain = (text: string): PlainTextElement => ({ type: 'plain_text', text });
const section = (text: SectionBlock['text']): SectionBlock => ({ type: 'section', text });

function button(actionId: string, label: string, value: string): Button {
  return { type: 'button', action_id: actionId, text: plain(cut(label, slackLimits.buttonText)), value };
}

function contextBlock(texts: string[]): ContextBlock {
  const kept = texts.slice(0, slackLimits.contextElements);
  return { type: 'context', elements: kept.map((text) => plain(cut(text, slackLimits.sectionText))) };
}

/** Slack's mrkdwn treats &, < and > as control characters (links, mentions): data must not. */
export const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A cell may not close the code block around it. */
const safeCell = (text: string) => text.replace(/`/g, 'ˋ').replace(/[\r\n\t]+/g, ' ');

/** Cuts text to `max` UTF-16 units (Slack counts those), ending with an ellipsis; never splits a surrogate pair. */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = '';
  for (const ch of text) {
    if (out.length + ch.length > max - 1) break;
    out += ch;
  }
  return `${out}…`;
}

/** Shortens text to `width` terminal columns, ending with an ellipsis. */
function shorten(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  let out = '';
  for (const ch of text) {
    if (displayWidth(out + ch) > width - 1) break;
    out += ch;
  }
  return `${out}…`;
}
