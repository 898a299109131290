/**
 * Problem: in Slack an export is a button away, so the approval must be real there too.
 * Required behaviour: "Export this" asks for a reason, admins get the request (query in words,
 * row count, Approve / Deny) in their DMs or the admin channel, the requester cannot approve it,
 * an approved file is uploaded to the requester privately (files.uploadV2: get URL → upload →
 * complete), a denial asks the admin for a reason the requester gets, an expired file is
 * deleted from Slack, and every step is in the audit log.
 *
 * The real Bolt app over HTTP on the real core and store; Slack's Web API is msw.
 */
import { parse } from 'csv-parse/sync';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { asc, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAssistant } from '../../src/assistant/answer.ts';
import type { TableAnswer } from '../../src/assistant/types.ts';
import type { Store } from '../../src/db/client.ts';
import { auditLog, roles } from '../../src/db/schema/index.ts';
import { loadDemo } from '../../src/demo/load.ts';
import { createLogger } from '../../src/log.ts';
import type { QuerySpec } from '../../src/query/dsl.ts';
import type { SlackDoor } from '../../src/slack/app.ts';
import { exportDepsOf, sweepExports, type SlackExportSettings } from '../../src/slack/exports.ts';
import type { SlackDeps } from '../../src/slack/reply.ts';
import { testConfig } from '../helpers/config.ts';
import { testCipher } from '../helpers/keys.ts';
import { testNow } from '../helpers/lexicon.ts';
import { describeEachStore } from '../helpers/stores.ts';
import { blocksText, fakeSlack, fixture, fixturesAvailable, fixturesMissingReason, form, onlyOurAppUnhandled, startTestDoor, TEST_API as API, type ApiCall, type Poster } from './helpers.ts';

const CHANNEL = 'C123ABC456';
const MEMBER = 'U123ABC456';
const ADMIN = 'U0ADMIN01';
const ADMIN2 = 'U0ADMIN02';
/** The fake's conversations.open answers D + the user id without its first letter. */
const dmOf = (user: string) => `D${user.slice(1)}`;

let serial = 0;
const nextTs = () => `1795200000.${String(++serial).padStart(6, '0')}`;

describeEachStore('Slack exports', (kind) => {
  const slack = fakeSlack(API);
  /** views.open and files.delete, which the shared fake does not answer, recorded here. */
  const extra: { method: string; body: Record<string, unknown> }[] = [];
  const record = (method: string) =>
    http.post(`${API}${method}`, async ({ request }) => {
      const fields = Object.fromEntries(new URLSearchParams(await request.text()));
      extra.push({ method, body: { ...fields, ...(fields.view ? { view: JSON.parse(fields.view) } : {}) } });
      return HttpResponse.json({ ok: true });
    });
  const server = setupServer(record('views.open'), record('files.delete'), ...slack.handlers);
  let store: Store;
  let drop: () => Promise<void>;
  let door: SlackDoor;
  let client: Poster;
  let now = testNow;
  const settings: SlackExportSettings = { ttlHours: 24, timeZone: testConfig.timeZone, cipher: testCipher };
  let deps: SlackDeps;

  beforeAll(async () => {
    server.listen(onlyOurAppUnhandled);
    ({ store, drop } = await kind.open());
    await loadDemo(store, testCipher, { customers: 300, seed: 7, until: testNow });
    await store.db.insert(roles).values([
      { userId: MEMBER, role: 'marketer', grantedBy: 'test' },
      { userId: ADMIN, role: 'admin', grantedBy: 'test' },
      { userId: ADMIN2, role: 'admin', grantedBy: 'test' },
    ]);
    const log = createLogger('silent');
    const assistant = createAssistant({ store, config: testConfig, log, clock: () => now });
    deps = { assistant, store, log, lang: 'en', clock: () => now, exports: settings };
    ({ door, client } = await startTestDoor(deps));
  });

  afterAll(async () => {
    await door?.stop();
    server.close();
    await drop();
  });

  if (!fixturesAvailable) describe.skip(fixturesMissingReason, () => it('needs the fixtures', () => undefined));

  // ── Builders from Slack's examples ───────────────────────────────────────────────────────────

  async function mention(text: string, user: string, threadTs?: string): Promise<{ ts: string }> {
    const body = fixture<{ event: Record<string, unknown>; event_id: string }>('docs.slack.dev_app_mention_event.json');
    const ts = nextTs();
    body.event = { ...body.event, text: `<@U0LAN0Z89> ${text}`, ts, event_ts: ts, user, channel: CHANNEL, ...(threadTs ? { thread_ts: threadTs } : {}) };
    body.event_id = `Ev${ts.replace('.', '')}`;
    expect((await client.post(JSON.stringify(body))).status).toBe(200);
    return { ts };
  }

  /** Asks a question and waits for its answer (the "working…" message updated in place). */
  async function answer(question: string, user: string): Promise<{ ts: string; update: ApiCall }> {
    const { ts } = await mention(question, user);
    const working = await slack.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === CHANNEL && c.body.thread_ts === ts);
    const update = await slack.waitFor((c) => c.method === 'chat.update' && c.body.ts === working.response.ts);
    return { ts, update };
  }

  /** A block_actions payload (Slack's example) for a click by `user` on a button of `message`. */
  function click(user: string, message: ApiCall, action: { action_id: string; value?: string }, threadTs?: string): string {
    const payload = fixture<Record<string, unknown>>('bolt-python_block_actions_payload.json');
    const channel = String(message.body.channel);
    const ts = String(message.response.ts ?? message.body.ts);
    Object.assign(payload, {
      user: { ...(payload.user as object), id: user },
      channel: { id: channel, name: 'x' },
      container: { type: 'message', message_ts: ts, channel_id: channel, is_ephemeral: false },
      message: { type: 'message', ts, ...(threadTs ? { thread_ts: threadTs } : {}), text: message.body.text, blocks: message.body.blocks },
      actions: [{ block_id: 'b', action_ts: '1795200000.999', type: 'button', ...action }],
    });
    return form({ payload: JSON.stringify(payload) });
  }

  /** A view_submission payload, as Slack sends it when a form is submitted. */
  function submit(user: string, view: Record<string, unknown>, values: Record<string, Record<string, unknown>>): string {
    const payload = {
      type: 'view_submission',
      team: { id: 'T123ABC456', domain: 'example' },
      user: { id: user, team_id: 'T123ABC456' },
      api_app_id: 'A0PRECIS',
      token: 'x',
      trigger_id: '111.222.submit',
      view: { id: 'V0FORM', team_id: 'T123ABC456', type: 'modal', callback_id: view.callback_id, private_metadata: view.private_metadata, hash: 'h', state: { values } },
    };
    return form({ payload: JSON.stringify(payload) });
  }

  const buttonsOf = (blocks: unknown) =>
    (blocks as { type: string; elements?: { action_id: string; value?: string }[] }[]).filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []);
  const waitExtra = async (match: (c: (typeof extra)[number]) => boolean) => {
    for (let i = 0; i < 500; i++) {
      const found = extra.find(match);
      if (found) return found;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`no matching call; extra calls: ${extra.map((c) => c.method).join(', ')}`);
  };
  const adminMessage = (admin: string, id: number) =>
    slack.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === dmOf(admin) && String(c.body.text).startsWith(`*Export request #${id}*`));
  const requestId = (text: string) => Number(/#(\d+)/.exec(text)![1]);
  const auditOf = async (id: number) =>
    (await store.db.select().from(auditLog).where(sql`${auditLog.action} like 'export%' and (${auditLog.detail}->>'id')::bigint = ${id}`).orderBy(asc(auditLog.id))).map((a) => [a.actor, a.action]);

  describe.skipIf(!fixturesAvailable)('the flow', () => {
    it('asks for a reason, tells each admin, refuses the requester, uploads the approved CSV privately, and deletes it at expiry', async () => {
      const { ts, update } = await answer('customers by gender', MEMBER);
      const exportButton = buttonsOf(update.body.blocks).find((b) => b.action_id === 'precis_export')!;
      expect((await client.post(click(MEMBER, update, exportButton, ts), { form: true })).status).toBe(200);

      const opened = await waitExtra((c) => c.method === 'views.open');
      expect(opened.body.trigger_id).toBe('111.222.valid');
      const view = opened.body.view as Record<string, unknown>;
      expect(view.callback_id).toBe('precis_export_request');
      expect(blocksText(view.blocks)).toContain('Why do you need this export?');

      // An empty reason keeps the form open with the error next to the field.
      const empty = await client.post(submit(MEMBER, view, { reason: { reason: { type: 'plain_text_input', value: '  ' } } }), { form: true });
      expect(await empty.json()).toEqual({ response_action: 'errors', errors: { reason: 'Say why you need it: "export this because …" in the answer’s thread, or `/precis export <reason>`.' } });

      expect((await client.post(submit(MEMBER, view, { reason: { reason: { type: 'plain_text_input', value: 'Gender mix for the Q1 brief' } }, scope: { scope: { type: 'checkboxes', selected_options: [] } } }), { form: true })).status).toBe(200);
      const told = await slack.waitFor((c) => c.method === 'chat.postEphemeral' && c.body.user === MEMBER && String(c.body.text).startsWith('Export #'));
      const id = requestId(String(told.body.text));
      const answered = (await deps.assistant.answer('customers by gender', { id: MEMBER, local: false }, { lang: 'en', query: (JSON.parse(exportButton.value!) as { query: QuerySpec }).query })) as TableAnswer;
      expect(told.body).toMatchObject({ channel: CHANNEL, thread_ts: ts, text: `Export #${id} requested: Customers · by Gender · all time (${answered.rows.length} rows). An admin other than you will approve or deny it; the file then comes to you in a direct message.` });

      // Both admins hear of it privately, with the query in words, the row count and the buttons.
      const [toAdmin, toAdmin2] = await Promise.all([adminMessage(ADMIN, id), adminMessage(ADMIN2, id)]);
      expect(toAdmin.body.text).toBe(`*Export request #${id}* from <@${MEMBER}>: ${answered.rows.length} rows\n*What:* Customers · by Gender · all time\n*Scope:* the answer’s table, redacted\n*Reason:* Gender mix for the Q1 brief`);
      expect(buttonsOf(toAdmin2.body.blocks).map((b) => [b.action_id, b.value])).toEqual([
        ['precis_export_approve', String(id)],
        ['precis_export_deny', String(id)],
      ]);

      // The requester clicking Approve (say, on a forwarded message) is refused: not an admin.
      await client.post(click(MEMBER, toAdmin, { action_id: 'precis_export_approve', value: String(id) }), { form: true });
      const refused = await slack.waitFor((c) => c.method === 'chat.postEphemeral' && c.body.user === MEMBER && String(c.body.text).startsWith('Your role'));
      expect(refused.body.text).toBe('Your role (marketer) may not approve or deny exports.');

      const uploadsBefore = slack.calls.filter((c) => c.method === 'upload').length;
      await client.post(click(ADMIN, toAdmin, { action_id: 'precis_export_approve', value: String(id) }), { form: true });
      const completed = await slack.waitFor((c) => c.method === 'files.completeUploadExternal' && c.body.channel_id === dmOf(MEMBER));
      const upload = slack.calls.filter((c) => c.method === 'upload')[uploadsBefore]!;
      // The upload is multipart form data: the file is the part that starts with the CSV's BOM.
      const sent = (upload.body.bytes as Buffer).toString('utf8');
      const csv = sent.slice(sent.indexOf('\uFEFF'), sent.lastIndexOf('\r\n--'));
      expect(parse(csv.slice(1))).toEqual([answered.columns.map((c) => c.label), ...answered.rows.map((r) => r.map((cell) => (cell === null ? '' : String(cell))))]);
      expect(String(completed.body.initial_comment)).toContain(`Your export #${id}: Customers · by Gender · all time`);
      const getUrl = slack.calls.find((c) => c.method === 'files.getUploadURLExternal' && c.body.filename === `precis-export-${id}.csv`)!;
      expect(Number(getUrl.body.length)).toBe(Buffer.byteLength(csv));

      // Both admin messages now say who approved, and lose their buttons.
      const updated = await slack.waitFor((c) => c.method === 'chat.update' && c.body.channel === dmOf(ADMIN2) && c.body.ts === toAdmin2.response.ts);
      expect(blocksText(updated.body.blocks)).toContain(`Approved by <@${ADMIN}>; the file was sent to <@${MEMBER}>.`);
      expect(buttonsOf(updated.body.blocks)).toEqual([]);

      const start = now;
      try {
        now = new Date(start.getTime() + 25 * 3_600_000);
        const expired = await sweepExports(door.app.client, exportDepsOf(deps));
        expect(expired.map((r) => r.id)).toEqual([id]);
        const deleted = await waitExtra((c) => c.method === 'files.delete');
        expect(deleted.body.file).toBe('F0CHART');
      } finally {
        now = start;
      }
      expect(await auditOf(id)).toEqual([
        [MEMBER, 'export_request'],
        [MEMBER, 'export_refused'],
        [ADMIN, 'export_approve'],
        [MEMBER, 'export_deliver'],
        ['precis', 'export_expire'],
      ]);
    });

    it('refuses an admin approving their own request, and denies with the reason the requester gets', async () => {
      const { ts } = await answer('orders by platform', ADMIN);
      await mention('export this because board deck', ADMIN, ts);
      const told = await slack.waitFor((c) => c.method === 'chat.postEphemeral' && c.body.user === ADMIN && c.body.thread_ts === ts && String(c.body.text).startsWith('Export #'));
      const id = requestId(String(told.body.text));
      expect(told.body.text).toContain('Orders · by Platform · all time');
      const toAdmin2 = await adminMessage(ADMIN2, id);
      // Only the other admin is asked: the requester cannot decide.
      await new Promise((r) => setTimeout(r, 200));
      expect(slack.calls.some((c) => c.method === 'chat.postMessage' && c.body.channel === dmOf(ADMIN) && String(c.body.text).startsWith(`*Export request #${id}*`))).toBe(false);

      await client.post(click(ADMIN, toAdmin2, { action_id: 'precis_export_approve', value: String(id) }), { form: true });
      const refused = await slack.waitFor((c) => c.method === 'chat.postEphemeral' && c.body.user === ADMIN && String(c.body.text).startsWith(`You asked for export #${id}`));
      expect(refused.body.text).toBe(`You asked for export #${id}, so another admin must approve it.`);

      await client.post(click(ADMIN2, toAdmin2, { action_id: 'precis_export_deny', value: String(id) }), { form: true });
      const opened = await waitExtra((c) => c.method === 'views.open' && (c.body.view as { callback_id: string }).callback_id === 'precis_export_deny_reason');
      const view = opened.body.view as Record<string, unknown>;
      const denied = await client.post(submit(ADMIN2, view, { reason: { reason: { type: 'plain_text_input', value: 'Use the board dashboard' } } }), { form: true });
      expect(denied.status).toBe(200);
      const dm = await slack.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === dmOf(ADMIN) && String(c.body.text).startsWith(`Your export #${id}`));
      expect(dm.body.text).toBe(`Your export #${id} (Orders · by Platform · all time) was denied by <@${ADMIN2}>: Use the board dashboard`);
      const updated = await slack.waitFor((c) => c.method === 'chat.update' && c.body.ts === toAdmin2.response.ts);
      expect(blocksText(updated.body.blocks)).toContain(`Denied by <@${ADMIN2}>: Use the board dashboard`);

      // Deciding again is refused inside the form.
      const again = await client.post(submit(ADMIN2, view, { reason: { reason: { type: 'plain_text_input', value: 'again' } } }), { form: true });
      expect(await again.json()).toEqual({ response_action: 'errors', errors: { reason: `Export #${id} is already denied.` } });
      expect(await auditOf(id)).toEqual([
        [ADMIN, 'export_request'],
        [ADMIN, 'export_refused'],
        [ADMIN2, 'export_deny'],
        [ADMIN2, 'export_refused'],
      ]);
    });

    it('sends a personal customer list only after a second admin approves, and shows the count in between', async () => {
      const { ts } = await answer('how many customers in Shanghai', MEMBER);
      await mention('export this personal because VIP dinner invitations', MEMBER, ts);
      const told = await slack.waitFor((c) => c.method === 'chat.postEphemeral' && c.body.user === MEMBER && c.body.thread_ts === ts && String(c.body.text).startsWith('Export #'));
      const id = requestId(String(told.body.text));
      expect(told.body.text).toContain('Customer list with email, phone and name in clear, of customers matching: City: Shanghai');
      expect(told.body.text).toContain('Two admins other than you must approve it');
      const [toAdmin, toAdmin2] = await Promise.all([adminMessage(ADMIN, id), adminMessage(ADMIN2, id)]);
      expect(toAdmin.body.text).toContain('*Scope:* customer list with email, phone and name in clear (needs two admins)');

      await client.post(click(ADMIN, toAdmin, { action_id: 'precis_export_approve', value: String(id) }), { form: true });
      const partly = await slack.waitFor((c) => c.method === 'chat.update' && c.body.ts === toAdmin2.response.ts && blocksText(c.body.blocks).includes('(1 of 2)'));
      expect(blocksText(partly.body.blocks)).toContain(`Approved by <@${ADMIN}> (1 of 2): waiting for another admin.`);
      expect(buttonsOf(partly.body.blocks).map((b) => b.action_id)).toEqual(['precis_export_approve', 'precis_export_deny']);
      expect(slack.calls.some((c) => c.method === 'files.getUploadURLExternal' && c.body.filename === `precis-export-${id}.csv`)).toBe(false);

      await client.post(click(ADMIN2, toAdmin2, { action_id: 'precis_export_approve', value: String(id) }), { form: true });
      await slack.waitFor((c) => c.method === 'files.completeUploadExternal' && String(c.body.initial_comment).startsWith(`Your export #${id}`));
      const sent = (slack.calls.filter((c) => c.method === 'upload').at(-1)!.body.bytes as Buffer).toString('utf8');
      const rows = parse(sent.slice(sent.indexOf('\uFEFF') + 1, sent.lastIndexOf('\r\n--'))) as string[][];
      const [count] = await store.rows<{ n: number }>(sql`select count(*)::int as n from customers where city = 'Shanghai' and erased_at is null`);
      expect(rows[0]).toEqual(['Customer id', 'Email', 'Phone', 'Name']);
      expect(rows).toHaveLength(count!.n + 1);
      expect(rows.slice(1).every((r) => r[1] === '' || /@/.test(r[1]!))).toBe(true);
      // The delivery is audited once the upload is done, so the entry may land a moment after it.
      let audited = await auditOf(id);
      for (let i = 0; i < 100 && audited.length < 4; i++) {
        await new Promise((r) => setTimeout(r, 20));
        audited = await auditOf(id);
      }
      expect(audited.map(([actor, action]) => `${actor} ${action}`)).toEqual([`${MEMBER} export_request`, `${ADMIN} export_approve`, `${ADMIN2} export_approve`, `${MEMBER} export_deliver`]);
    });

    it('takes /precis export with a reason for the asker’s last answer in the channel, to the admin channel when one is set', async () => {
      settings.adminChannel = 'C0ADMINS';
      try {
        await answer('revenue by city in 2025', MEMBER);
        const fields = { command: '/precis', text: 'export city targets for the spring campaign', user_id: MEMBER, channel_id: CHANNEL, response_url: 'https://hooks.slack.com/commands/T1/2/3', trigger_id: '1.2.3', team_id: 'T123ABC456' };
        expect((await client.post(form(fields), { form: true })).status).toBe(200);
        const reply = await slack.waitFor((c) => c.method === 'respond' && String(c.body.text).startsWith('Export #'));
        const id = requestId(String(reply.body.text));
        expect(reply.body.text).toContain('Revenue · by City · 2025 (2025-01-01 – 2025-12-31)');
        const posted = await slack.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === 'C0ADMINS' && String(c.body.text).startsWith(`*Export request #${id}*`));
        expect(posted.body.text).toContain('*Reason:* city targets for the spring campaign');
      } finally {
        settings.adminChannel = undefined;
      }
    });
  });
});
