/**
 * Helpers for driving the real Bolt app over HTTP: Slack's request signing, Slack's own payload
 * examples (../shared/data/real/slack), and a fake Web API for msw that records every call so a
 * test can wait for what the listeners post after the HTTP response has gone.
 */
import { createHmac } from 'node:crypto';
import { createSlackApp, type SlackDoor } from '../../src/slack/app.ts';
import type { SlackDeps } from '../../src/slack/reply.ts';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { http, HttpResponse, type HttpHandler } from 'msw';

// ── Slack's payload examples ─────────────────────────────────────────────────────────────────

const fixturesDir = fileURLToPath(new URL('../../../shared/data/real/slack/', import.meta.url));

/** False when the shared data folder is not next to the repository (then those tests are skipped, saying so). */
export const fixturesAvailable = existsSync(fixturesDir);
export const fixturesMissingReason = `Slack payload fixtures not found at ${fixturesDir}: the tests built on Slack's own examples are skipped.`;

export function fixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(`${fixturesDir}${name}`, 'utf8')) as T;
}
export const fixtureText = (name: string) => readFileSync(`${fixturesDir}${name}`, 'utf8').trim();

// ── Signing ──────────────────────────────────────────────────────────────────────────────────

/** Slack's v0 signature headers for `body`, at `timestamp` (seconds) — now unless given. */
export function signedHeaders(secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature };
}

export interface Poster {
  /** POSTs a JSON (Events API) or form (commands, interactions) body, signed unless `headers` override it. */
  post(body: string, options?: { form?: boolean; headers?: Record<string, string>; timestamp?: number }): Promise<Response>;
}

export function poster(url: string, secret: string): Poster {
  return {
    post(body, options = {}) {
      const contentType = options.form ? 'application/x-www-form-urlencoded' : 'application/json';
      return fetch(url, { method: 'POST', headers: { 'content-type': contentType, ...signedHeaders(secret, body, options.timestamp), ...options.headers }, body });
    },
  };
}

export const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

// ── The fake Web API ─────────────────────────────────────────────────────────────────────────

export interface ApiCall {
  method: string;
  /** Form fields, with JSON ones (blocks, view) parsed. */
  body: Record<string, unknown>;
  status: number;
  at: number;
  /** What the fake answered (for chat.postMessage: the new message's `ts`). */
  response: Record<string, unknown>;
}

export interface FakeSlack {
  handlers: HttpHandler[];
  calls: ApiCall[];
  /** Makes the next call of `method` answer `status` with `headers` (e.g. 429 with Retry-After). */
  failNext(method: string, status: number, headers?: Record<string, string>, body?: unknown): void;
  /** Resolves with the first call matching `match`, waiting up to `timeoutMs`. */
  waitFor(match: (call: ApiCall) => boolean, timeoutMs?: number): Promise<ApiCall>;
  /** Every call so far whose body mentions `channel` and `thread`. */
  inThread(channel: string, thread: string): ApiCall[];
}

const JSON_FIELDS = ['blocks', 'view', 'files'];

/** Slack's Web API at `base`, answering the methods Precis calls the way Slack does. */
export function fakeSlack(base: string, bot = { userId: 'U0LAN0Z89', botId: 'B0PRECIS' }): FakeSlack {
  const calls: ApiCall[] = [];
  const failures = new Map<string, { status: number; headers: Record<string, string>; body: unknown }[]>();
  let ts = 0;
  const nextTs = () => `1795000000.${String(++ts).padStart(6, '0')}`;
  const uploadUrl = `${new URL(base).origin}/upload/v1/precis`;

  const answer = (method: string, body: Record<string, unknown>): Record<string, unknown> => {
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://example.slack.com/', team: 'Example', user: 'precis', team_id: 'T123ABC456', user_id: bot.userId, bot_id: bot.botId };
      case 'chat.postMessage':
        return { ok: true, channel: body.channel, ts: nextTs(), message: { text: body.text } };
      case 'chat.update':
        return { ok: true, channel: body.channel, ts: body.ts, text: body.text };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: nextTs() };
      case 'views.publish':
        return { ok: true, view: { id: 'V1', ...(body.view as object) } };
      case 'views.open':
        return { ok: true, view: { id: 'V2', ...(body.view as object) } };
      case 'conversations.info':
        return { ok: true, channel: { id: body.channel, is_channel: true, is_private: false, is_im: false, is_shared: false, is_ext_shared: false } };
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(body.users).slice(1)}` } };
      case 'files.getUploadURLExternal':
        return { ok: true, upload_url: uploadUrl, file_id: 'F0CHART' };
      case 'files.completeUploadExternal':
        return { ok: true, files: [{ id: 'F0CHART', title: 'chart' }] };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  };

  const handlers = [
    http.post(`${base}:method`, async ({ request, params }) => {
      const method = String(params.method);
      const fields = Object.fromEntries(new URLSearchParams(await request.text()));
      const body: Record<string, unknown> = { ...fields };
      for (const key of JSON_FIELDS) if (typeof fields[key] === 'string') body[key] = JSON.parse(fields[key]);
      const failure = failures.get(method)?.shift();
      const response = failure ? ((failure.body ?? { ok: false, error: 'ratelimited' }) as Record<string, unknown>) : answer(method, body);
      calls.push({ method, body, status: failure?.status ?? 200, at: Date.now(), response });
      return HttpResponse.json(response, { status: failure?.status ?? 200, headers: failure?.headers ?? {} });
    }),
    // respond(): a slash command's or an action's response URL.
    http.post('https://hooks.slack.com/*', async ({ request }) => {
      calls.push({ method: 'respond', body: (await request.json()) as Record<string, unknown>, status: 200, at: Date.now(), response: {} });
      return HttpResponse.json({ ok: true });
    }),
    http.post(uploadUrl, async ({ request }) => {
      const data = await request.arrayBuffer();
      calls.push({ method: 'upload', body: { bytes: Buffer.from(data) }, status: 200, at: Date.now(), response: {} });
      return new HttpResponse('OK', { status: 200 });
    }),
  ];

  return {
    handlers,
    calls,
    failNext(method, status, headers = {}, body) {
      failures.set(method, [...(failures.get(method) ?? []), { status, headers, body }]);
    },
    async waitFor(match, timeoutMs = 15_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const found = calls.find(match);
        if (found) return found;
        if (Date.now() > until) throw new Error(`no matching Web API call within ${timeoutMs} ms; calls: ${calls.map((c) => c.method).join(', ')}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    inThread(channel, thread) {
      return calls.filter((c) => c.body.channel === channel && (c.body.thread_ts === thread || c.body.ts === thread));
    },
  };
}

/** All the text a message's blocks show, for asserting on what a reader sees. */
export function blocksText(blocks: unknown): string {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const { text, ...rest } = node as Record<string, unknown>;
      if (typeof text === 'string') out.push(text);
      else walk(text);
      Object.values(rest).forEach(walk);
    }
  };
  walk(blocks);
  return out.join('\n');
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A test-only signing secret (hex, like Slack's) and the fake Web API's base URL. */
export const TEST_SECRET = 'abcdef0123456789abcdef0123456789';
export const TEST_API = 'https://slack.test/api/';

/** The real Bolt app over HTTP on a free local port, with a client that signs what it posts. */
export async function startTestDoor(deps: SlackDeps): Promise<{ door: SlackDoor; client: Poster; base: string }> {
  const door = createSlackApp(deps, { mode: 'http', botToken: 'xoxb-test-token', signingSecret: TEST_SECRET, port: 0, apiUrl: TEST_API }, { host: '127.0.0.1' });
  const started = await door.start();
  if (started.mode !== 'http') throw new Error('expected HTTP mode');
  const base = `http://127.0.0.1:${started.port}`;
  return { door, client: poster(`${base}/slack/events`, TEST_SECRET), base };
}

/** For msw: a request to anything but our own Bolt app (on 127.0.0.1) that no handler answers fails the test. */
export const onlyOurAppUnhandled = { onUnhandledRequest: (request: Request, print: { error(): void }) => (new URL(request.url).hostname === '127.0.0.1' ? undefined : print.error()) };
