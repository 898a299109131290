/** 👍 / 👎 on an answer: stored with the answer's query for the review list; the clicker is thanked privately. */
import type { App } from '@slack/bolt';
import { actionIds } from '../../present/blocks.ts';
import { clickContext, MessageAction, parsePayload } from '../payloads.ts';
import { queryOfButton } from '../picks.ts';
import { orApologize, tellPrivately } from '../reply.ts';
import { word } from '../words.ts';
import type { DoorFor } from './door.ts';

export function onFeedback(app: App, doorFor: DoorFor): void {
  for (const [actionId, vote] of [[actionIds.feedbackUp, 'up'], [actionIds.feedbackDown, 'down']] as const) {
    app.action(actionId, async ({ ack, body, client, context }) => {
      await ack();
      const click = parsePayload(MessageAction, body);
      if (!click) return;
      const door = doorFor(client, context);
      const { where, actor, lang, action, threadId, messageTs } = clickContext(click);
      const to = { channel: where.channel, user: actor.id, threadTs: where.threadTs };
      await orApologize(door, to, lang, async () => {
        const query = await queryOfButton(door, action.value, threadId);
        await door.slackStore.recordFeedback({ userId: actor.id, channel: where.channel, messageTs, query, vote }, (door.deps.clock ?? (() => new Date()))());
        await tellPrivately(door, to, word(lang, 'feedback_thanks'));
      });
    });
  }
}
