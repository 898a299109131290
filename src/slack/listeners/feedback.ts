/**
 * 👍 / 👎 on an answer: stored with the answer's query for the review list (`precis feedback`);
 * the clicker is thanked privately. A 👎 also opens a short form asking what was wrong; the
 * reason (personal data in it masked) is added to that vote.
 */
import type { App } from '@slack/bolt';
import { z } from 'zod';
import type { Lang } from '../../messages/index.ts';
import { redactText } from '../../privacy/redact.ts';
import { actionIds } from '../../present/blocks.ts';
import { readJson, reasonForm, Submission } from '../forms.ts';
import { parsePayload } from '../payloads.ts';
import { queryOfButton } from '../picks.ts';
import { tellPrivately } from '../reply.ts';
import { word } from '../words.ts';
import { onMessageClick, type DoorFor } from './door.ts';

export const feedbackViewId = 'precis_feedback_reason';
const FeedbackForm = z.object({ id: z.number().int().positive(), lang: z.enum(['en', 'zh']) });

export function onFeedback(app: App, doorFor: DoorFor): void {
  for (const [actionId, vote] of [[actionIds.feedbackUp, 'up'], [actionIds.feedbackDown, 'down']] as const) {
    onMessageClick(app, actionId, doorFor, async (door, click, { where, actor, lang, action, threadId, messageTs, to }) => {
      const query = await queryOfButton(door, action.value, threadId);
      const id = await door.slackStore.recordFeedback({ userId: actor.id, channel: where.channel, messageTs, query, vote }, (door.deps.clock ?? (() => new Date()))());
      if (vote === 'down' && click.trigger_id) {
        const metadata: z.infer<typeof FeedbackForm> = { id, lang: lang as Lang };
        const form = reasonForm({ callbackId: feedbackViewId, metadata, lang, title: 'feedback_form_title', label: 'feedback_form_label', submit: 'feedback_form_submit', close: 'feedback_form_close', optional: true });
        await door.client.views.open({ trigger_id: click.trigger_id, view: form });
        return;
      }
      await tellPrivately(door, to, word(lang, 'feedback_thanks'));
    });
  }

  app.view(feedbackViewId, async ({ ack, body, client, context }) => {
    await ack();
    const submitted = parsePayload(Submission, body);
    const form = submitted && readJson(FeedbackForm, submitted.view.private_metadata);
    const reason = submitted?.view.state.values.reason.reason.value?.trim();
    if (!submitted || !form || !reason) return;
    await doorFor(client, context).slackStore.addFeedbackReason(form.id, submitted.user.id, redactText(reason).text);
  });
}
