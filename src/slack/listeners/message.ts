/** Direct messages to the bot: each message is a question, answered in its thread. */
import type { App } from '@slack/bolt';
import { DirectMessage, parsePayload, withoutMentions } from '../payloads.ts';
import { exportFromThread } from '../exports.ts';
import { answerInThread } from '../reply.ts';
import type { DoorFor } from './door.ts';

export function onDirectMessage(app: App, doorFor: DoorFor): void {
  app.message(async ({ message, client, context }) => {
    // Edits, deletions, joins and bots' messages do not fit the schema and are left alone.
    const dm = parsePayload(DirectMessage, message);
    if (!dm) return;
    const where = { channel: dm.channel, threadTs: dm.thread_ts ?? dm.ts };
    const [door, actor, text] = [doorFor(client, context), { id: dm.user, local: false }, withoutMentions(dm.text)];
    if (await exportFromThread(door, where, actor, text)) return;
    await answerInThread(door, where, actor, text || 'help');
  });
}
