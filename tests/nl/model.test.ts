/**
 * The model parser against a scripted OpenAI-compatible endpoint (msw at the HTTP boundary, so
 * the real SDK builds, retries and times out the requests). What matters: only a QuerySpec
 * that passes the schema and the catalog comes out; one repair round, never two; failures are
 * codes, not traces; the budget is checked before anything is sent; and the prompt carries the
 * catalog and allowed values but no personal data.
 */
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { t } from '../../src/messages/index.ts';
import { createModelParser, type ModelContext, type ModelParserOptions } from '../../src/nl/model.ts';
import { dropForcedNulls, inputJsonSchema, strictJsonSchema } from '../../src/nl/model/schema.ts';
import { VALUES_PER_DIMENSION } from '../../src/nl/model/prompt.ts';
import { redactText } from '../../src/privacy/redact.ts';
import { dimensionIds, metricIds } from '../../src/semantic/index.ts';
import { gazetteerValues } from '../../src/semantic/values.ts';
import { chatEndpoint, httpError, prose, refusal, toolCall } from '../helpers/openai.ts';
import { q } from '../helpers/query.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const options: ModelParserOptions = {
  apiKey: 'test-key',
  baseURL: 'https://model.test/v1',
  model: 'test-model',
  timeoutMs: 2_000,
  tokenBudget: 20_000,
  maxRetries: 2,
};

const ctx: ModelContext = {
  today: '2026-11-28',
  timeZone: 'Asia/Shanghai',
  lang: 'en',
  values: [...gazetteerValues(), { dimension: 'category', value: 'Skincare', phrases: ['skincare', '护肤'] }, { dimension: 'brand', value: 'Lumina', phrases: ['lumina'] }],
};


const revenueByCity = q({ intent: 'breakdown', metrics: ['revenue'], dimensions: ['city'], period: { start: '2026-10-01', end: '2026-11-01', label: 'last month' } });

function script(...replies: Parameters<typeof chatEndpoint>[0]) {
  const endpoint = chatEndpoint(replies);
  server.use(endpoint.handler);
  return endpoint;
}

/** The text of every message after the first request's, i.e. what the repair round added. */
const repairMessages = (endpoint: ReturnType<typeof chatEndpoint>) => endpoint.requests[1]!.messages.slice(endpoint.requests[0]!.messages.length);
const systemText = (endpoint: ReturnType<typeof chatEndpoint>) => String(endpoint.requests[0]!.messages[0]!.content);

describe('model parser: answers', () => {
  it('returns the query of a valid answer_query call, with the tokens it used', async () => {
    const endpoint = script(toolCall('answer_query', revenueByCity, { prompt_tokens: 1500, completion_tokens: 40 }));
    const result = await createModelParser(options).parse('revenue by city last month', ctx);
    expect(result).toEqual({ kind: 'query', query: revenueByCity, usage: { promptTokens: 1500, completionTokens: 40 } });
    expect(endpoint.requests).toHaveLength(1);
    const sent = endpoint.requests[0]!;
    expect(sent.model).toBe('test-model');
    expect(sent.tool_choice).toBe('required');
    expect(sent.tools?.map((tool) => (tool.type === 'function' ? tool.function.name : tool.type))).toEqual(['answer_query', 'ask_clarification']);
    expect(sent.max_completion_tokens).toBeGreaterThan(0);
    expect(sent.max_completion_tokens).toBeLessThan(options.tokenBudget);
  });

  it('sends the DSL as a strict schema derived from zod: every metric and dimension id, all fields required', async () => {
    const endpoint = script(toolCall('answer_query', revenueByCity));
    await createModelParser(options).parse('revenue by city last month', ctx);
    const tool = endpoint.requests[0]!.tools![0]!;
    if (tool.type !== 'function') throw new Error('expected a function tool');
    const params = tool.function.parameters as { properties: Record<string, unknown>; required: string[]; additionalProperties: boolean };
    expect(tool.function.strict).toBe(true);
    expect(params.additionalProperties).toBe(false);
    expect(params.required.sort()).toEqual(Object.keys(params.properties).sort());
    const text = JSON.stringify(params);
    for (const id of [...metricIds, ...dimensionIds]) expect(text).toContain(`"${id}"`);
  });

  it('turns the ask_clarification tool into a clarifying question with options', async () => {
    script(toolCall('ask_clarification', { question: 'Revenue or orders?', options: ['revenue by city', 'orders by city'] }));
    const result = await createModelParser(options).parse('how did cities do', ctx);
    expect(result).toEqual({ kind: 'clarify', question: 'Revenue or orders?', options: ['revenue by city', 'orders by city'] });
  });

  it('writes filter values in their canonical form when the model uses a phrase', async () => {
    const asked = q({ intent: 'metric', metrics: ['orders'], filters: [{ dimension: 'city', values: ['上海'] }, { dimension: 'platform', values: ['Tmall'] }] });
    script(toolCall('answer_query', asked));
    const result = await createModelParser(options).parse('上海天猫订单数', { ...ctx, lang: 'zh' });
    expect(result.kind === 'query' && result.query.filters).toEqual([
      { dimension: 'city', values: ['Shanghai'] },
      { dimension: 'platform', values: ['tmall'] },
    ]);
  });
});

describe('model parser: one repair round', () => {
  it('repairs invalid JSON: the problem goes back as the tool result and the second answer is used', async () => {
    const broken = toolCall('answer_query', '{"intent": "breakdown", "metrics": ["revenue"');
    const endpoint = script(broken, toolCall('answer_query', revenueByCity, { prompt_tokens: 1700, completion_tokens: 50 }));
    const result = await createModelParser(options).parse('revenue by city last month', ctx);
    expect(result).toEqual({ kind: 'query', query: revenueByCity, usage: { promptTokens: 1200 + 1700, completionTokens: 60 + 50 } });
    expect(endpoint.requests).toHaveLength(2);
    const [assistant, tool] = repairMessages(endpoint);
    const callId = broken.choices[0]!.message.tool_calls![0]!.id;
    expect(assistant).toMatchObject({ role: 'assistant', tool_calls: [{ id: callId }] });
    expect(tool).toMatchObject({ role: 'tool', tool_call_id: callId });
    expect(String(tool!.content)).toContain('not valid JSON');
  });

  it('gives up after a second schema violation, with exactly two requests and codes only', async () => {
    const wrong = { ...revenueByCity, metrics: [] };
    const endpoint = script(toolCall('answer_query', wrong), toolCall('answer_query', { ...wrong, limit: 'ten' }));
    const result = await createModelParser(options).parse('revenue by city last month', ctx);
    expect(result).toMatchObject({ kind: 'failed', reason: 'invalid_output' });
    expect(endpoint.requests).toHaveLength(2);
    if (result.kind !== 'failed') throw new Error('expected a failure');
    expect(result.detail).toBe('schema:metrics:too_small schema:limit:invalid_type');
  });

  it('refuses an invented metric: the repair request names it and lists the allowed ids', async () => {
    const invented = { ...revenueByCity, metrics: ['profit'] };
    const endpoint = script(toolCall('answer_query', invented), toolCall('answer_query', revenueByCity));
    const result = await createModelParser(options).parse('profit by city last month', ctx);
    expect(result).toMatchObject({ kind: 'query', query: revenueByCity });
    const problem = String(repairMessages(endpoint)[1]!.content);
    expect(problem).toContain('metrics.0');
    expect(problem).toContain('"profit"');
    expect(problem).toContain('"revenue"');
  });

  it('fails when the invented metric comes back after the repair', async () => {
    const invented = { ...revenueByCity, metrics: ['profit'] };
    const endpoint = script(toolCall('answer_query', invented));
    const result = await createModelParser(options).parse('profit by city last month', ctx);
    expect(result).toEqual({ kind: 'failed', reason: 'invalid_output', detail: 'schema:metrics.0:invalid_value' });
    expect(endpoint.requests).toHaveLength(2);
  });

  it('sends catalog problems from query validation back in the words of the message catalog', async () => {
    const noTime = q({ intent: 'trend', metrics: ['revenue'], dimensions: ['city'] });
    const fixed = q({ intent: 'trend', metrics: ['revenue'], dimensions: ['month'] });
    const endpoint = script(toolCall('answer_query', noTime), toolCall('answer_query', fixed));
    const result = await createModelParser(options).parse('revenue trend', ctx);
    expect(result).toMatchObject({ kind: 'query', query: fixed });
    expect(String(repairMessages(endpoint)[1]!.content)).toContain(t('en', 'problems.trend_needs_time'));
  });

  it('sends a filter value outside the allowed list back for repair', async () => {
    const unknownCity = q({ intent: 'metric', metrics: ['orders'], filters: [{ dimension: 'city', values: ['Atlantis'] }] });
    const endpoint = script(toolCall('answer_query', unknownCity), toolCall('ask_clarification', { question: 'Which city?', options: ['Shanghai', 'Beijing'] }));
    const result = await createModelParser(options).parse('orders in atlantis', ctx);
    expect(result).toEqual({ kind: 'clarify', question: 'Which city?', options: ['Shanghai', 'Beijing'] });
    expect(String(repairMessages(endpoint)[1]!.content)).toContain('"Atlantis" is not an allowed city value');
  });

  it('asks again when the model answers with no tool call and no text', async () => {
    const endpoint = script(prose(''), toolCall('answer_query', revenueByCity));
    const result = await createModelParser(options).parse('revenue by city last month', ctx);
    expect(result.kind).toBe('query');
    expect(repairMessages(endpoint)).toEqual([{ role: 'user', content: expect.stringContaining('Call answer_query or ask_clarification') }]);
  });
});

describe('model parser: refusals and transport', () => {
  it('reports a refusal without a repair round', async () => {
    const endpoint = script(refusal("I can't help with that."));
    expect(await createModelParser(options).parse('something odd', ctx)).toEqual({ kind: 'failed', reason: 'refused', detail: 'refusal' });
    expect(endpoint.requests).toHaveLength(1);
  });

  it('counts prose instead of the required tool call as a refusal', async () => {
    script(prose('Sorry, I cannot answer questions about that.'));
    expect(await createModelParser(options).parse('something odd', ctx)).toEqual({ kind: 'failed', reason: 'refused', detail: 'no_tool_call' });
  });

  it('times out a request that takes longer than timeoutMs', async () => {
    const endpoint = script({ delayMs: 1_000, then: toolCall('answer_query', revenueByCity) });
    const started = Date.now();
    const result = await createModelParser({ ...options, timeoutMs: 50, maxRetries: 0 }).parse('revenue by city last month', ctx);
    expect(result).toEqual({ kind: 'failed', reason: 'timeout', detail: 'request_timeout' });
    expect(Date.now() - started).toBeLessThan(800);
    expect(endpoint.requests).toHaveLength(1);
  });

  it('retries after a 429 and answers from the second request', async () => {
    const endpoint = script(httpError(429, { retryAfterMs: 5 }), toolCall('answer_query', revenueByCity));
    const result = await createModelParser(options).parse('revenue by city last month', ctx);
    expect(result).toMatchObject({ kind: 'query', query: revenueByCity });
    expect(endpoint.requests).toHaveLength(2);
  });

  it('is unavailable after the retries for a 5xx are spent', async () => {
    const endpoint = script(httpError(503, { retryAfterMs: 5 }));
    const result = await createModelParser({ ...options, maxRetries: 1 }).parse('revenue by city last month', ctx);
    expect(result).toEqual({ kind: 'failed', reason: 'unavailable', detail: 'http_503' });
    expect(endpoint.requests).toHaveLength(2);
  });

  it('does not retry a rejected key', async () => {
    const endpoint = script(httpError(401, { code: 'invalid_api_key' }));
    const result = await createModelParser(options).parse('revenue by city last month', ctx);
    expect(result).toEqual({ kind: 'failed', reason: 'unavailable', detail: 'http_401:invalid_api_key' });
    expect(endpoint.requests).toHaveLength(1);
  });
});

describe('model parser: token budget', () => {
  it('sends nothing when the prompt alone would exceed the budget', async () => {
    const endpoint = script(toolCall('answer_query', revenueByCity));
    const result = await createModelParser({ ...options, tokenBudget: 500 }).parse('revenue by city last month', ctx);
    expect(result).toMatchObject({ kind: 'failed', reason: 'over_budget' });
    expect(endpoint.requests).toHaveLength(0);
  });

  it('bounds the completion by what is left of the budget', async () => {
    const endpoint = script(toolCall('answer_query', revenueByCity));
    await createModelParser({ ...options, tokenBudget: 6_000 }).parse('revenue by city last month', ctx);
    const sent = endpoint.requests[0]!;
    expect(sent.max_completion_tokens).toBeLessThanOrEqual(6_000 - endpoint.raw[0]!.length / 8);
  });

  it('stops before the repair round when the first round spent the budget', async () => {
    const endpoint = script(toolCall('answer_query', '{not json', { prompt_tokens: 5_000, completion_tokens: 900 }), toolCall('answer_query', revenueByCity));
    const result = await createModelParser({ ...options, tokenBudget: 6_000 }).parse('revenue by city last month', ctx);
    expect(result).toMatchObject({ kind: 'failed', reason: 'over_budget' });
    expect(endpoint.requests).toHaveLength(1);
  });
});

describe('model parser: the prompt', () => {
  it('carries the catalog ids, the allowed values, the date and the previous query', async () => {
    const endpoint = script(toolCall('answer_query', revenueByCity));
    const previous = q({ intent: 'metric', metrics: ['orders'], filters: [{ dimension: 'platform', values: ['jd'] }] });
    await createModelParser(options).parse('and by city?', { ...ctx, previous });
    const system = systemText(endpoint);
    for (const id of [...metricIds, ...dimensionIds]) expect(system).toMatch(new RegExp(`^- ${id}: `, 'm'));
    expect(system).toContain('Shanghai (上海)');
    expect(system).toContain('Skincare (护肤)');
    expect(system).toContain('2026-11-28 (Saturday) in the time zone Asia/Shanghai');
    expect(system).toContain('"last 30 days" is 2026-10-30 to 2026-11-29');
    expect(system).toContain(JSON.stringify(previous));
  });

  it('never sends an email or phone number, from the question or from a value list', async () => {
    /*
     * Problem: a staff member may paste a customer's email or phone into a question, and a value
     * list could be fed something personal by mistake. Required behaviour: neither reaches the
     * model endpoint; everything else still does.
     */
    const endpoint = script(toolCall('answer_query', revenueByCity));
    const values = [...ctx.values, { dimension: 'brand', value: 'zhang.wei@example.cn', phrases: [] }, { dimension: 'brand', value: 'Acme', phrases: ['acme', '+86 138 1234 5678'] }];
    await createModelParser(options).parse('orders of zhang.wei@example.cn or 13812345678 last month', { ...ctx, values });
    const body = endpoint.raw[0]!;
    expect(redactText(body).found).toEqual([]);
    expect(body).not.toContain('zhang.wei');
    expect(body).not.toContain('12345678');
    expect(systemText(endpoint)).toMatch(/^- brand: Lumina; Acme$/m);
  });

  it(`lists at most ${VALUES_PER_DIMENSION} values per dimension, the ones the question names first`, async () => {
    const endpoint = script(toolCall('answer_query', revenueByCity));
    const brands = Array.from({ length: 80 }, (_, i) => ({ dimension: 'brand', value: `Brand${String(i).padStart(2, '0')}`, phrases: [] }));
    await createModelParser(options).parse('revenue of brand79 this year', { ...ctx, values: brands });
    const line = systemText(endpoint)
      .split('\n')
      .find((l) => /^- brand: Brand\d\d/.test(l))!;
    expect(line.startsWith('- brand: Brand79; Brand00; ')).toBe(true);
    expect(line.match(/Brand\d\d/g)).toHaveLength(VALUES_PER_DIMENSION);
    expect(line).toContain('and 30 more not listed');
  });
});

describe('model tool schemas', () => {
  it('sends optional fields as nullable and drops the nulls again before zod reads them', () => {
    const Schema = z.object({ a: z.string(), b: z.number().optional(), c: z.object({ d: z.string().optional() }).nullable() });
    const original = inputJsonSchema(Schema);
    const strict = strictJsonSchema(original) as { required: string[]; properties: Record<string, unknown> };
    expect(strict.required).toEqual(['a', 'b', 'c']);
    expect(strict.properties.b).toEqual({ anyOf: [{ type: 'number' }, { type: 'null' }] });
    const fromModel = { a: 'x', b: null, c: { d: null } };
    expect(Schema.parse(dropForcedNulls(fromModel, original))).toEqual({ a: 'x', c: {} });
    expect(dropForcedNulls({ a: 'x', b: null, c: null }, original)).toEqual({ a: 'x', c: null });
  });
});
