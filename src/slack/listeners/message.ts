/** Direct messages to the bot: each message is a question, answered in its thread. */
import type { App } from '@slack/bolt';
import { DirectMessage, parsePayload, withoutMentions } from '../payloads.ts';
import { answerInThread } from '../reply.ts';
import type { DoorFor } from './door.ts';

export function onDirectMessage(app: App, doorFor: DoorFor): void {
  app.message(async ({ message, client, context }) => {
    // Edits, deletions, joins and bots' messages do not fit the schema and are left alone.
    const dm = parsePayload(DirectMessage, message);
    if (!dm) return;
    const where = { channel: dm.channel, threadTs: dm.thread_ts ?? dm.ts };
    await answerInThread(doorFor(client, context), where, { id: dm.user, local: false }, withoutMentions(dm.text) || 'help');
  });
}
