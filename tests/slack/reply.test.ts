/**
 * How an answer is delivered, with the real Web API client against msw and a stand-in core: the
 * disclosure rule by place (a list of customers asked in a public channel goes privately — the
 * DSL has no list intent yet, so the stand-in answers one), and failures that never go silent.
 */
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Answer, TableAnswer } from '../../src/assistant/types.ts';
import type { Store } from '../../src/db/client.ts';
import { createLogger } from '../../src/log.ts';
import type { QuerySpec } from '../../src/query/dsl.ts';
import { exposureOf, mayShow, placeOf, type Place } from '../../src/slack/disclosure.ts';
import { answerInThread, type Door } from '../../src/slack/reply.ts';
import type { SlackStore } from '../../src/slack/store.ts';
import { blocksText, fakeSlack } from './helpers.ts';

const API = 'https://slack.reply.test/api/';
const slack = fakeSlack(API);
const server = setupServer(...slack.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(() => {
  slack.calls.length = 0;
  server.resetHandlers();
});
afterAll(() => server.close());

const customersQuery = { intent: 'metric', metrics: ['customers'], dimensions: [], filters: [], period: null, sort: null, limit: null, compare: null } satisfies QuerySpec;

/** A record-level answer, as a future "list customers" intent will give one. */
const customerList: TableAnswer = {
  kind: 'table',
  lang: 'en',
  query: { ...customersQuery, intent: 'list' },
  records: true,
  reading: { metrics: ['Customers'], dimensions: [], filters: [], period: 'all time', definitions: [] },
  columns: [{ id: 'customer', label: 'Customer', role: 'dimension', format: 'text' }],
  rows: [['Z*** W.'], ['L*** N.']],
  notes: [],
  truncated: false,
  redactedColumns: [],
  verified: false,
};

function doorWith(answer: (question: string) => Promise<Answer>, logs: string[] = []): Door {
  return {
    client: new WebClient('xoxb-test', { slackApiUrl: API, retryConfig: { retries: 0 } }),
    // answerInThread never reads the store; the stand-in core does not either.
    deps: { assistant: { answer }, store: {} as Store, log: createLogger('info', (l) => logs.push(l)), lang: 'en' },
    slackStore: {} as SlackStore,
    requestId: 'test',
  };
}

describe('disclosure by place', () => {
  it('keeps aggregates everywhere and record lists out of public and shared channels', () => {
    const table: Record<Place, [boolean, boolean]> = { dm: [true, true], private: [true, true], public: [true, false] };
    for (const [place, [aggregate, records]] of Object.entries(table) as [Place, [boolean, boolean]][]) {
      expect([mayShow(place, 'aggregate'), mayShow(place, 'records')]).toEqual([aggregate, records]);
    }
  });

  it('treats a shared channel as public even when it is private', () => {
    expect(placeOf({ is_private: true, is_ext_shared: true })).toBe('public');
    expect(placeOf({ is_private: true })).toBe('private');
    expect(placeOf({ is_mpim: true })).toBe('private');
    expect(placeOf({ is_im: true })).toBe('dm');
    expect(placeOf({})).toBe('public');
  });

  it('treats only answers the core marks as records as records', () => {
    const { records: _, ...aggregate } = customerList;
    expect(exposureOf(aggregate)).toBe('aggregate');
    expect(exposureOf(customerList)).toBe('records');
  });

  it('sends a list asked in a public channel to the asker privately, and says so in the thread', async () => {
    await answerInThread(doorWith(async () => customerList), { channel: 'C0PUBLIC', threadTs: '1795000000.000001' }, { id: 'U0ASKER', local: false }, 'list our customers');
    expect(slack.calls.map((c) => c.method)).toEqual(['chat.postMessage', 'conversations.info', 'conversations.open', 'chat.postMessage', 'chat.update']);
    const [working, , opened, privately, note] = slack.calls;
    expect(working!.body).toMatchObject({ channel: 'C0PUBLIC', thread_ts: '1795000000.000001' });
    expect(opened!.body.users).toBe('U0ASKER');
    expect(privately!.body.channel).toBe('D0ASKER');
    expect(blocksText(privately!.body.blocks)).toContain('Z*** W.');
    expect(note!.body).toMatchObject({ channel: 'C0PUBLIC', ts: working!.response.ts });
    expect(String(note!.body.text)).toContain('direct message');
    expect(JSON.stringify(note!.body)).not.toContain('Z*** W.');
  });

  it('shows the same list where it was asked in a private channel', async () => {
    server.use(http.post(`${API}conversations.info`, () => HttpResponse.json({ ok: true, channel: { id: 'C0PRIVATE', is_private: true } })));
    await answerInThread(doorWith(async () => customerList), { channel: 'C0PRIVATE', threadTs: '1795000000.000002' }, { id: 'U0ASKER', local: false }, 'list our customers');
    expect(slack.calls.map((c) => c.method)).toEqual(['chat.postMessage', 'chat.update']);
    expect(blocksText(slack.calls[1]!.body.blocks)).toContain('Z*** W.');
  });
});

describe('never silence', () => {
  it('turns a core that throws into an apology with a reference, logged without the question', async () => {
    const logs: string[] = [];
    const door = doorWith(async () => {
      throw new Error('connection terminated unexpectedly');
    }, logs);
    await answerInThread(door, { channel: 'C0FAIL', threadTs: '1795000000.000003' }, { id: 'U0ASKER', local: false }, 'revenue for zhang.wei@example.cn');
    const update = slack.calls.find((c) => c.method === 'chat.update')!;
    const ref = /reference ([0-9a-f]{8})/.exec(String(update.body.text))?.[1];
    expect(update.body.text).toBe(`Something went wrong on our side (reference ${ref}). The team can look it up in the log.`);
    const line = logs.find((l) => l.includes(`"ref":"${ref}"`));
    expect(JSON.parse(line!)).toMatchObject({ level: 'error', event: 'slack_answer_failed', detail: 'Error: connection terminated unexpectedly' });
    expect(logs.join('\n')).not.toContain('zhang.wei');
  });

  it('answers a slash command privately through its response URL where the bot may not post', async () => {
    slack.failNext('chat.postMessage', 200, {}, { ok: false, error: 'not_in_channel' });
    const responses: unknown[] = [];
    const respond = async (message: unknown) => {
      responses.push(message);
      return {} as never;
    };
    const answer: Answer = { kind: 'refusal', lang: 'en', code: 'usage', message: 'a refusal, for the test' };
    await answerInThread(doorWith(async () => answer), { channel: 'C0NOTIN', respond }, { id: 'U0ASKER', local: false }, 'how many customers?');
    expect(responses).toMatchObject([{ response_type: 'ephemeral', text: 'a refusal, for the test' }]);
    expect(slack.calls.map((c) => c.method)).toEqual(['chat.postMessage']);
  });
});
