/**
 * Builders for OpenAI chat completion replies, and a scripted `/chat/completions` endpoint for
 * msw: each request takes the next reply in the script and is recorded, so a test can assert
 * what was sent (prompt, tools, repair messages) and how many requests were made.
 */
import { delay, http, HttpResponse, type HttpHandler } from 'msw';
import type { ChatCompletion, ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';

type Message = ChatCompletion['choices'][number]['message'];
type Usage = { prompt_tokens: number; completion_tokens: number };

let ids = 0;

/** A complete chat completion around one assistant message. */
export function completion(message: Partial<Message>, usage: Usage = { prompt_tokens: 1200, completion_tokens: 60 }): ChatCompletion {
  ids += 1;
  return {
    id: `chatcmpl-test-${ids}`,
    object: 'chat.completion',
    created: 1_795_000_000,
    model: 'test-model',
    choices: [
      {
        index: 0,
        finish_reason: message.tool_calls ? 'tool_calls' : 'stop',
        logprobs: null,
        message: { role: 'assistant', content: null, refusal: null, ...message },
      },
    ],
    usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
  };
}

/** The model calling one tool; `args` is sent as JSON, or verbatim when it is a string (broken JSON). */
export function toolCall(name: string, args: unknown, usage?: Usage): ChatCompletion {
  ids += 1;
  const call = { id: `call_${ids}`, type: 'function' as const, function: { name, arguments: typeof args === 'string' ? args : JSON.stringify(args) } };
  return completion({ tool_calls: [call] }, usage);
}

/** The model's structured refusal. */
export const refusal = (text: string) => completion({ refusal: text });

/** Prose instead of a tool call. */
export const prose = (text: string) => completion({ content: text });

export type Reply =
  | ChatCompletion
  | { status: number; headers?: Record<string, string>; body: unknown }
  | { delayMs: number; then: Reply };

const isCompletion = (r: Reply): r is ChatCompletion => 'object' in r && r.object === 'chat.completion';

const retryable = (status: number) => status === 408 || status === 409 || status === 429 || status >= 500;

/**
 * An HTTP error as OpenAI sends it; `retry-after-ms` keeps the SDK's backoff short in tests.
 * Statuses the SDK retries go without a body: before a retry the SDK cancels the error body,
 * and cancelling a body msw produced never resolves (mswjs/interceptors#799), so the test
 * would hang instead of retrying.
 */
export const httpError = (status: number, extra: { code?: string; retryAfterMs?: number } = {}): Reply => ({
  status,
  headers: extra.retryAfterMs === undefined ? {} : { 'retry-after-ms': String(extra.retryAfterMs) },
  body: retryable(status) ? null : { error: { message: `status ${status}`, type: 'test_error', code: extra.code ?? null, param: null } },
});

/**
 * A scripted endpoint: the n-th request gets `replies[n]` (the last one repeats). `requests`
 * holds every parsed request body, `raw` the bodies as sent.
 */
export function chatEndpoint(replies: Reply[]): { handler: HttpHandler; requests: ChatCompletionCreateParamsNonStreaming[]; raw: string[] } {
  const requests: ChatCompletionCreateParamsNonStreaming[] = [];
  const raw: string[] = [];
  const respond = async (reply: Reply): Promise<Response> => {
    if (isCompletion(reply)) return HttpResponse.json(reply);
    if ('delayMs' in reply) {
      await delay(reply.delayMs);
      return respond(reply.then);
    }
    if (reply.body === null) return new HttpResponse(null, { status: reply.status, headers: reply.headers });
    return HttpResponse.json(reply.body, { status: reply.status, headers: reply.headers });
  };
  const handler = http.post('*/chat/completions', async ({ request }) => {
    const text = await request.text();
    raw.push(text);
    requests.push(JSON.parse(text) as ChatCompletionCreateParamsNonStreaming);
    const reply = replies[Math.min(requests.length - 1, replies.length - 1)];
    if (!reply) throw new Error('chatEndpoint: no reply scripted');
    return respond(reply);
  });
  return { handler, requests, raw };
}
