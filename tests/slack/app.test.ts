/**
 * The Slack door end to end: the real Bolt app over HTTP on an ephemeral port, the real core on
 * a migrated store with the demo shop (PGlite, and PostgreSQL when DATABASE_URL is set), Slack's own payload examples, correctly signed
 * requests, and every Web API call captured by msw. Bolt answers the HTTP request before the
 * listener has finished, so each test waits for the Web API calls the listener makes.
 */
import { setupServer } from 'msw/node';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAssistant } from '../../src/assistant/answer.ts';
import type { Store } from '../../src/db/client.ts';
import { auditLog, feedback, roles } from '../../src/db/schema/index.ts';
import { loadDemo } from '../../src/demo/load.ts';
import { createLogger } from '../../src/log.ts';
import { createModelParser } from '../../src/nl/model.ts';
import type { SlackDoor } from '../../src/slack/app.ts';
import { qualityDetailsText } from '../../src/present/quality.ts';
import { renderQualityReport, runQualitySuite } from '../../src/quality/report.ts';
import { testCipher } from '../helpers/keys.ts';
import { describeEachStore } from '../helpers/stores.ts';
import { testNow } from '../helpers/lexicon.ts';
import { testConfig } from '../helpers/config.ts';
import { chatEndpoint, httpError, toolCall } from '../helpers/openai.ts';
import { blocksText, fakeSlack, fixture, fixtureText, fixturesAvailable, fixturesMissingReason, form, onlyOurAppUnhandled, sleep, startTestDoor, TEST_API as API, type ApiCall, type Poster } from './helpers.ts';


/** Channel and people of Slack's examples; the examples' users get roles, U061F7AUR does not. */
const CHANNEL = 'C123ABC456';
const MEMBER = 'U123ABC456';
const DM_MEMBER = 'W222';
const COMMAND_MEMBER = 'W111';
const STRANGER = 'U061F7AUR';
const ADMIN = 'U0ADMIN01';

let serial = 0;
/** A fresh ts, so each test has its own thread. */
const nextTs = () => `1795100000.${String(++serial).padStart(6, '0')}`;

describeEachStore('Slack door', (kind) => {
  // A fake Slack and an msw server per store, so one suite's calls never answer the other's waits.
  const slack = fakeSlack(API);
  const server = setupServer(...slack.handlers, chatEndpoint([httpError(503)]).handler);
  let store: Store;
  let drop: () => Promise<void>;
  let door: SlackDoor;
  let client: Poster;
  let base: string;
  let storeClosed = false;
  const logs: string[] = [];

  beforeAll(async () => {
    server.listen(onlyOurAppUnhandled);
    ({ store, drop } = await kind.open());
    await loadDemo(store, testCipher, { customers: 300, seed: 7, until: testNow });
    await store.db.insert(roles).values([MEMBER, DM_MEMBER, COMMAND_MEMBER].map((userId) => ({ userId, role: 'marketer' as const, grantedBy: 'test' })));
    await store.db.insert(roles).values({ userId: ADMIN, role: 'admin', grantedBy: 'test' });
    const log = createLogger('info', (line) => logs.push(line));
    const config = testConfig;
    const model = createModelParser({ apiKey: 'k', baseURL: 'https://model.test/v1', model: 'm', timeoutMs: 2000, tokenBudget: 20_000, maxRetries: 0 });
    const assistant = createAssistant({ store, config, log, clock: () => testNow, model });
    ({ door, client, base } = await startTestDoor({ assistant, store, log, lang: 'en', clock: () => testNow }));
  });

  afterAll(async () => {
    await door?.stop();
    server.close();
    // The last test closes the store on purpose; dropping it then may find it closed already.
    await (storeClosed ? drop().catch(() => undefined) : drop());
  });

  // ── Builders from Slack's examples ───────────────────────────────────────────────────────────


  function mentionBody(text: string, options: { user?: string; ts?: string; eventId?: string } = {}) {
    const body = fixture<{ event: Record<string, unknown>; event_id: string }>('docs.slack.dev_app_mention_event.json');
    const ts = options.ts ?? nextTs();
    body.event = { ...body.event, text: `<@U0LAN0Z89> ${text}`, ts, event_ts: ts, user: options.user ?? MEMBER };
    body.event_id = options.eventId ?? `Ev${ts.replace('.', '')}`;
    return { body, ts, json: JSON.stringify(body) };
  }

  /** The "working…" message posted in a thread, then the update that replaced it. */
  async function answered(channel: string, threadTs: string): Promise<{ working: ApiCall; update: ApiCall }> {
    const working = await slack.waitFor((c) => c.method === 'chat.postMessage' && c.status === 200 && c.body.channel === channel && c.body.thread_ts === threadTs);
    const update = await slack.waitFor((c) => c.method === 'chat.update' && c.body.channel === channel && c.body.ts === working.response.ts);
    return { working, update };
  }

  async function mention(text: string, options: { user?: string } = {}) {
    const { ts, json } = mentionBody(text, options);
    const response = await client.post(json);
    expect(response.status).toBe(200);
    return { ts, ...(await answered(CHANNEL, ts)) };
  }

  function actionsOf(blocks: unknown): { action_id: string; value?: string; block_id?: string }[] {
    return (blocks as { type: string; block_id?: string; elements?: { action_id: string; value?: string }[] }[])
      .filter((b) => b.type === 'actions')
      .flatMap((b) => (b.elements ?? []).map((e) => ({ ...e, block_id: b.block_id })));
  }

  /** A block_actions payload (Slack's example) for a click on `action` of the message `update` made. */
  function clickBody(user: string, threadTs: string, update: ApiCall, action: Record<string, unknown>): string {
    const payload = fixture<Record<string, unknown>>('bolt-python_block_actions_payload.json');
    const channel = String(update.body.channel);
    const messageTs = String(update.body.ts);
    Object.assign(payload, {
      user: { ...(payload.user as object), id: user },
      channel: { id: channel, name: 'marketing' },
      container: { type: 'message', message_ts: messageTs, channel_id: channel, is_ephemeral: false },
      message: { type: 'message', ts: messageTs, thread_ts: threadTs, text: update.body.text, blocks: update.body.blocks },
      actions: [{ block_id: 'precis_answer', action_ts: '1795100000.999', type: 'button', ...action }],
    });
    return form({ payload: JSON.stringify(payload) });
  }

  const hand = async <T>(text: string) => store.rows<T>(sql.raw(text));
  const SALES = `order_items oi join orders o on o.id = oi.order_id and o.status = 'paid' join customers c on c.id = o.customer_id join products p on p.id = oi.product_id`;

  // ── Transport ────────────────────────────────────────────────────────────────────────────────

  describe('the HTTP door', () => {
    it('answers Slack’s URL verification with the challenge', async () => {
      const response = await client.post(JSON.stringify({ token: 't', challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P', type: 'url_verification' }));
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' });
    });

    it('reports health when the store answers', async () => {
      const response = await fetch(`${base}/health`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ ok: true });
    });

    it.skipIf(!fixturesAvailable)('refuses a bad signature with 401 and runs no listener', async () => {
      const { ts, json } = mentionBody('how many customers do we have?');
      const response = await client.post(json, { headers: { 'x-slack-signature': `v0=${'0'.repeat(64)}` } });
      expect(response.status).toBe(401);
      await sleep(300);
      expect(slack.inThread(CHANNEL, ts)).toEqual([]);
    });

    it.skipIf(!fixturesAvailable)('refuses a correctly signed request older than five minutes with 401', async () => {
      const { ts, json } = mentionBody('how many customers do we have?');
      const response = await client.post(json, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
      expect(response.status).toBe(401);
      await sleep(300);
      expect(slack.inThread(CHANNEL, ts)).toEqual([]);
    });
  });

  if (!fixturesAvailable) describe.skip(fixturesMissingReason, () => it('needs the fixtures', () => undefined));

  // ── Ways in and answers ──────────────────────────────────────────────────────────────────────

  describe.skipIf(!fixturesAvailable)('answers in Slack', () => {
    it('answers a mention in its thread: "working…" at once, then the figure in place', async () => {
      const [row] = await hand<{ n: number }>('select count(*)::int as n from customers');
      const { working, update } = await mention('how many customers do we have?');
      expect(working.body.text).toBe('Working on it…');
      expect(update.body.text).toContain(`Customers: ${row!.n.toLocaleString('en-US')}`);
      expect(blocksText(update.body.blocks)).toContain(`Customers: ${row!.n.toLocaleString('en-US')}`);
      expect(actionsOf(update.body.blocks).map((a) => a.action_id)).toContain('precis_feedback_up');
    });

    it('does not answer Slack’s retry of the same event a second time', async () => {
      const { ts, json } = mentionBody('how many orders do we have?');
      expect((await client.post(json)).status).toBe(200);
      await answered(CHANNEL, ts);
      const retry = await client.post(json, { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } });
      expect(retry.status).toBe(200);
      await sleep(500);
      expect(slack.inThread(CHANNEL, ts).filter((c) => c.method === 'chat.postMessage')).toHaveLength(1);
      expect(logs.some((l) => l.includes('"slack_retry_ignored"') && l.includes('"retryNum":1'))).toBe(true);
    });

    it('masks personal data in product titles before anything reaches Slack, and logs none', async () => {
      // Problem: free text in the store (a seller wrote a phone number into a title) can reach an answer.
      // Required: the Slack message carries the masked form only; neither Slack nor the log sees the number.
      const [top] = await hand<{ id: number }>(`select p.id from ${SALES} group by p.id order by sum(oi.line_total_base_minor) desc, p.id limit 1`);
      await hand(`update products set title = '13912345678 ' || title where id = ${top!.id}`);
      const { update } = await mention('top 3 products by revenue');
      expect(blocksText(update.body.blocks)).toContain('139****5678');
      expect(JSON.stringify(slack.calls.map((c) => c.body))).not.toContain('13912345678');
      expect(logs.join('\n')).not.toContain('13912345678');
    });

    it('answers a direct message in the DM, and a channel question in its channel (aggregates stay where asked)', async () => {
      const dm = fixture<{ event: Record<string, unknown>; event_id: string }>('bolt-python_message_im_event.json');
      const ts = nextTs();
      dm.event = { ...dm.event, text: 'orders by platform in 2025 please', ts, event_ts: ts };
      dm.event_id = `EvDM${serial}`;
      expect((await client.post(JSON.stringify(dm))).status).toBe(200);
      const inDm = await answered('D111', ts);
      expect(blocksText(inDm.update.body.blocks)).toContain('Platform');

      const inChannel = await mention('orders by platform in 2025');
      expect(inChannel.update.body.text).toBe(inDm.update.body.text);
      // Aggregates never need the place looked up, and nothing went anywhere else.
      expect(slack.calls.filter((c) => c.method === 'conversations.info' || c.method === 'conversations.open')).toEqual([]);
    });

    it('cuts a long table to Slack’s size with a note and the export offer', async () => {
      const [cities] = await hand<{ n: number }>('select count(distinct city)::int as n from customers');
      expect(cities!.n).toBeGreaterThan(20);
      const { update } = await mention('customers by city');
      const table = blocksText(update.body.blocks);
      expect(table).toContain(`Showing 20 of ${cities!.n} rows`);
      expect(table.split('\n').filter((line) => /\d$/.test(line) && !line.includes('·'))).toHaveLength(20);
      expect(actionsOf(update.body.blocks).map((a) => a.action_id)).toContain('precis_export');
    });

    it('answers /precis help at once with what can be asked', async () => {
      const fields = Object.fromEntries(new URLSearchParams(fixtureText('bolt-python_slash_command_body.txt')));
      const response = await client.post(form({ ...fields, command: '/precis', text: 'help' }), { form: true });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { response_type: string; text: string };
      expect(body.response_type).toBe('ephemeral');
      expect(body.text).toContain('Ask Precis about your customers');
      expect(body.text).toContain('/precis ask');
    });

    it('answers /precis ask in the channel, starting a thread with the answer', async () => {
      const fields = Object.fromEntries(new URLSearchParams(fixtureText('bolt-python_slash_command_body.txt')));
      const before = slack.calls.length;
      const response = await client.post(form({ ...fields, command: '/precis', text: 'ask how many customers do we have?', channel_id: 'C0ASK' }), { form: true });
      expect(response.status).toBe(200);
      const working = await slack.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === 'C0ASK');
      expect(working.body.thread_ts).toBeUndefined();
      const update = await slack.waitFor((c) => c.method === 'chat.update' && c.body.ts === working.response.ts);
      expect(update.body.text).toMatch(/^Customers: \d/);
      expect(slack.calls.indexOf(working)).toBeGreaterThanOrEqual(before);
    });

    it('completes the query when a clarification button is clicked', async () => {
      server.use(chatEndpoint([toolCall('ask_clarification', { question: 'What would you like to see?', options: ['revenue by city last month', 'orders by platform last month'] })]).handler);
      const { ts, update } = await mention('how are we doing lately?');
      server.resetHandlers();
      const options = actionsOf(update.body.blocks).filter((a) => a.action_id === 'precis_clarify');
      expect(options.map((o) => o.value)).toEqual(['revenue by city last month', 'orders by platform last month']);

      const click = clickBody(MEMBER, ts, update, { action_id: 'precis_clarify', block_id: options[0]!.block_id, value: options[0]!.value });
      expect((await client.post(click, { form: true })).status).toBe(200);
      const [top] = await hand<{ city: string }>(`select c.city from ${SALES} where o.ordered_at >= timestamptz '2026-10-01 00:00:00+08'
        and o.ordered_at < timestamptz '2026-11-01 00:00:00+08' group by c.city order by sum(oi.line_total_base_minor) desc, 1 limit 1`);
      const picked = await slack.waitFor((c) => c.method === 'chat.update' && c.body.channel === CHANNEL && c.body.ts !== update.body.ts && String(c.body.text).startsWith('Revenue · by City · last month'));
      expect(blocksText(picked.body.blocks)).toContain(top!.city);
      expect(slack.calls.find((c) => c.method === 'chat.postMessage' && c.response.ts === picked.body.ts)?.body.thread_ts).toBe(ts);

      // An option the rules parser offers carries its whole query; picking it answers that query.
      const query = { intent: 'top', metrics: ['revenue'], dimensions: ['product'], filters: [], period: { start: '2026-01-01', end: '2027-01-01', label: 'this year' }, sort: { metric: 'revenue', direction: 'desc' }, limit: 5, compare: null };
      await client.post(clickBody(MEMBER, ts, update, { action_id: 'precis_clarify', block_id: options[1]!.block_id, value: JSON.stringify(query) }), { form: true });
      const ranked = await slack.waitFor((c) => c.method === 'chat.update' && c.body.channel === CHANNEL && String(c.body.text).startsWith('Revenue · top 5 by Product · this year'));
      expect(blocksText(ranked.body.blocks).match(/¥[\d,.]+$/gm)).toHaveLength(5);
    });

    it('stores 👍 with the answer’s query for review and thanks the clicker privately', async () => {
      const { ts, update } = await mention('revenue by platform in 2025');
      const up = actionsOf(update.body.blocks).find((a) => a.action_id === 'precis_feedback_up')!;
      expect((await client.post(clickBody(MEMBER, ts, update, { action_id: up.action_id, value: up.value }), { form: true })).status).toBe(200);
      const thanks = await slack.waitFor((c) => c.method === 'chat.postEphemeral' && c.body.thread_ts === ts);
      expect(thanks.body).toMatchObject({ user: MEMBER, text: 'Thanks, noted for review.' });
      const stored = await store.db.select().from(feedback);
      expect(stored).toMatchObject([{ userId: MEMBER, channel: CHANNEL, messageTs: update.body.ts, vote: 'up', reason: null }]);
      expect(stored[0]!.query).toMatchObject({ metrics: ['revenue'], dimensions: ['platform'] });
    });

    it('asks what was wrong on 👎 and adds the reason, masked, to that vote for review', async () => {
      const { ts, update } = await mention('revenue by city in 2025');
      const down = actionsOf(update.body.blocks).find((a) => a.action_id === 'precis_feedback_down')!;
      await client.post(clickBody(MEMBER, ts, update, { action_id: down.action_id, value: down.value }), { form: true });
      const opened = await slack.waitFor((c) => c.method === 'views.open');
      const view = opened.body.view as { callback_id: string; private_metadata: string };
      expect(view.callback_id).toBe('precis_feedback_reason');
      const [vote] = await store.db.select().from(feedback).where(eq(feedback.vote, 'down'));
      expect(vote).toMatchObject({ userId: MEMBER, reason: null });

      const values = { reason: { reason: { type: 'plain_text_input', value: 'Shanghai looks too low, call me 13812345678' } } };
      const submission = {
        type: 'view_submission', team: { id: 'T123ABC456', domain: 'example' }, user: { id: MEMBER, team_id: 'T123ABC456' }, api_app_id: 'A0PRECIS', token: 'x', trigger_id: '1.2.3',
        view: { id: 'V2', team_id: 'T123ABC456', type: 'modal', callback_id: view.callback_id, private_metadata: view.private_metadata, hash: 'h', state: { values } },
      };
      // Someone else submitting a form with this vote's id changes nothing.
      await client.post(form({ payload: JSON.stringify({ ...submission, user: { id: 'U0OTHER01', team_id: 'T123ABC456' } }) }), { form: true });
      expect((await client.post(form({ payload: JSON.stringify(submission) }), { form: true })).status).toBe(200);
      let stored = vote!;
      for (let i = 0; i < 100 && stored.reason === null; i++) {
        await new Promise((r) => setTimeout(r, 20));
        stored = (await store.db.select().from(feedback).where(eq(feedback.id, vote!.id)))[0]!;
      }
      expect(stored.reason).toBe('Shanghai looks too low, call me 138****5678');
    });

    it('sends the details of a data-quality run privately to whoever may read quality reports', async () => {
      const model = await runQualitySuite(store, { now: testNow, timeZone: 'Asia/Shanghai' });
      const report = await renderQualityReport(model, 'en', 'Asia/Shanghai');
      const posted = { method: 'chat.postMessage', body: { channel: CHANNEL, ts: '1795000999.000001', text: report.text, blocks: report.blocks }, status: 200, at: 0, response: {} } satisfies ApiCall;
      const details = actionsOf(report.blocks).find((a) => a.action_id === 'precis_quality_details')!;
      expect(details.value).toBe(`${model.run.id}:en`);
      await client.post(clickBody(MEMBER, posted.body.ts, posted, { action_id: details.action_id, value: details.value }), { form: true });
      const shown = await slack.waitFor((c) => c.method === 'chat.postEphemeral' && c.body.user === MEMBER && c.body.thread_ts === posted.body.ts);
      expect(String(shown.body.text)).toContain(qualityDetailsText(model, 'en', 'UTC').split('\n')[0]!);
      await client.post(clickBody(MEMBER, posted.body.ts, posted, { action_id: details.action_id, value: '999999:en' }), { form: true });
      const unknown = await slack.waitFor((c) => c.method === 'chat.postEphemeral' && c.body.text === 'That data-quality run is no longer in the history.');
      expect(unknown.body.user).toBe(MEMBER);
    });

    it('shows the query and breaks an answer down further', async () => {
      const { ts, update } = await mention('how many customers do we have?');
      const actions = actionsOf(update.body.blocks);
      const show = actions.find((a) => a.action_id === 'precis_show_query')!;
      await client.post(clickBody(MEMBER, ts, update, { action_id: show.action_id, value: show.value }), { form: true });
      const shown = await slack.waitFor((c) => c.method === 'chat.postEphemeral' && c.body.thread_ts === ts && String(c.body.text).startsWith('The query'));
      expect(shown.body.text).toContain('"metrics": [\n    "customers"');

      // "Export this" is covered end to end in tests/slack/exports.test.ts.

      const select = { action_id: 'precis_breakdown', type: 'static_select', selected_option: { text: { type: 'plain_text', text: 'Gender' }, value: 'gender' } };
      await client.post(clickBody(MEMBER, ts, update, select), { form: true });
      const broken = await slack.waitFor((c) => c.method === 'chat.update' && c.body.channel === CHANNEL && String(c.body.text).startsWith('Customers · by Gender'));
      expect(blocksText(broken.body.blocks)).toContain('Gender');
    });

    it('tells someone without a role, politely, how to get access', async () => {
      const { update } = await mention('how many customers do we have?', { user: STRANGER });
      expect(update.body.text).toContain('You do not have access to Precis yet');
      expect(update.body.text).toContain('Ask an admin');
    });

    it('lets an admin grant a role with /precis role, and no one else', async () => {
      const fields = Object.fromEntries(new URLSearchParams(fixtureText('bolt-python_slash_command_body.txt')));
      const grant = (user: string) => client.post(form({ ...fields, command: '/precis', user_id: user, text: `role grant <@${STRANGER}|stranger> viewer` }), { form: true });
      expect((await grant(COMMAND_MEMBER)).status).toBe(200);
      const refused = await slack.waitFor((c) => c.method === 'respond' && String(c.body.text).startsWith('Your role'));
      expect(refused.body).toEqual({ response_type: 'ephemeral', text: 'Your role (marketer) may not grant or revoke roles.' });
      expect((await grant(ADMIN)).status).toBe(200);
      const granted = await slack.waitFor((c) => c.method === 'respond' && String(c.body.text).includes('is now'));
      expect(granted.body.text).toBe(`<@${STRANGER}> is now viewer.`);
      const { update } = await mention('how many customers do we have?', { user: STRANGER });
      expect(update.body.text).toMatch(/^Customers: \d/);
    });

    it('shows the App Home with the viewer’s role and only their own recent questions', async () => {
      const envelope = fixture<Record<string, unknown>>('docs.slack.dev_app_mention_event.json');
      const body = { ...envelope, event_id: 'EvHOME1', event: { type: 'app_home_opened', user: MEMBER, channel: 'D0HOME', tab: 'home', event_ts: nextTs() } };
      expect((await client.post(JSON.stringify(body))).status).toBe(200);
      const published = await slack.waitFor((c) => c.method === 'views.publish' && c.body.user_id === MEMBER);
      const text = blocksText((published.body.view as { blocks: unknown }).blocks);
      expect(text).toContain('Your role: *marketer*');
      const own = await store.db.select().from(auditLog).where(sql`${auditLog.actor} = ${MEMBER} and ${auditLog.action} = 'question'`).orderBy(sql`${auditLog.id} desc`).limit(5);
      const listed = [...text.matchAll(/^• (.*)  _\d{4}-\d{2}-\d{2}_$/gm)].map((m) => m[1]);
      expect(listed).toEqual(own.map((row) => (row.detail as { question: string }).question));
      expect(listed).toHaveLength(5);
      expect(text).not.toContain('please'); // asked by DM_MEMBER, not by the viewer
    });

    it('waits for Retry-After when Slack rate-limits a call, then posts', async () => {
      slack.failNext('chat.postMessage', 429, { 'retry-after': '1' });
      const started = Date.now();
      const { ts, json } = mentionBody('how many customers do we have?');
      await client.post(json);
      const { working } = await answered(CHANNEL, ts);
      const limited = slack.calls.find((c) => c.method === 'chat.postMessage' && c.status === 429 && c.at >= started)!;
      expect(working.at - limited.at).toBeGreaterThanOrEqual(1000);
    });

    it('uploads a chart of a trend in the answer’s thread', async () => {
      const { ts } = await mention('revenue by month this year');
      const done = await slack.waitFor((c) => c.method === 'files.completeUploadExternal' && c.body.thread_ts === ts);
      expect(done.body.channel_id).toBe(CHANNEL);
      const upload = slack.calls.find((c) => c.method === 'upload')!;
      // The file goes up as multipart form data; the part holding it is a PNG.
      expect((upload.body.bytes as Buffer).includes(Buffer.from('\x89PNG\r\n', 'latin1'))).toBe(true);
    });

    // Last: it closes the store.
    it('turns a failure of the core into an apology with a reference, and one log line with it', async () => {
      await store.close();
      storeClosed = true;
      const { update } = await mention('revenue by city last month, my email is li.na@example.com');
      const ref = /reference ([0-9a-f]{8})/.exec(String(update.body.text))?.[1];
      expect(ref).toBeDefined();
      expect(logs.some((l) => l.includes('"level":"error"') && l.includes(`"ref":"${ref}"`))).toBe(true);
      expect(logs.join('\n')).not.toContain('li.na@example.com');
      const health = await fetch(`${base}/health`);
      expect(health.status).toBe(503);
    });
  });
});
