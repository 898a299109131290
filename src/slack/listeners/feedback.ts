/** 👍 / 👎 on an answer: stored with the answer's query for the review list; the clicker is thanked privately. */
import type { App } from '@slack/bolt';
import { actionIds } from '../../present/blocks.ts';
import { queryOfButton } from '../picks.ts';
import { tellPrivately } from '../reply.ts';
import { word } from '../words.ts';
import { onMessageClick, type DoorFor } from './door.ts';

export function onFeedback(app: App, doorFor: DoorFor): void {
  for (const [actionId, vote] of [[actionIds.feedbackUp, 'up'], [actionIds.feedbackDown, 'down']] as const) {
    onMessageClick(app, actionId, doorFor, async (door, _click, { where, actor, lang, action, threadId, messageTs, to }) => {
      const query = await queryOfButton(door, action.value, threadId);
      await door.slackStore.recordFeedback({ userId: actor.id, channel: where.channel, messageTs, query, vote }, (door.deps.clock ?? (() => new Date()))());
      await tellPrivately(door, to, word(lang, 'feedback_thanks'));
    });
  }
}
