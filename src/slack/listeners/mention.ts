/** @mentions in channels: the message without the mention is the question, answered in its thread. */
import type { App } from '@slack/bolt';
import { MentionEvent, parsePayload, withoutMentions } from '../payloads.ts';
import { answerInThread } from '../reply.ts';
import type { DoorFor } from './door.ts';

export function onMention(app: App, doorFor: DoorFor): void {
  app.event('app_mention', async ({ event, client, context }) => {
    const mention = parsePayload(MentionEvent, event);
    if (!mention) return;
    const where = { channel: mention.channel, threadTs: mention.thread_ts ?? mention.ts };
    await answerInThread(doorFor(client, context), where, { id: mention.user, local: false }, withoutMentions(mention.text) || 'help');
  });
}
