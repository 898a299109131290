/**
 * The /precis command: `help` (or nothing) answers at once with what can be asked; `role …` and
 * `schedule …` are for admins (src/slack/roles.ts, src/slack/schedules.ts); `ask <question>` (or
 * any other text) is a question, answered in the channel, or privately where the bot is not a member.
 */
import type { App } from '@slack/bolt';
import { detectLang } from '../../messages/index.ts';
import { answerBlocks } from '../../present/blocks.ts';
import { commandText, parsePayload, SlashCommand, withoutMentions } from '../payloads.ts';
import { answerInThread } from '../reply.ts';
import { exportCommandReply } from '../exports.ts';
import { roleReply } from '../roles.ts';
import { scheduleReply } from '../schedules.ts';
import { word } from '../words.ts';
import type { DoorFor } from './door.ts';

const HELP = /^(help|帮助|\?|？)?$/i;

export function onCommand(app: App, doorFor: DoorFor): void {
  app.command('/precis', async ({ command, ack, respond, client, context }) => {
    const cmd = parsePayload(SlashCommand, command);
    const text = commandText(cmd?.text ?? '');
    const lang = detectLang(text);
    const [verb = '', ...args] = text.split(/\s+/);
    const question = withoutMentions(text.replace(/^ask\b/i, ''));
    if (!cmd || HELP.test(text) || question === '') {
      const help = answerBlocks({ kind: 'help', lang, notUnderstood: false });
      const usage = word(lang, 'command_usage');
      await ack({ response_type: 'ephemeral', text: `${help.text}\n${usage}`, blocks: [...help.blocks, { type: 'context', elements: [{ type: 'mrkdwn', text: usage }] }] });
      return;
    }
    await ack();
    const door = doorFor(client, context);
    const actor = { id: cmd.user_id, local: false };
    if (verb.toLowerCase() === 'schedule') return void (await respond({ response_type: 'ephemeral', text: await scheduleReply(door, actor, text.slice(verb.length), lang) }));
    if (verb.toLowerCase() === 'export') return void (await respond({ response_type: 'ephemeral', text: await exportCommandReply(door, actor, cmd.channel_id, args, lang) }));
    if (verb.toLowerCase() !== 'role') return answerInThread(door, { channel: cmd.channel_id, respond }, actor, question);
    await respond({ response_type: 'ephemeral', text: await roleReply(door, actor, args, lang) });
  });
}
