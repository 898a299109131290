/**
 * "Show query" on an answer, answered privately to the clicker. "Export this" is handled with
 * the rest of the export flow in src/slack/exports.ts.
 */
import type { App } from '@slack/bolt';
import { actionIds } from '../../present/blocks.ts';
import { queryOfButton } from '../picks.ts';
import { tellPrivately } from '../reply.ts';
import { word } from '../words.ts';
import { onMessageClick, type DoorFor } from './door.ts';

export function onQueryActions(app: App, doorFor: DoorFor): void {
  onMessageClick(app, actionIds.showQuery, doorFor, async (door, _click, { lang, action, threadId, to }) => {
    const query = await queryOfButton(door, action.value, threadId);
    await tellPrivately(door, to, query ? `${word(lang, 'query_title')}\n\`\`\`${JSON.stringify(query, null, 2)}\`\`\`` : word(lang, 'query_unknown'));
  });
}
