/** @mentions in channels: the message without the mention is the question, answered in its thread. */
import type { App } from '@slack/bolt';
import { MentionEvent, parsePayload, withoutMentions } from '../payloads.ts';
import { exportFromThread } from '../exports.ts';
import { answerInThread } from '../reply.ts';
import type { DoorFor } from './door.ts';

export function onMention(app: App, doorFor: DoorFor): void {
  app.event('app_mention', async ({ event, client, context }) => {
    const mention = parsePayload(MentionEvent, event);
    if (!mention) return;
    const where = { channel: mention.channel, threadTs: mention.thread_ts ?? mention.ts };
    const [door, actor, text] = [doorFor(client, context), { id: mention.user, local: false }, withoutMentions(mention.text)];
    // "export this because …" in an answer's thread asks for that answer's export.
    if (await exportFromThread(door, where, actor, text)) return;
    await answerInThread(door, where, actor, text || 'help');
  });
}
