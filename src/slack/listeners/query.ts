/**
 * "Show query" and "Export this" on an answer, both answered privately to the clicker. Exports
 * come in a later issue: the request is recorded in the audit log and the clicker is told they
 * need an admin's approval and are not available yet.
 */
import type { App } from '@slack/bolt';
import { actionIds } from '../../present/blocks.ts';
import { recordAudit } from '../../privacy/audit.ts';
import { queryOfButton } from '../picks.ts';
import { tellPrivately } from '../reply.ts';
import { word } from '../words.ts';
import { onMessageClick, type DoorFor } from './door.ts';

export function onQueryActions(app: App, doorFor: DoorFor): void {
  onMessageClick(app, actionIds.showQuery, doorFor, async (door, _click, { lang, action, threadId, to }) => {
    const query = await queryOfButton(door, action.value, threadId);
    await tellPrivately(door, to, query ? `${word(lang, 'query_title')}\n\`\`\`${JSON.stringify(query, null, 2)}\`\`\`` : word(lang, 'query_unknown'));
  });

  onMessageClick(app, actionIds.export, doorFor, async (door, _click, { where, actor, lang, action, threadId, to }) => {
    const query = await queryOfButton(door, action.value, threadId);
    await recordAudit(door.deps.store, { actor: actor.id, action: 'export_request', detail: { channel: where.channel, query: query ?? null } });
    await tellPrivately(door, to, word(lang, 'export_unavailable'));
  });
}
