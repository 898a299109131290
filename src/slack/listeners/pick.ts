/**
 * Picks that ask a new question in the thread: a clarifying option, and "Break down by…" on an
 * answer (the answer's query with one more breakdown).
 */
import type { App } from '@slack/bolt';
import { actionIds } from '../../present/blocks.ts';
import { clickContext, MessageAction, parsePayload } from '../payloads.ts';
import { clarifyPick, pickedQuery, queryOfMessage, withBreakdown } from '../picks.ts';
import { answerInThread, tellPrivately } from '../reply.ts';
import { word } from '../words.ts';
import { onMessageClick, type DoorFor } from './door.ts';

export function onPick(app: App, doorFor: DoorFor): void {
  app.action(actionIds.clarify, async ({ ack, body, client, context }) => {
    await ack();
    const click = parsePayload(MessageAction, body);
    if (!click?.actions[0]?.value) return;
    const { where, actor, lang, action } = clickContext(click);
    const pick = clarifyPick(action.value!, lang);
    await answerInThread(doorFor(client, context), where, actor, pick.question, lang, pick.query);
  });

  onMessageClick(app, actionIds.breakdown, doorFor, async (door, click, { where, actor, lang, action, threadId, to }) => {
    const base = await queryOfMessage(door, click.message?.blocks, threadId);
    const extended = base && action.selected_option && withBreakdown(base, action.selected_option.value);
    if (!extended) return tellPrivately(door, to, word(lang, 'query_unknown'));
    const pick = pickedQuery(extended, lang);
    await answerInThread(door, where, actor, pick.question, lang, pick.query);
  });
}
