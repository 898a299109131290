/**
 * The model parser: a question → a QuerySpec (or a clarifying question) through any
 * OpenAI-compatible chat completions endpoint, with function calling. The model sees the
 * semantic catalog, the allowed filter values and the calendar — never customer rows — and
 * its answer goes through the same zod schema and catalog checks as the rules parser's.
 *
 * One repair round: when a tool call does not validate, the problems go back as the tool's
 * result and the model tries once more; then the caller falls back (rules, or a question).
 * Every request has a timeout, the SDK retries 429 and 5xx with backoff, and one question may
 * spend at most `tokenBudget` tokens, estimated before each request and counted after it.
 *
 * It never logs, and its failures carry codes only: no question, no model output.
 */
import OpenAI from 'openai';
import type {
  ChatCompletion,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionFunctionTool,
  ChatCompletionMessageFunctionToolCall,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';
import type { QuerySpec } from '../query/dsl.ts';
import { ANSWER_TOOL, CLARIFY_TOOL, checkToolCall, toolParameters, type Checked } from './model/check.ts';
import { estimateTokens, maskQuestion, systemPrompt } from './model/prompt.ts';

export interface ModelParserOptions {
  apiKey: string;
  /** An OpenAI-compatible endpoint, e.g. http://localhost:11434/v1; OpenAI's when absent. */
  baseURL?: string;
  model: string;
  /** Per request; the SDK's retries each get the full time again. */
  timeoutMs: number;
  /** All tokens (prompt and completion, both rounds) one question may use. */
  tokenBudget: number;
  /** Retries on 429, 5xx, timeouts and lost connections, with the SDK's backoff. Default 2. */
  maxRetries?: number;
}

export interface ModelContext {
  /** YYYY-MM-DD in the store time zone. */
  today: string;
  timeZone: string;
  lang: 'en' | 'zh';
  /** Allowed filter values, e.g. from src/semantic/values.ts. */
  values: { dimension: string; value: string; phrases: string[] }[];
  /** The thread's last query, for follow-ups. */
  previous?: QuerySpec;
}

export type ModelFailure = 'invalid_output' | 'refused' | 'timeout' | 'unavailable' | 'over_budget';

export type ModelResult =
  | { kind: 'query'; query: QuerySpec; usage: { promptTokens: number; completionTokens: number } }
  | { kind: 'clarify'; question: string; options: string[] }
  | { kind: 'failed'; reason: ModelFailure; detail: string };

export interface ModelParser {
  parse(question: string, ctx: ModelContext): Promise<ModelResult>;
}

/** Below this many tokens left for the answer, a request is not worth sending. */
const MIN_COMPLETION_TOKENS = 64;

const tools: ChatCompletionFunctionTool[] = [
  {
    type: 'function',
    function: {
      name: ANSWER_TOOL,
      description: 'Answer the question with a query over the catalog.',
      parameters: toolParameters[ANSWER_TOOL],
      strict: true,
    },
  },
  {
    type: 'function',
    function: {
      name: CLARIFY_TOOL,
      description: 'Ask the asker one short question, with options, when the question is ambiguous or names something the catalog does not have.',
      parameters: toolParameters[CLARIFY_TOOL],
      strict: true,
    },
  },
];
const toolsTokens = estimateTokens(JSON.stringify(tools));

class Failed extends Error {
  readonly reason: ModelFailure;
  readonly detail: string;
  constructor(reason: ModelFailure, detail: string) {
    super(`${reason}: ${detail}`);
    this.reason = reason;
    this.detail = detail;
  }
}

/** SDK errors → a failure reason and a code; anything else is a bug and is thrown on. */
function failureOf(err: unknown): Failed {
  if (err instanceof Failed) return err;
  if (err instanceof OpenAI.APIConnectionTimeoutError) return new Failed('timeout', 'request_timeout');
  if (err instanceof OpenAI.APIUserAbortError) return new Failed('timeout', 'aborted');
  if (err instanceof OpenAI.APIConnectionError) return new Failed('unavailable', 'connection_failed');
  if (err instanceof OpenAI.APIError) {
    const code = typeof err.code === 'string' && /^[\w.-]{1,64}$/.test(err.code) ? err.code : undefined;
    if (code === 'context_length_exceeded') return new Failed('over_budget', code);
    return new Failed('unavailable', `http_${err.status ?? 'unknown'}${code ? `:${code}` : ''}`);
  }
  throw err;
}

/**
 * Creates a parser bound to one endpoint and model. The client looks up `fetch` at each call,
 * not at construction, so test interceptors installed later still see the requests.
 *
 * @example
 * const parser = createModelParser({ apiKey, model: 'gpt-4o-mini', timeoutMs: 15_000, tokenBudget: 12_000 });
 * const result = await parser.parse('revenue by city last month', { today: '2026-11-28', timeZone: 'Asia/Shanghai', lang: 'en', values });
 * if (result.kind === 'query') run(result.query);
 */
export function createModelParser(options: ModelParserOptions): ModelParser {
  if (!options.apiKey) throw new Error('createModelParser: apiKey is empty; leave the model parser off instead.');
  if (!(options.tokenBudget > 0) || !(options.timeoutMs > 0)) throw new Error('createModelParser: timeoutMs and tokenBudget must be positive.');

  const client = new OpenAI({
    apiKey: options.apiKey,
    // Explicit, so the SDK does not read OPENAI_* variables behind config.ts's back.
    baseURL: options.baseURL ?? 'https://api.openai.com/v1',
    organization: null,
    project: null,
    timeout: options.timeoutMs,
    maxRetries: options.maxRetries ?? 2,
    // The SDK's debug log would print request bodies, i.e. questions.
    logLevel: 'off',
    fetch: (input, init) => globalThis.fetch(input, init),
  });

  return {
    async parse(question, ctx) {
      const spent = { promptTokens: 0, completionTokens: 0 };
      const masked = maskQuestion(question);
      const messages: ChatCompletionMessageParam[] = [
        { role: 'system', content: systemPrompt(ctx, masked) },
        { role: 'user', content: masked },
      ];

      /** One request within what is left of the budget; counts what it used. */
      const ask = async (): Promise<ChatCompletion['choices'][number]['message']> => {
        const promptEstimate = estimateTokens(JSON.stringify(messages)) + toolsTokens;
        const left = options.tokenBudget - spent.promptTokens - spent.completionTokens - promptEstimate;
        if (left < MIN_COMPLETION_TOKENS) throw new Failed('over_budget', `estimated_prompt_tokens:${promptEstimate} budget:${options.tokenBudget}`);
        const body: ChatCompletionCreateParamsNonStreaming = {
          model: options.model,
          messages,
          tools,
          tool_choice: 'required',
          parallel_tool_calls: false,
          max_completion_tokens: left,
        };
        const completion = await client.chat.completions.create(body);
        const message = completion.choices[0]?.message;
        spent.promptTokens += completion.usage?.prompt_tokens ?? promptEstimate;
        spent.completionTokens += completion.usage?.completion_tokens ?? estimateTokens(JSON.stringify(message ?? ''));
        if (!message) throw new Failed('invalid_output', 'no_choice');
        if (message.refusal) throw new Failed('refused', 'refusal');
        return message;
      };

      /** The first function call, checked; or the reason there is none. */
      const read = (message: ChatCompletion['choices'][number]['message']): { checked: Checked; calls: ChatCompletionMessageFunctionToolCall[] } => {
        const calls = (message.tool_calls ?? []).filter((c): c is ChatCompletionMessageFunctionToolCall => c.type === 'function');
        const first = calls[0];
        if (!first) {
          // With a tool call required, prose instead of one is the model declining.
          if (message.content?.trim()) throw new Failed('refused', 'no_tool_call');
          return { checked: { ok: false, problems: [`Call ${ANSWER_TOOL} or ${CLARIFY_TOOL}.`], codes: ['no_tool_call'] }, calls };
        }
        return { checked: checkToolCall(first.function.name, first.function.arguments, ctx.values), calls };
      };

      const done = (checked: Extract<Checked, { ok: true }>): ModelResult =>
        checked.value.kind === 'query' ? { kind: 'query', query: checked.value.query, usage: { ...spent } } : checked.value;

      try {
        const first = await ask();
        const round1 = read(first);
        if (round1.checked.ok) return done(round1.checked);

        // The repair round: the problems go back as the tool's result, and the model tries again.
        const problems = round1.checked.problems;
        const repair = `That was not valid:\n- ${problems.join('\n- ')}\nCall ${ANSWER_TOOL} again with corrected arguments, or ${CLARIFY_TOOL}.`;
        if (round1.calls.length > 0) {
          messages.push({ role: 'assistant', content: first.content ?? null, tool_calls: round1.calls });
          round1.calls.forEach((call, i) => {
            messages.push({ role: 'tool', tool_call_id: call.id, content: i === 0 ? repair : 'Ignored: call one tool at a time.' });
          });
        } else {
          messages.push({ role: 'user', content: repair });
        }
        const round2 = read(await ask());
        if (round2.checked.ok) return done(round2.checked);
        return { kind: 'failed', reason: 'invalid_output', detail: [...new Set(round2.checked.codes)].join(' ') };
      } catch (err) {
        const failed = failureOf(err);
        return { kind: 'failed', reason: failed.reason, detail: failed.detail };
      }
    },
  };
}
