/**
 * The parts of Slack's payloads the door reads, as zod schemas: whatever Bolt hands a listener
 * is parsed here before use, so a payload of an unexpected shape is ignored (and logged), never
 * half-read. Only fields we use are declared; Slack's others pass through untouched.
 */
import { z } from 'zod';
import { detectLang } from '../messages/index.ts';

const SlackId = z.string().regex(/^[A-Z0-9]{2,}$/);
const Ts = z.string().regex(/^\d+(\.\d+)?$/);

/** An @mention of the bot in a channel. */
export const MentionEvent = z.object({
  type: z.literal('app_mention'),
  user: SlackId,
  text: z.string(),
  ts: Ts,
  thread_ts: Ts.optional(),
  channel: SlackId,
  bot_id: z.undefined().optional(),
});
export type MentionEvent = z.infer<typeof MentionEvent>;

/** A plain message a person wrote in their direct messages with the bot (no edits, no bots). */
export const DirectMessage = z.object({
  type: z.literal('message'),
  channel_type: z.literal('im'),
  subtype: z.undefined().optional(),
  bot_id: z.undefined().optional(),
  user: SlackId,
  text: z.string(),
  ts: Ts,
  thread_ts: Ts.optional(),
  channel: SlackId,
});
export type DirectMessage = z.infer<typeof DirectMessage>;

/** The /precis command. */
export const SlashCommand = z.object({
  command: z.string(),
  text: z.string(),
  user_id: SlackId,
  channel_id: SlackId,
  channel_name: z.string().optional(),
});
export type SlashCommand = z.infer<typeof SlashCommand>;

/** A click on one of our buttons or menus in a message. */
export const MessageAction = z.object({
  type: z.literal('block_actions'),
  /** Lets a click open a form (a modal) within three seconds. */
  trigger_id: z.string().optional(),
  user: z.object({ id: SlackId }),
  channel: z.object({ id: SlackId }),
  container: z.object({ message_ts: Ts, channel_id: SlackId.optional() }),
  message: z.object({ ts: Ts, thread_ts: Ts.optional(), text: z.string().optional(), blocks: z.array(z.unknown()).optional() }).optional(),
  actions: z
    .array(
      z.object({
        action_id: z.string(),
        value: z.string().optional(),
        selected_option: z.object({ value: z.string() }).optional(),
      }),
    )
    .min(1),
});
export type MessageAction = z.infer<typeof MessageAction>;

export const HomeOpened = z.object({ type: z.literal('app_home_opened'), user: SlackId, tab: z.string().optional() });

/** Where a click happened: the clicked message's channel and thread, the clicker, the answer's language. */
export function clickContext(click: MessageAction) {
  const channel = click.container.channel_id ?? click.channel.id;
  const threadTs = click.message?.thread_ts ?? click.message?.ts ?? click.container.message_ts;
  return {
    where: { channel, threadTs },
    threadId: `${channel}:${threadTs}`,
    actor: { id: click.user.id, local: false },
    lang: detectLang(click.message?.text ?? ''),
    action: click.actions[0]!,
    messageTs: click.container.message_ts,
  };
}

/** `<@U0LAN0Z89> revenue by city` → `revenue by city`: mentions are addressing, not question. */
export const withoutMentions = (text: string) => text.replace(/<@[A-Z0-9]+(\|[^>]*)?>/g, ' ').replace(/\s+/g, ' ').trim();

/**
 * A slash command's text as typed: Slack escapes &, < and > (should_escape: true gives mentions
 * as `<@U…|name>`); the mentions stay, the rest is unescaped. Surrounding spaces go.
 */
export const commandText = (text: string) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').trim();

/** Parses `value` with `schema`; undefined when it does not fit (the caller ignores the payload). */
export function parsePayload<T>(schema: z.ZodType<T>, value: unknown): T | undefined {
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
