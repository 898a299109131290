/** How a listener gets its Door: the request's Web API client and id, plus the shared dependencies. */
import type { App, Context } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { clickContext, MessageAction, parsePayload } from '../payloads.ts';
import { orApologize, type Door } from '../reply.ts';

export type DoorFor = (client: WebClient, context: Context) => Door;

/**
 * A click on one of our messages' controls, handled the same way every time: acknowledged at
 * once, the payload checked, and any failure turned into a private apology in the thread.
 */
export function onMessageClick(
  app: App,
  actionId: string,
  doorFor: DoorFor,
  handle: (door: Door, click: MessageAction, ctx: ReturnType<typeof clickContext> & { to: { channel: string; user: string; threadTs?: string } }) => Promise<void>,
): void {
  app.action(actionId, async ({ ack, body, client, context }) => {
    await ack();
    const click = parsePayload(MessageAction, body);
    if (!click) return;
    const door = doorFor(client, context);
    const ctx = clickContext(click);
    const to = { channel: ctx.where.channel, user: ctx.actor.id, threadTs: ctx.where.threadTs };
    await orApologize(door, to, ctx.lang, () => handle(door, click, { ...ctx, to }));
  });
}
