/**
 * `precis export request "<question>" --reason R [--scope personal] | list | approve <id> |
 * deny <id> --reason R | download <id> --out FILE`, each with `[--as <slack-user-id>]`.
 *
 * The same rules as in Slack (src/exports decides them all). At this machine you act as
 * `local:<os user>`, an admin because you own the installation — but self-approval is still
 * refused: a request you made here is yours, so approving it takes another operator (another OS
 * user, `local:<them>`) or a Slack admin's identity with `--as U…` (that person must hold the
 * admin role in the roles table, and the audit log records them as the approver). `download`
 * gives the file to its requester only, until it expires. A Slack requester's approved file is
 * uploaded to them privately when Slack is configured.
 */
import { writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { WebClient } from '@slack/web-api';
import { z } from 'zod';
import { bootPrecis } from '../boot.ts';
import { PrecisError } from '../errors.ts';
import { approveExport, deliverExport, denyExport, listExports, requestExport, type ExportDeps, type ExportRequest } from '../exports/index.ts';
import { detectLang } from '../messages/index.ts';
import type { Actor } from '../privacy/access.ts';
import { renderText } from '../present/text.ts';
import { sendToRequester } from '../slack/exports.ts';
import { parseFlags, type CommandContext } from './common.ts';

const USAGE =
  'precis export request "<question>" --reason R [--scope personal] | list | approve <id> | deny <id> --reason R | download <id> --out FILE   (each takes --as <slack-user-id>)';

const Flags = z.object({
  reason: z.string().optional(),
  scope: z.enum(['answer', 'personal'], { error: '--scope takes "personal" (or "answer", the default)' }).default('answer'),
  out: z.string().optional(),
  as: z.string().regex(/^[UW][A-Z0-9]{2,}$/, '--as takes a Slack user id such as U012ABCDEF').optional(),
});
const Id = z.coerce.number({ error: `give the export's number, e.g. precis export approve 12` }).int().positive(`give the export's number, e.g. precis export approve 12`);

const line = (r: ExportRequest) =>
  `#${r.id}  ${r.status}  ${r.scope}  by ${r.requester}  ${r.rowCount} rows  ${r.requestedAt.toISOString().slice(0, 16).replace('T', ' ')}` +
  `${r.approvals.length > 0 ? `  approved by ${r.approvals.map((a) => a.admin).join(', ')}` : ''}${r.expiresAt ? `  expires ${r.expiresAt.toISOString().slice(0, 16).replace('T', ' ')}` : ''}\n` +
  `    ${r.words}\n    reason: ${r.reason}${r.denyReason ? `\n    denied by ${r.deniedBy}: ${r.denyReason}` : ''}`;

export async function exportCommand(args: string[], ctx: CommandContext): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    options: { reason: { type: 'string' }, scope: { type: 'string' }, out: { type: 'string' }, as: { type: 'string' } },
    allowPositionals: true,
  });
  const flags = parseFlags(Flags, values);
  const actor: Actor = flags.as ? { id: flags.as, local: false } : { id: `local:${userInfo().username}`, local: true };
  const out = (text: string) => ctx.io.stdout.write(`${text}\n`);
  if (!['request', 'list', 'approve', 'deny', 'download'].includes(sub ?? '')) throw new PrecisError('usage', { detail: USAGE });

  const precis = await bootPrecis(ctx.config, ctx.log);
  try {
    const deps: ExportDeps = { store: precis.store, assistant: precis.assistant, cipher: precis.cipher, ttlHours: ctx.config.exports.ttlHours, timeZone: ctx.config.timeZone };
    if (sub === 'request') {
      const question = positionals.join(' ').trim();
      if (!question || flags.reason === undefined) throw new PrecisError('usage', { detail: `precis export request "<question>" --reason "<why you need it>" [--scope personal]` });
      const lang = detectLang(question);
      const answer = await precis.assistant.answer(question, actor, { lang });
      if (answer.kind !== 'table' || !answer.query) throw new PrecisError('export_not_table', { detail: renderText(answer) });
      const request = await requestExport(deps, actor, { query: answer.query, reason: flags.reason, scope: flags.scope, lang });
      out(`Requested export #${request.id}: ${request.words} (${request.rowCount} rows). ${request.scope === 'personal' ? 'Two admins other than you' : 'An admin other than you'} must approve it.`);
      return 0;
    }
    if (sub === 'list') {
      const rows = await listExports(deps);
      out(rows.length === 0 ? 'No export requests yet.' : rows.map(line).join('\n'));
      return 0;
    }
    const id = parseFlags(Id, positionals[0]);
    if (sub === 'approve') {
      const { request, complete } = await approveExport(deps, actor, id);
      if (!complete) {
        out(`Approved export #${id} (1 of 2): its personal scope needs a second admin.`);
        return 0;
      }
      const slack = ctx.config.slack;
      if (slack && !request.requester.startsWith('local:')) {
        await sendToRequester(new WebClient(slack.botToken, { slackApiUrl: slack.apiUrl }), deps, request);
        out(`Approved export #${id}; the file was sent to ${request.requester} in Slack.`);
      } else {
        out(`Approved export #${id}; ${request.requester} can download it until ${request.expiresAt?.toISOString()} with: precis export download ${id} --out FILE`);
      }
      return 0;
    }
    if (sub === 'deny') {
      if (flags.reason === undefined) throw new PrecisError('export_reason_missing');
      await denyExport(deps, actor, id, flags.reason);
      out(`Denied export #${id}.`);
      return 0;
    }
    if (!flags.out) throw new PrecisError('usage', { detail: 'precis export download <id> --out FILE' });
    const path = flags.out;
    await deliverExport(deps, actor, id, async (file) => {
      // Readable by this user only: the file may hold a customer list.
      await writeFile(path, file.csv, { mode: 0o600 });
      return undefined;
    });
    out(`Wrote export #${id} to ${path}.`);
    return 0;
  } finally {
    await precis.close();
  }
}
