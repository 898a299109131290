/**
 * The answer core with a model endpoint configured (msw at the HTTP boundary): the model is
 * asked only when the rules parser is unsure, its reading is run like any other, its question
 * back reaches the asker, and when it is down the rules' answer stands.
 */
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAssistant } from '../../src/assistant/answer.ts';
import { openStore, type Store } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';
import { createLogger } from '../../src/log.ts';
import { createModelParser } from '../../src/nl/model.ts';
import { chatEndpoint, httpError, toolCall } from '../helpers/openai.ts';
import { testNow } from '../helpers/lexicon.ts';
import { testConfig } from '../helpers/config.ts';

const server = setupServer();
let store: Store;
beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'error' });
  store = await openStore({ kind: 'pglite' });
  await migrate(store);
});
afterEach(() => server.resetHandlers());
afterAll(async () => {
  server.close();
  await store.close();
});

const local = { id: 'local:tester', local: true };
const config = testConfig;
const model = createModelParser({ apiKey: 'k', baseURL: 'https://model.test/v1', model: 'm', timeoutMs: 2000, tokenBudget: 20_000, maxRetries: 1 });
const assistant = () => createAssistant({ store, config, log: createLogger('silent'), clock: () => testNow, model });

const ordersByCity = {
  intent: 'breakdown', metrics: ['orders'], dimensions: ['city'], filters: [], period: null, sort: null, limit: null, compare: null,
};

describe('answer with a model parser', () => {
  it('does not call the model for a question the rules read confidently', async () => {
    const endpoint = chatEndpoint([]);
    server.use(endpoint.handler);
    expect((await assistant().answer('orders by city', local)).kind).toBe('table');
    expect(endpoint.requests).toHaveLength(0);
  });

  it('does not call the model for a request the rules recognised: a definition, the quality report', async () => {
    const endpoint = chatEndpoint([]);
    server.use(endpoint.handler);
    expect((await assistant().answer('what does churned share mean?', local)).kind).toBe('notice');
    expect((await assistant().answer('数据质量怎么样', local)).kind).toBe('report');
    expect(endpoint.requests).toHaveLength(0);
  });

  it('runs the model’s reading of a question the rules could not read', async () => {
    const endpoint = chatEndpoint([toolCall('answer_query', ordersByCity)]);
    server.use(endpoint.handler);
    const answer = await assistant().answer('which town brings in the most business?', local);
    expect(endpoint.requests).toHaveLength(1);
    expect(answer).toMatchObject({ kind: 'table', query: ordersByCity });
  });

  it('passes the model’s question back with its options', async () => {
    server.use(chatEndpoint([toolCall('ask_clarification', { question: 'Sales as revenue or as units?', options: ['Revenue', 'Units sold'] })]).handler);
    expect(await assistant().answer('how are we doing lately?', local)).toEqual({
      kind: 'clarify', lang: 'en', message: 'Sales as revenue or as units?', options: [{ label: 'Revenue' }, { label: 'Units sold' }],
    });
  });

  it('falls back to the rules’ answer when the model is down', async () => {
    server.use(chatEndpoint([httpError(503), httpError(503)]).handler);
    expect(await assistant().answer('what is the meaning of life?', local)).toMatchObject({ kind: 'help', notUnderstood: true });
  });
});
